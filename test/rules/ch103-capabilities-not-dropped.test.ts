import { rule } from '../../src/rules/ch103-capabilities-not-dropped.ts';
import { ruleTester } from './tester.ts';

const MSG = 'drop ALL';
ruleTester(rule, {
  valid: [
    { image: 'example/app:1', cap_drop: ['ALL'] },
    { image: 'example/app:1', cap_drop: ['all'] },
    { image: 'example/app:1', cap_drop: ['CAP_ALL'] },
    { image: 'example/app:1', cap_drop: ['NET_RAW', 'ALL'] },
  ],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: ['cap_drop'], messageIncludes: MSG }] },
    { service: { image: 'example/app:1', cap_drop: ['NET_RAW'] }, findings: [{ path: ['cap_drop'], messageIncludes: MSG }] },
  ],
  fixes: [
    {
      name: 'KB image started as root: the entrypoint caps, without NET_BIND_SERVICE on a bridge network',
      service: { image: 'nginx:1.27' },
      after: { image: 'nginx:1.27', cap_drop: ['ALL'], cap_add: ['CHOWN', 'SETGID', 'SETUID'] },
    },
    {
      name: 'KB image already running as its service user needs nothing',
      service: { image: 'postgres:16', user: '999:999' },
      after: { image: 'postgres:16', user: '999:999', cap_drop: ['ALL'] },
    },
    {
      name: 'host network keeps NET_BIND_SERVICE for low ports',
      service: { image: 'nginx:1.27', user: '101:101', network_mode: 'host' },
      after: { image: 'nginx:1.27', user: '101:101', network_mode: 'host', cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'] },
    },
    {
      name: 'file capabilities must stay in the bounding set',
      service: { image: 'caddy:2', user: '1000:1000' },
      after: { image: 'caddy:2', user: '1000:1000', cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'] },
    },
    {
      name: 'existing cap_add entries survive, spelled as the user wrote them',
      service: { image: 'nginx:1.27', cap_add: ['cap_chown', 'NET_ADMIN'], cap_drop: ['NET_RAW'] },
      after: { image: 'nginx:1.27', cap_add: ['cap_chown', 'NET_ADMIN', 'SETGID', 'SETUID'], cap_drop: ['NET_RAW', 'ALL'] },
    },
    { name: 'unknown image: nothing without opt-in', service: { image: 'example/app:1' }, after: { image: 'example/app:1' } },
    {
      name: 'unknown image, opt-in, root: the usual entrypoint caps are guessed',
      service: { image: 'example/app:1' },
      policy: { fix: ['CH103'] },
      after: { image: 'example/app:1', cap_drop: ['ALL'], cap_add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] },
    },
    {
      name: 'unknown image, opt-in, non-root user: nothing added',
      service: { image: 'example/app:1', user: '1000:1000' },
      policy: { strict: true },
      after: { image: 'example/app:1', user: '1000:1000', cap_drop: ['ALL'] },
    },
    {
      name: 'policy capAdd vouches for an unknown image',
      service: { image: 'myorg/api:3' },
      policy: { images: { 'myorg/api': { capAdd: ['NET_BIND_SERVICE', 'SETUID'] } } },
      after: { image: 'myorg/api:3', cap_drop: ['ALL'], cap_add: ['SETUID'] },
    },
  ],
});
