// CH504's fix: the frontend/backend/egress split planned from the service graph, applied service by service.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule as ch504 } from '../../../src/rules/network/ch504-no-network-segmentation.ts';
import { rule as ch502 } from '../../../src/rules/network/ch502-unneeded-published-port.ts';
import type { Project, Service } from '../../../src/model/types.ts';
import { fakeImages, policy, project, runFixes, check, type FixOpts } from '../secrets/harness.ts';

const images = fakeImages({
  nginx: { kind: 'app', ports: [80] },
  postgres: { kind: 'datastore', ports: [5432] },
  redis: { kind: 'datastore', ports: [6379] },
  'myorg/known': { kind: 'app' },
  mailer: { kind: 'app', needsInternet: true },
  mailpit: { kind: 'app', needsInternetWhenEnv: ['MP_SMTP_RELAY_HOST'] },
});
const pub = (target: number, extra: Partial<Service> = {}): Service => ({ ports: [{ target, published: String(target) }], ...extra });

function run(services: Record<string, Service>, opts: FixOpts = {}, extra: Partial<Project> = {}) {
  return runFixes([ch504], project(services, extra), { images, ...opts });
}
const nets = (p: Project, name: string) => Object.keys(p.services[name]?.networks ?? p.disabledServices[name]?.networks ?? {});

test('CH504 fix: proxy → app → db becomes frontend / frontend+backend / backend', () => {
  const r = run({
    proxy: { image: 'nginx', ...pub(80), depends_on: { app: { condition: 'service_started', required: true } } },
    app: { image: 'myorg/known', environment: { DATABASE_URL: 'postgres://u@db/x' } },
    db: { image: 'postgres' },
  });
  assert.equal(nets(r.project, 'proxy'), ['frontend']);
  assert.equal(nets(r.project, 'app'), ['frontend', 'backend']);
  assert.equal(nets(r.project, 'db'), ['backend']);
  assert.equal(r.project.networks, { frontend: {}, backend: { internal: true } });
  // The finding is gone: the proxy no longer shares a network with the database.
  assert.equal(check(ch504, r.project, 'proxy', { images }), []);
});

test('CH504 fix: a datastore only publishers use stays internal when the publishers need nothing else there', () => {
  const r = run({ app: { image: 'myorg/known', ...pub(3000), environment: { REDIS: 'cache:6379' } }, cache: { image: 'redis' }, admin: { image: 'myorg/known', ...pub(8080), environment: { APP: 'http://app:3000' } } });
  assert.equal(nets(r.project, 'app'), ['frontend', 'backend']);
  assert.equal(nets(r.project, 'cache'), ['backend']);
  assert.equal(nets(r.project, 'admin'), ['frontend']);
});

test('CH504 fix: ...and joins the publishers on frontend when backend holds services they do not use', () => {
  const r = run({ app: { image: 'myorg/known', ...pub(3000), environment: { REDIS: 'cache:6379' } }, cache: { image: 'redis' }, db: { image: 'postgres' }, worker: { image: 'myorg/known', environment: { DB_HOST: 'db' } } });
  assert.equal(nets(r.project, 'app'), ['frontend']);
  assert.equal(nets(r.project, 'cache'), ['frontend']);
  assert.equal(nets(r.project, 'db'), ['backend']);
  assert.equal(nets(r.project, 'worker'), ['backend']);
  assert.equal(check(ch504, r.project, 'app', { images }), []);
});

test('CH504 fix: a publisher that uses the whole backend joins it, and the backend stays internal', () => {
  const r = run({
    app: { image: 'myorg/known', ...pub(3000), environment: { DB: 'db:5432', R: 'cache:6379', W: 'http://worker:9000' } },
    worker: { image: 'myorg/known', environment: { DB: 'db:5432', R: 'cache:6379' } },
    db: { image: 'postgres' },
    cache: { image: 'redis' },
    admin: { image: 'myorg/known', ...pub(8080), environment: { APP: 'http://app:3000' } },
  });
  assert.equal(nets(r.project, 'app'), ['frontend', 'backend']);
  for (const s of ['worker', 'db', 'cache']) assert.equal(nets(r.project, s), ['backend'], s);
  assert.equal(nets(r.project, 'admin'), ['frontend']);
});

