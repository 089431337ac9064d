import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/network/ch501-port-on-all-interfaces.ts';
import type { PortConfig, Project, Service } from '../../../src/model/types.ts';
import { check, fakeImages, project } from '../secrets/harness.ts';

const images = fakeImages({ 'myorg/store': { kind: 'datastore', ports: [7700] } });
const run = (s: Service, extra: Partial<Project> = {}) => check(rule, project({ x: s }, extra), 'x', { images });
const ports = (...p: PortConfig[]): Service => ({ image: 'myorg/app', ports: p });

const invalid: Array<[string, () => Service, Array<[string, string]>, Partial<Project>?]> = [
  ['no address', () => ports({ target: 80, published: '8080' }), [[':8080:80/tcp', 'medium']]],
  ['0.0.0.0', () => ports({ target: 80, published: '8080', host_ip: '0.0.0.0' }), [['0.0.0.0:8080:80/tcp', 'medium']]],
  ['[::]', () => ports({ target: 80, published: '8080', host_ip: '[::]' }), [['[::]:8080:80/tcp', 'medium']]],
  ['ephemeral host port', () => ports({ target: 80 }), [['::80/tcp', 'medium']]],
  ['datastore port is high', () => ports({ target: 5432, published: '5432' }), [[':5432:5432/tcp', 'high']]],
  ['KB datastore port is high', () => ({ image: 'myorg/store:1', ports: [{ target: 7700, published: '7700' }] }), [[':7700:7700/tcp', 'high']]],
  ['only the wildcard entries', () => ports({ target: 80, published: '80', host_ip: '127.0.0.1' }, { target: 53, published: '53', protocol: 'udp' }), [[':53:53/udp', 'medium']]],
  ['network binding on only one of two networks', () => ({ ...ports({ target: 80, published: '80' }), networks: { a: null, b: null } }), [[':80:80/tcp', 'medium']], { networks: { a: { driver_opts: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' } }, b: {} } }],
];
for (const [name, s, want, extra] of invalid) {
  test(`CH501 invalid: ${name}`, () => assert.equal(run(s(), extra).map((f) => [f.key, f.severity]), want));
}

test('CH501: suggestion rebinds wildcard ports and keeps the list whole', () => {
  const [f] = run(ports({ target: 80, published: '80', host_ip: '127.0.0.1' }, { target: 5432, published: '5432' }));
  assert.equal(f.path, ['services', 'x', 'ports', 1]);
  assert.is(f.suggestion, 'services:\n  x:\n    ports: !override\n      - "127.0.0.1:80:80"\n      - "127.0.0.1:5432:5432"   # CH501\n');
});

const valid: Array<[string, Service, Partial<Project>?]> = [
  ['loopback', ports({ target: 5432, published: '5432', host_ip: '127.0.0.1' })],
  ['IPv6 loopback', ports({ target: 5432, published: '5432', host_ip: '::1' })],
  ['specific address', ports({ target: 80, published: '80', host_ip: '10.0.0.5' })],
  ['network_mode host ignores ports', { network_mode: 'host', ports: [{ target: 80, published: '80' }] }],
  ['no ports', { image: 'x' }],
  ['default network binds to loopback', ports({ target: 80, published: '80' }), { networks: { default: { driver_opts: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' } } } }],
];
for (const [name, s, extra] of valid) test(`CH501 valid: ${name}`, () => assert.equal(run(s, extra), []));

test.run();
