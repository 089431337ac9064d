import { rule } from '../../src/rules/ch201-read-only-root.ts';
import { facts, fakeImages, ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'example/app:1', read_only: true }, { image: 'example/app:1', read_only: 'true' as never }],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: ['read_only'], messageIncludes: 'writable' }] },
    { service: { image: 'example/app:1', read_only: false }, findings: [{ path: ['read_only'], messageIncludes: 'writable' }] },
    { name: 'shipped content needs a volume first', service: { image: 'example/templated:1' }, findings: [{ path: ['read_only'], messageIncludes: '/etc/app a named volume' }] },
  ],
  fixes: [
    {
      name: 'KB writable paths become tmpfs; /tmp stays world-writable',
      service: { image: 'nginx:1.27' },
      after: { image: 'nginx:1.27', read_only: true, tmpfs: ['/var/cache/nginx:size=64m,mode=1777', '/var/run:size=64m,mode=1777', '/tmp:size=64m,mode=1777'] },
    },
    {
      name: 'tmpfs owned by the chosen uid; never over a volume target',
      service: { image: 'postgres:16', user: '999:999', volumes: [{ type: 'volume', source: 'pgrun', target: '/var/run/postgresql' }] },
      after: {
        image: 'postgres:16',
        user: '999:999',
        volumes: [{ type: 'volume', source: 'pgrun', target: '/var/run/postgresql' }],
        read_only: true,
        tmpfs: ['/tmp:size=64m,mode=1777'],
      },
    },
    {
      name: 'existing tmpfs entries are kept and not duplicated',
      service: { image: 'postgres:16', tmpfs: ['/tmp:size=16m'] },
      after: { image: 'postgres:16', tmpfs: ['/tmp:size=16m', '/var/run/postgresql:size=64m,mode=1777'], read_only: true },
    },
    {
      name: 'data directories stay volumes, never tmpfs',
      service: { image: 'example/data:1' },
      images: fakeImages([facts({ image: 'example/data', writablePaths: ['/data', '/data/cache', '/run'], dataPaths: ['/data'] })]),
      after: { image: 'example/data:1', read_only: true, tmpfs: ['/run:size=64m,mode=1777'] },
    },
    { name: 'unknown image: nothing without opt-in', service: { image: 'example/app:1' }, after: { image: 'example/app:1' } },
    { name: 'unknown image with opt-in: only /tmp', service: { image: 'example/app:1' }, policy: { strict: true }, after: { image: 'example/app:1', read_only: true, tmpfs: ['/tmp:size=64m,mode=1777'] } },
    { name: 'explicit read_only: false is the user\'s choice', service: { image: 'nginx:1.27', read_only: false }, after: { image: 'nginx:1.27', read_only: false } },
    { name: 'policy says the image cannot run read-only', service: { image: 'myorg/api:1' }, policy: { strict: true, images: { 'myorg/api': { readOnly: false } } }, after: { image: 'myorg/api:1' }, clears: false },
    { name: 'policy writable paths', service: { image: 'myorg/api:1' }, policy: { images: { 'myorg/api': { writablePaths: ['/app/cache'] } } }, after: { image: 'myorg/api:1', read_only: true, tmpfs: ['/app/cache:size=64m,mode=1777'] } },
    { name: 'a path that must not be tmpfs blocks the fix', service: { image: 'example/templated:1' }, policy: { strict: true }, after: { image: 'example/templated:1' }, clears: false },
    {
      name: 'read-only env, exec tmpfs, and the trap lifted by a variable',
      service: { image: 'example/templated:1', environment: { APP_CONFIG_DIR: '/data/conf' } },
      after: {
        image: 'example/templated:1',
        environment: { APP_CONFIG_DIR: '/data/conf', APP_READ_ONLY: '1' },
        read_only: true,
        tmpfs: ['/tmp:size=64m,mode=1777,exec', '/etc/app:size=64m,mode=1777'],
      },
    },
  ],
});