test('CH504 fix: a service the knowledge base does not know, left only on backend, also joins egress (said in a note)', () => {
  const r = run({ web: { image: 'nginx', ...pub(80), environment: { API: 'http://api:8080' } }, api: { build: { context: '.' }, environment: { DB: 'db:5432' } }, db: { image: 'postgres' }, worker: { build: { context: '.' }, environment: { DB: 'db:5432' } } });
  assert.equal(nets(r.project, 'api'), ['frontend', 'backend']);
  assert.equal(nets(r.project, 'worker'), ['backend', 'egress']);
  assert.equal(nets(r.project, 'db'), ['backend']);
  assert.equal(r.project.networks.egress, {});
  assert.ok(r.notes.some((n) => n.service === 'worker' && n.message.includes('egress') && n.message.includes('does not know its image')));
});

test('CH504 fix: knowledge base and policy say who needs the internet', () => {
  const services = {
    web: { image: 'nginx', ...pub(80), environment: { API: 'http://api:8080' } },
    api: { image: 'myorg/known', environment: { DB: 'db:5432', MAIL: 'mail:25', RELAY: 'pit:1025', HOOKS: 'hooks:80' } },
    db: { image: 'postgres' },
    mail: { image: 'mailer' },
    pit: { image: 'mailpit', environment: { MP_SMTP_RELAY_HOST: 'smtp.example.com' } },
    hooks: { image: 'myorg/known' },
  };
  const r = run(services, { policy: policy({ internetServices: ['hooks'] }) });
  assert.equal(nets(r.project, 'mail'), ['backend', 'egress']);
  assert.equal(nets(r.project, 'pit'), ['backend', 'egress']);
  assert.equal(nets(r.project, 'hooks'), ['backend', 'egress']);
  assert.equal(nets(r.project, 'db'), ['backend']);
});

test('CH504 fix: ports CH502 will remove do not make a publisher', () => {
  const services = { web: { image: 'nginx', ...pub(80), environment: { API: 'http://app:3000' } }, app: { image: 'myorg/known', environment: { DB: 'db:5432' } }, db: { image: 'postgres', ...pub(5432) } };
  assert.equal(nets(run(services).project, 'db'), ['backend']);
  // With CH502 off for db its port stays: web and db are both entry points and cannot be kept apart.
  assert.equal(run(services, { skip: ['CH502\0db'] }).project.services.db.networks, undefined);
});

test('CH504 fix: services sharing files share connections (a daemon reads the app\'s database host from a shared file)', () => {
  // espocrm in the docker-library docs: daemon and websocket run the app from its volumes and talk to its database.
  const espo = (extra: Partial<Service>): Service => ({ image: 'myorg/known', ...extra });
  const r = run({
    db: { image: 'postgres' },
    app: espo({ ...pub(8080), environment: { DB_HOST: 'db' } }),
    daemon: espo({ volumes_from: ['app'], depends_on: { app: { condition: 'service_healthy', required: true } } }),
    websocket: espo({ ...pub(8081), volumes_from: ['app'], depends_on: { app: { condition: 'service_healthy', required: true } } }),
  });
  // Everything now reaches the database, so there is nothing to separate: left on the default network.
  for (const n of ['db', 'app', 'daemon', 'websocket']) assert.is(r.project.services[n].networks, undefined, n);
  const shared = run({
    web: { image: 'nginx', ...pub(80), environment: { API: 'http://app:3000' } },
    app: { image: 'myorg/known', volumes: [{ type: 'volume', source: 'conf', target: '/etc/app' }], environment: { DB: 'db:5432' } },
    cron: { image: 'myorg/known', volumes: [{ type: 'volume', source: 'conf', target: '/etc/app' }] },
    db: { image: 'postgres' },
  });
  assert.equal(nets(shared.project, 'cron'), ['frontend', 'backend']);
  assert.equal(nets(shared.project, 'db'), ['backend']);
});

test('CH504 fix: aliases on the default network are repeated on every new network', () => {
  const r = run({ web: { image: 'nginx', ...pub(80), environment: { API: 'http://api:8080' } }, api: { image: 'myorg/known', networks: { default: { aliases: ['backend-api'] } }, environment: { DB_HOST: 'db' } }, db: { image: 'postgres' } });
  assert.equal(r.project.services.api.networks, { frontend: { aliases: ['backend-api'] }, backend: { aliases: ['backend-api'] } });
});

