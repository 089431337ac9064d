import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/network/ch502-unneeded-published-port.ts';
import type { Service } from '../../../src/model/types.ts';
import { check, fakeImages, policy, project, type RunOpts } from '../secrets/harness.ts';

const images = fakeImages({ redis: { kind: 'datastore', ports: [6379] }, nginx: { kind: 'app', ports: [80] } });
const redis = (): Service => ({ image: 'redis:7', ports: [{ target: 6379, published: '6379' }] });
const run = (services: Record<string, Service>, name: string, opts: RunOpts = {}) => check(rule, project(services), name, { images, ...opts });

test('CH502 invalid: a cache used by the app over the network', () => {
  const got = run({ app: { image: 'myorg/app', environment: { REDIS_URL: 'redis://redis:6379' } }, redis: redis() }, 'redis');
  assert.equal(got.map((f) => [f.key, f.path]), [[':6379:6379/tcp', ['services', 'redis', 'ports', 0]]]);
  assert.ok(got[0].message.includes('app (environment REDIS_URL)'));
  assert.is(got[0].suggestion, "services:\n  redis:\n    ports: !reset []   # CH502: used by app over the project network\n");
});

test('CH502 invalid: a KB datastore nobody names is still not for outside', () => {
  const got = run({ redis: redis() }, 'redis');
  assert.equal(got.map((f) => f.key), [':6379:6379/tcp']);
  assert.ok(got[0].message.includes('datastore'));
});

test('CH502 invalid: an app service reached by another service; the public port stays', () => {
  const services: Record<string, Service> = {
    web: { image: 'myorg/web', environment: { API: 'http://api:8080' } },
    api: { image: 'myorg/api', ports: [{ target: 8080, published: '8080' }, { target: 9090, published: '9090' }] },
  };
  const got = run(services, 'api', { policy: policy({ publicPorts: ['api:8080'] }) });
  assert.equal(got.map((f) => f.key), [':9090:9090/tcp']);
  assert.ok(got[0].suggestion?.includes('- "8080:8080"'));
});

const valid: Array<[string, Record<string, Service>, string, RunOpts?]> = [
  ['entry point nobody names', { web: { image: 'nginx', ports: [{ target: 80, published: '80' }] }, app: {} }, 'web'],
  ['listed as public', { app: { environment: { R: 'redis:6379' } }, redis: redis() }, 'redis', { policy: policy({ publicPorts: ['6379'] }) }],
  ['only shares volumes with the consumer', { web: { image: 'nginx', ports: [{ target: 80, published: '80' }] }, certbot: { volumes_from: ['web'] } }, 'web'],
  ['consumer is not a network user (network_mode)', { vpn: { image: 'myorg/vpn', ports: [{ target: 1194, published: '1194' }] }, app: { network_mode: 'service:vpn' } }, 'vpn'],
  ['no ports', { app: { environment: { R: 'redis:6379' } }, redis: { image: 'redis' } }, 'redis'],
];
for (const [name, services, svc, opts] of valid) test(`CH502 valid: ${name}`, () => assert.equal(run(services, svc, opts), []));

test.run();
