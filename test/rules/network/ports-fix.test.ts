// CH502 (remove) and CH501 (rebind to loopback) fixes, and the written-form rebinding they rely on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule as ch501 } from '../../../src/rules/network/ch501-port-on-all-interfaces.ts';
import { rule as ch502 } from '../../../src/rules/network/ch502-unneeded-published-port.ts';
import { rebindWritten, reboundPort, splitPortSpec } from '../../../src/rules/network/rebind.ts';
import { isLoopbackAddress } from '../../../src/rules/network/ports.ts';
import { portsNamedBy } from '../../../src/rules/network/port-use.ts';
import { setRaw, setWritten, writtenOf } from '../../../src/model/loc.ts';
import type { PortConfig, Service } from '../../../src/model/types.ts';
import { check, fakeImages, policy, project, runFixes, type FixOpts } from '../secrets/harness.ts';

const images = fakeImages({ redis: { kind: 'datastore', ports: [6379] }, nginx: { kind: 'app', ports: [80] } });

/** A port as the loader makes it from short syntax: canonical fields plus the text as written. */
function port(written: string, p: Partial<PortConfig> & { target: number }): PortConfig {
  const out: PortConfig = { mode: 'ingress', protocol: 'tcp', ...p };
  setWritten(out, written);
  return out;
}

test('splitPortSpec keeps ${...} and [...] whole', () => {
  assert.equal(splitPortSpec('${WEB_PORT:-8080}:80'), ['${WEB_PORT:-8080}', '80']);
  assert.equal(splitPortSpec('[::]:8080:80/udp'), ['[::]', '8080', '80/udp']);
  assert.equal(splitPortSpec('${IP:-0.0.0.0}:${P:-1}:80'), ['${IP:-0.0.0.0}', '${P:-1}', '80']);
  assert.equal(splitPortSpec('${BROKEN:80'), undefined);
});

const rebinds: Array<[string | number, Partial<PortConfig>, string, string | undefined]> = [
  ['8080:80', { published: '8080' }, '127.0.0.1', '127.0.0.1:8080:80'],
  ['${WEB_PORT:-8080}:80', { published: '8080' }, '127.0.0.1', '127.0.0.1:${WEB_PORT:-8080}:80'],
  ['0.0.0.0:${P}:80/udp', { host_ip: '0.0.0.0', published: '5000' }, '127.0.0.1', '127.0.0.1:${P}:80/udp'],
  ['[::]:8080:80', { host_ip: '::', published: '8080' }, '::1', '[::1]:8080:80'],
  ['80', {}, '127.0.0.1', '127.0.0.1::80'],
  [80, {}, '127.0.0.1', '127.0.0.1::80'],
  ['8000-8010:8000-8010', { published: '8000-8010' }, '127.0.0.1', '127.0.0.1:8000-8010:8000-8010'],
  // The address is the user's variable, or one variable stands for several parts: not rebound.
  ['${BIND:-0.0.0.0}:8080:80', { host_ip: '0.0.0.0', published: '8080' }, '127.0.0.1', undefined],
  ['${PORTS}', { published: '8080' }, '127.0.0.1', undefined],
  ['${HOSTPART}:80', { host_ip: '0.0.0.0', published: '8080' }, '127.0.0.1', undefined],
];
for (const [written, p, ip, want] of rebinds) {
  test(`rebindWritten ${JSON.stringify(written)} → ${want}`, () => assert.is(rebindWritten(written, ip, p), want));
}

