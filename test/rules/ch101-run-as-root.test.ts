import { rule } from '../../src/rules/ch101-run-as-root.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'postgres:16', user: '999:999' },
    { image: 'example/app:1', user: '1000' },
    { image: 'grafana/grafana:11.0.0' }, // non-root by default (KB)
    { image: 'example/app:1', user: '${APP_UID}:${APP_GID}' },
    { name: 'name the KB maps to a non-root uid', service: { image: 'grafana/grafana:11', user: 'grafana' } },
  ],
  invalid: [
    { service: { image: 'postgres:16', user: 'root' }, findings: [{ path: ['user'], messageIncludes: 'runs as root (user: root)' }] },
    { service: { image: 'example/app:1', user: '0:0' }, findings: [{ path: ['user'], messageIncludes: 'runs as root' }] },
    { service: { image: 'example/app:1', user: 'ROOT' }, findings: [{ path: ['user'], messageIncludes: 'runs as root' }] },
    { service: { image: 'postgres:16' }, findings: [{ path: ['user'], messageIncludes: 'image postgres:16 starts as root' }] },
    { service: { image: 'example/unknown:1' }, findings: [{ path: ['user'], messageIncludes: 'default user is unknown' }] },
    { service: { build: { context: '.' } }, findings: [{ path: ['user'], messageIncludes: 'locally built' }] },
    { name: 'policy user is a target, not the image default', service: { image: 'myorg/api:2' }, policy: { images: { 'myorg/api': { user: '1000:1000' } } }, findings: [{ path: ['user'], messageIncludes: 'unknown' }] },
    { service: { image: 'example/app:1', user: 'appuser' }, findings: [{ path: ['user'], messageIncludes: 'cannot be proven non-root', severity: 'info' }] },
    { name: 'empty user means the image default', service: { image: 'postgres:16', user: '' }, findings: [{ path: ['user'], messageIncludes: 'starts as root' }] },
  ],
  fixes: [
    { name: 'KB service user', service: { image: 'postgres:16' }, after: { image: 'postgres:16', user: '999:999' } },
    { name: 'unknown image: nothing without opt-in', service: { image: 'example/unknown:1' }, after: { image: 'example/unknown:1' } },
    { name: 'unknown image with --strict', service: { image: 'example/unknown:1' }, policy: { strict: true }, after: { image: 'example/unknown:1', user: '65534:65534' } },
    { name: 'unknown image with --fix CH101', service: { build: { context: '.' } }, policy: { fix: ['CH101'] }, after: { build: { context: '.' }, user: '65534:65534' } },
    { name: 'inferred KB facts need opt-in', service: { image: 'example/guessed:1' }, after: { image: 'example/guessed:1' } },
    { name: 'inferred KB facts with opt-in', service: { image: 'example/guessed:1' }, policy: { fix: ['CH101'] }, after: { image: 'example/guessed:1', user: '1000:1000' } },
    { name: 'KB says user: breaks the image', service: { image: 'gitea/gitea:1.22' }, policy: { strict: true }, after: { image: 'gitea/gitea:1.22' } },
    { name: 'PUID/PGID images keep their init', service: { image: 'example/lsio:1', environment: { PUID: '1000', PGID: '1000' } }, policy: { strict: true }, after: { image: 'example/lsio:1', environment: { PUID: '1000', PGID: '1000' } } },
    { name: 'explicit root is kept without opt-in', service: { image: 'postgres:16', user: 'root' }, after: { image: 'postgres:16', user: 'root' } },
    { name: 'explicit root replaced with opt-in', service: { image: 'postgres:16', user: 'root' }, policy: { fix: ['CH101'] }, after: { image: 'postgres:16', user: '999:999' } },
    { name: 'policy user wins', service: { image: 'myorg/api:2' }, policy: { images: { 'myorg/api': { user: '1000:1000' } } }, after: { image: 'myorg/api:2', user: '1000:1000' }, clears: true },
    { name: 'image built for group 0 keeps gid 0', service: { image: 'grafana/grafana:11', user: 'root' }, policy: { fix: ['CH101'] }, after: { image: 'grafana/grafana:11', user: '472:0' } },
    { name: 'numeric user untouched', service: { image: 'postgres:16', user: '70:70' }, after: { image: 'postgres:16', user: '70:70' } },
  ],
});
