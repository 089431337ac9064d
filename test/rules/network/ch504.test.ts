import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/network/ch504-no-network-segmentation.ts';
import type { Project, Service } from '../../../src/model/types.ts';
import { check, project } from '../secrets/harness.ts';

const web = (extra: Partial<Service> = {}): Service => ({ image: 'myorg/web', ports: [{ target: 80, published: '80' }], environment: { API: 'http://app:8080' }, ...extra });
const app: Service = { image: 'myorg/app', environment: { DATABASE_URL: 'postgres://u@db/x', REDIS: 'cache:6379' } };
const run = (services: Record<string, Service>, name: string, extra: Partial<Project> = {}) => check(rule, project(services, extra), name);

test('CH504 invalid: the public entry point shares the default network with a datastore it never uses', () => {
  const got = run({ web: web(), app, db: { image: 'postgres' }, cache: { image: 'redis' } }, 'web');
  assert.equal(got.map((f) => [f.key, f.path]), [['default', ['services', 'web']]]);
  assert.ok(got[0].message.includes('db, cache'));
});

test('CH504 invalid: a declared network points at the networks entry', () => {
  const services = { web: web({ networks: { front: null } }), app: { ...app, networks: { front: null } }, db: { networks: { front: null } } };
  const got = run(services, 'web', { networks: { front: {} } });
  assert.equal(got.map((f) => [f.key, f.path]), [['front', ['services', 'web', 'networks', 'front']]]);
});

const valid: Array<[string, Record<string, Service>, string, Partial<Project>?]> = [
  ['already segmented', { web: web({ networks: { front: null } }), app: { ...app, networks: { front: null, back: null } }, db: { networks: { back: null } }, cache: { networks: { back: null } } }, 'web', { networks: { front: {}, back: {} } }],
  ['not a publisher', { web: web({ ports: [] }), app, db: {}, cache: {} }, 'app'],
  ['every peer is used', { web: web(), app }, 'web'],
  ['network_mode service', { web: web({ network_mode: 'host' }), app, db: {} }, 'web'],
  ['peer on network_mode is not on the network', { web: web(), app, sidecar: { network_mode: 'service:app' } }, 'web'],
];
for (const [name, services, svc, extra] of valid) test(`CH504 valid: ${name}`, () => assert.equal(run(services, svc, extra), []));

test.run();