test('CH504 fix: a sidecar in another service\'s namespace is left alone and its edges count for its host', () => {
  const r = run({
    web: { image: 'nginx', ...pub(80), environment: { API: 'http://app:3000' } },
    app: { image: 'myorg/known' },
    sidecar: { image: 'myorg/known', network_mode: 'service:app', environment: { DB: 'db:5432' } },
    db: { image: 'postgres' },
  });
  assert.equal(nets(r.project, 'app'), ['frontend', 'backend']);
  assert.equal(r.project.services.sidecar.networks, undefined);
  assert.equal(r.project.services.sidecar.network_mode, 'service:app');
});

test('CH504 fix: services in inactive profiles are placed too', () => {
  const p = project({ web: { image: 'nginx', ...pub(80), environment: { API: 'http://app:3000' } }, app: { image: 'myorg/known', environment: { R: 'cache:6379' } }, cache: { image: 'redis' } }, {
    disabledServices: { debug: { image: 'myorg/known', profiles: ['debug'], environment: { DB: 'cache:6379' } } },
  });
  const r = runFixes([ch504], p, { images });
  assert.equal(nets(r.project, 'debug'), ['backend']);
});

const refused: Array<[string, Record<string, Service>, Partial<Project>?, string?]> = [
  ['custom networks already in use', { web: { image: 'nginx', ...pub(80), networks: { front: null } }, db: { image: 'postgres', networks: { front: null } } }, { networks: { front: {} } }, 'own networks'],
  ['the default network is configured', { web: { image: 'nginx', ...pub(80) }, db: { image: 'postgres' } }, { networks: { default: { name: 'shared', external: true } } }, 'default network is configured'],
  ['a fixed address on default', { web: { image: 'nginx', ...pub(80) }, db: { image: 'postgres', networks: { default: { ipv4_address: '172.20.0.5' } } } }, undefined, 'addresses or options'],
  ['a namespace shared with an outside container', { web: { image: 'nginx', ...pub(80) }, db: { image: 'postgres' }, vpn: { network_mode: 'container:gluetun' } }, undefined, 'outside the project'],
  ['a service the graph connects to nothing', { web: { image: 'nginx', ...pub(80), environment: { API: 'http://api:1' } }, api: { image: 'myorg/known' }, db: { image: 'postgres' } }, undefined, 'connects db to nothing'],
  ['a name already taken', { web: { image: 'nginx', ...pub(80) }, db: { image: 'postgres' } }, { networks: { backend: {} } }, 'named backend'],
];
for (const [name, services, extra, says] of refused) {
  test(`CH504 fix refused: ${name}`, () => {
    const r = run(services, {}, extra);
    for (const s of Object.keys(services)) assert.equal(r.project.services[s].networks, services[s].networks);
    assert.equal(r.project.networks, extra?.networks ?? {});
    if (says) assert.ok(r.notes.some((n) => n.message.includes(says)), JSON.stringify(r.notes));
  });
}

test('CH504 fix: --fix CH504 splits even when the graph shows an isolated service', () => {
  const services = { web: { image: 'nginx', ...pub(80), environment: { API: 'http://api:1' } }, api: { image: 'myorg/known' }, db: { image: 'postgres' } };
  const r = run(services, { policy: policy({ fix: ['CH504'] }) });
  assert.equal(nets(r.project, 'db'), ['backend']);
  assert.equal(nets(r.project, 'web'), ['frontend']);
  assert.equal(nets(r.project, 'api'), ['frontend']);
});

test('CH504 fix: nothing to separate leaves the project alone, without a note', () => {
  const r = run({ web: { image: 'nginx', ...pub(80), environment: { A: 'http://api:1', D: 'db:5432' } }, api: { image: 'myorg/known', environment: { D: 'db:5432' } }, db: { image: 'postgres' } });
  assert.equal(r.project.services.web.networks, undefined);
  assert.equal(r.notes, []);
});

test('CH504 fix is idempotent: a second run finds its own networks and changes nothing', () => {
  const services = { proxy: { image: 'nginx', ...pub(80), environment: { U: 'http://app:1' } }, app: { image: 'myorg/known', environment: { D: 'db:5432' } }, db: { image: 'postgres' } };
  const once = runFixes([ch504, ch502], project(services), { images });
  const twice = runFixes([ch504, ch502], once.project, { images });
  assert.equal(JSON.stringify(twice.project), JSON.stringify(once.project));
});

test.run();