test('reboundPort: long syntax keeps the raw text of its fields; a variable address is left alone', () => {
  const long: PortConfig = { target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' };
  setRaw(long, 'published', '${WEB_PORT}', ['WEB_PORT']);
  const q = reboundPort(long)!;
  assert.equal(q, { ...long, host_ip: '127.0.0.1' });
  assert.is(writtenOf(q), undefined);
  const variable: PortConfig = { target: 80, published: '8080', host_ip: '0.0.0.0' };
  setRaw(variable, 'host_ip', '${BIND}', ['BIND']);
  assert.is(reboundPort(variable), undefined);
  assert.is(writtenOf(reboundPort(port('${WEB_PORT:-8080}:80', { target: 80, published: '8080' }))!), '127.0.0.1:${WEB_PORT:-8080}:80');
});

test('isLoopbackAddress', () => {
  for (const ip of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', '0:0:0:0:0:0:0:1']) assert.ok(isLoopbackAddress(ip), ip);
  for (const ip of [undefined, '', '0.0.0.0', '::', '::10', '10.0.0.1', '1::1']) assert.not.ok(isLoopbackAddress(ip), String(ip));
});

const redis = (ports: PortConfig[]): Service => ({ image: 'redis:7', ports });
function fix(services: Record<string, Service>, opts: FixOpts = {}) {
  return runFixes([ch502, ch501], project(services), { images, ...opts });
}

test('CH502 fix: a KB datastore loses its published ports (`ports` removed: the override writes !reset [])', () => {
  const r = fix({ cache: redis([port('6379:6379', { target: 6379, published: '6379' })]) });
  assert.is(r.project.services.cache.ports, undefined);
  assert.ok(r.notes.some((n) => n.rule === 'CH502' && n.message.includes('6379->6379')));
  assert.equal(check(ch502, r.project, 'cache', { images }), []);
});

test('CH502 fix: public ports (policy) and loopback ports stay; the rest go', () => {
  const ports = [
    port('6379:6379', { target: 6379, published: '6379' }),
    port('127.0.0.1:6380:6379', { target: 6379, published: '6380', host_ip: '127.0.0.1' }),
    port('16379:6379', { target: 6379, published: '16379' }),
  ];
  const r = fix({ cache: redis(ports) }, { policy: policy({ publicPorts: ['cache:16379'] }) });
  assert.equal(r.project.services.cache.ports?.map((p) => writtenOf(p)), ['127.0.0.1:6380:6379', '16379:6379']);
});

test('CH502 fix: an app loses a port only when other services name that container port (or with --fix CH502)', () => {
  const api = (): Service => ({ image: 'myorg/api', ports: [port('${API_PORT:-8080}:8080', { target: 8080, published: '8080' }), port('9000:9000', { target: 9000, published: '9000' })] });
  const kept = (r: ReturnType<typeof fix>) => r.project.services.api.ports?.map((p) => writtenOf(p));
  // `http://api:8080` names container port 8080: that one goes; 9000 (the UI, say) stays.
  assert.equal(kept(fix({ web: { image: 'nginx', environment: { API: 'http://api:8080' } }, api: api() })), ['9000:9000']);
  // A bare host name says nothing about the port: both stay, unless --fix CH502.
  const bare = () => ({ worker: { image: 'nginx', environment: { API_HOST: 'api' } }, api: api() });
  assert.equal(kept(fix(bare())), ['${API_PORT:-8080}:8080', '9000:9000']);
  assert.is(fix(bare(), { policy: policy({ fix: ['CH502'] }) }).project.services.api.ports, undefined);
  // depends_on alone never counts.
  const dependsOnly = { spa: { image: 'nginx', depends_on: { api: { condition: 'service_started', required: true } } }, api: api() };
  assert.equal(fix(dependsOnly, { policy: policy({ fix: ['CH502'] }) }).project.services.api.ports?.length, 2);
});

test('portsNamedBy: explicit ports, scheme defaults, whole host names only', () => {
  const p = project({
    api: { image: 'x', container_name: 'api-1' },
    a: { environment: { U: 'http://api:8080/x', R: 'redis://:pw@api', H: 'api-1:9000', N: 'api.example.com:7000', M: 'myapi:6000', S: 'https://u@api' } },
  });
  assert.equal([...portsNamedBy(p, 'api', ['a'])].sort((x, y) => x - y), [443, 6379, 8080, 9000]);
});

test('CH501 fix: an entry point keeps its wildcard port unless --fix CH501 (then it is rebound, variable kept)', () => {
  const web = (): Service => ({ image: 'nginx', ports: [port('${WEB_PORT:-8080}:80', { target: 80, published: '8080' })] });
  const auto = fix({ web: web() });
  assert.equal(auto.project.services.web.ports?.map((p) => writtenOf(p)), ['${WEB_PORT:-8080}:80']);
  assert.equal(auto.notes, []);
  const optIn = fix({ web: web() }, { policy: policy({ fix: ['CH501'] }) });
  assert.equal(optIn.project.services.web.ports?.map((p) => [p.host_ip, writtenOf(p)]), [['127.0.0.1', '127.0.0.1:${WEB_PORT:-8080}:80']]);
  assert.equal(check(ch501, optIn.project, 'web', { images }), []);
  const pub = fix({ web: web() }, { policy: policy({ fix: ['CH501'], publicPorts: ['8080'] }) });
  assert.is(pub.project.services.web.ports?.[0].host_ip, undefined);
});

test('CH501 fix: with CH502 switched off for a datastore, its ports are rebound instead of removed', () => {
  const r = fix({ cache: redis([port('6379:6379', { target: 6379, published: '6379' }), port('[::]:6380:6379', { target: 6379, published: '6380', host_ip: '::' })]) }, { skip: ['CH502\0cache'] });
  assert.equal(r.project.services.cache.ports?.map((p) => writtenOf(p)), ['127.0.0.1:6379:6379', '[::1]:6380:6379']);
  assert.ok(r.notes.some((n) => n.rule === 'CH501' && n.message.includes('loopback')));
});

test('CH501 fix: a port whose whole text is one variable is left, with a note', () => {
  const r = fix({ cache: redis([port('${REDIS_PORTS}', { target: 6379, published: '6379' })]) }, { skip: ['CH502\0cache'] });
  assert.is(r.project.services.cache.ports?.[0].host_ip, undefined);
  assert.ok(r.notes.some((n) => n.message.includes('comes from a variable')));
});

test('CH502/CH501 fixes are idempotent', () => {
  const services = { web: { image: 'nginx', environment: { R: 'redis://cache:6379' }, ports: [port('80:80', { target: 80, published: '80' })] }, cache: redis([port('6379:6379', { target: 6379, published: '6379' })]) };
  const once = fix(services, { policy: policy({ fix: ['CH501'] }) });
  const twice = runFixes([ch502, ch501], once.project, { images, policy: policy({ fix: ['CH501'] }) });
  assert.equal(twice.project, once.project);
  assert.equal(twice.notes, []);
});

test.run();
