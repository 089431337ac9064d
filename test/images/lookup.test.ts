import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createImageKnowledge, defaultImages, type ImageFacts } from '../../src/images/index.ts';
import { InputError } from '../../src/model/errors.ts';

const D = 'sha256:' + 'ab'.repeat(32);

// [reference, canonical image it must resolve to (undefined = unknown), variant]
const TABLE: Array<[string | undefined, string | undefined, string?]> = [
  ['postgres', 'postgres'],
  ['postgres:16', 'postgres'],
  ['postgres:16-alpine', 'postgres', 'alpine'],
  ['postgres:alpine3.20', 'postgres', 'alpine'],
  ['library/postgres:17.2-bookworm', 'postgres'],
  ['docker.io/library/postgres:16-alpine@' + D, 'postgres', 'alpine'],
  ['DOCKER.IO/library/postgres:16', 'postgres'],
  ['index.docker.io/library/postgres', 'postgres'],
  ['registry-1.docker.io/library/postgres', 'postgres'],
  ['postgres@' + D, 'postgres', 'unknown'],
  ['mirror.gcr.io/library/postgres:16', 'postgres'],
  ['public.ecr.aws/docker/library/postgres:16-alpine', 'postgres', 'alpine'],
  ['localhost:5000/library/redis:7-alpine', 'redis', 'alpine'],
  ['bitnami/postgresql:16', 'bitnami/postgresql'],
  ['bitnamilegacy/postgresql:16', 'bitnami/postgresql'],
  ['grafana/grafana-oss:11.2.0', 'grafana/grafana'],
  ['docker.io/grafana/grafana', 'grafana/grafana'],
  ['quay.io/keycloak/keycloak:26.0', 'quay.io/keycloak/keycloak'],
  ['Quay.IO/keycloak/keycloak', 'quay.io/keycloak/keycloak'],
  ['keycloak/keycloak:26.0', 'quay.io/keycloak/keycloak'],
  ['quay.io/minio/minio:RELEASE.2025-01-01T00-00-00Z', 'minio/minio'],
  ['quay.io/prometheus/prometheus:v3.0.0', 'prom/prometheus'],
  ['ghcr.io/axllent/mailpit:v1.21', 'axllent/mailpit'],
  ['elasticsearch:8.15.0', 'docker.elastic.co/elasticsearch/elasticsearch'],
  ['docker.elastic.co/elasticsearch/elasticsearch-wolfi:8.15.0', 'docker.elastic.co/elasticsearch/elasticsearch'],
  ['vault:1.13', 'hashicorp/vault'],
  ['hashicorp/consul:1.20-ubi', 'hashicorp/consul', 'ubi'],
  ['gitea/gitea:1.22', 'gitea/gitea'],
  ['gitea/gitea', 'gitea/gitea'],
  ['gitea/gitea:1.22-rootless', 'gitea/gitea:latest-rootless'],
  ['gitea/gitea:rootless', 'gitea/gitea:latest-rootless'],
  ['docker.gitea.com/gitea:1-rootless', 'gitea/gitea:latest-rootless'],
  ['docker.gitea.com/gitea:1', 'gitea/gitea'],
  ['wordpress:6-fpm-alpine', 'wordpress', 'fpm-alpine'],
  ['wordpress:php8.3-fpm', 'wordpress', 'fpm'],
  ['wordpress:6.6-apache', 'wordpress'],
  ['adminer:fastcgi', 'adminer', 'fastcgi'],
  ['influxdb:2.7-alpine', 'influxdb'],
  // negatives
  ['influxdb:3-core', undefined],
  ['influxdb:3.0', undefined],
  ['postgresql', undefined],
  ['bitnami/postgres', undefined],
  ['myorg/postgres:16', undefined],
  ['ghcr.io/someone/postgres:16', undefined],
  ['localhost:5000/postgres', undefined],
  ['ubuntu@' + D, undefined],
  ['postgres:${PG_TAG}', undefined],
  ['${IMAGE}', undefined],
  ['Postgres:16', undefined],
  ['', undefined],
  [undefined, undefined],
];

test('lookup table: registries, namespaces, aliases, tags and digests', () => {
  for (const [ref, image, variant] of TABLE) {
    const facts = defaultImages.lookup(ref);
    assert.is(facts?.image, image, `lookup(${JSON.stringify(ref)}).image`);
    if (facts) assert.is(facts.variant, variant, `lookup(${JSON.stringify(ref)}).variant`);
  }
});

test('variants: service user differs per tag variant', () => {
  const user = (ref: string) => defaultImages.lookup(ref)?.serviceUser;
  assert.is(user('postgres:16'), '999:999');
  assert.is(user('postgres:16-alpine'), '70:70');
  assert.is(user('redis:7'), '999:999');
  assert.is(user('redis:7-alpine'), '999:1000');
  assert.is(user('valkey/valkey:8-alpine'), '999:1000');
  assert.is(user('rabbitmq:4-management'), '999:999');
  assert.is(user('rabbitmq:management-alpine'), '100:101');
  assert.is(user('httpd:2.4-alpine'), '82:82');
  assert.is(user('nextcloud:fpm-alpine'), '82:82');
  assert.is(user('mariadb:11'), '999:999');
  // not known for this variant: no claim rather than a guess
  assert.is(user('mariadb:11-ubi'), undefined);
  assert.is(user('drupal:11-fpm-alpine'), undefined);
  assert.is(user('gitea/gitea:1.22'), undefined);
});

test('variants: fpm builds listen on 9000 with no HTTP healthcheck and no low-port capability', () => {
  const fpm = defaultImages.lookup('wordpress:fpm')!;
  const apache = defaultImages.lookup('wordpress:apache')!;
  assert.equal(fpm.ports, [9000]);
  assert.is(fpm.healthcheck, null);
  assert.not.ok(fpm.rootCapsNeeded.includes('NET_BIND_SERVICE'));
  assert.equal(fpm.writablePaths, ['/var/www/html', '/tmp']);
  assert.equal(apache.ports, [80]);
  assert.ok(apache.rootCapsNeeded.includes('NET_BIND_SERVICE'));
});

test('variants: a digest without a tag drops per-variant claims and unites needs', () => {
  const pg = defaultImages.lookup('postgres@' + D)!;
  assert.is(pg.serviceUser, undefined);
  assert.is(pg.variant, 'unknown');
  const wp = defaultImages.lookup('wordpress@' + D)!;
  assert.equal([...wp.ports].sort(), [80, 9000]);
  assert.is(wp.healthcheck, null);
  assert.ok(wp.rootCapsNeeded.includes('NET_BIND_SERVICE'));
  // images without variants are unaffected by a missing tag
  assert.is(defaultImages.lookup('memcached@' + D)?.serviceUser, '11211:11211');
});

test('variants: consul ubi starts non-root in group 0', () => {
  const ubi = defaultImages.lookup('hashicorp/consul:1.20-ubi')!;
  assert.is(ubi.uid, 100);
  assert.is(ubi.gid, 0);
  assert.is(ubi.dropsPrivileges, false);
  assert.equal(ubi.rootCapsNeeded, []);
  assert.is(ubi.needsRootGroup, true);
  assert.is(ubi.serviceUserEnv, undefined);
  assert.equal(defaultImages.lookup('hashicorp/consul:1.20')!.serviceUserEnv, { CONSUL_DISABLE_PERM_MGMT: 'true' });
});

test('lookup: resolved copies are frozen, cached and free of data-only fields', () => {
  const a = defaultImages.lookup('postgres:16-alpine')!;
  assert.ok(Object.isFrozen(a));
  assert.ok(Object.isFrozen(a.rootCapsNeeded));
  assert.is(defaultImages.lookup('postgres:16-alpine'), a);
  assert.is(defaultImages.lookup('postgres:15-alpine'), a); // same variant, same resolved copy
  assert.is(a.variants, undefined);
  assert.is(a.tagMatch, undefined);
  assert.throws(() => {
    (a.rootCapsNeeded as string[]).push('SYS_ADMIN');
  });
  assert.is(defaultImages.lookup('postgres:16')?.serviceUser, '999:999');
});

test('lookup: structured traps are exposed', () => {
  const rabbit = defaultImages.lookup('rabbitmq:4-management')!;
  assert.is(rabbit.refusesFileSecrets, true);
  assert.equal(rabbit.secretFileEnv, {});
  assert.equal(defaultImages.lookup('caddy:2')!.fileCaps, ['NET_BIND_SERVICE']);
  assert.equal(defaultImages.lookup('hashicorp/vault:1.18')!.readOnlyEnv, { SKIP_SETCAP: 'true' });
  assert.equal(defaultImages.lookup('elasticsearch:8.15.0')!.tmpfsExec, ['/tmp']);
  assert.is(defaultImages.lookup('gitea/gitea:1.22')!.needsInternet, true);
  assert.equal(defaultImages.lookup('grafana/grafana')!.secretFileEnvPatterns, [{ prefix: 'GF_', suffix: '__FILE' }]);
  const nc = defaultImages.lookup('nextcloud:29')!;
  const redisIni = nc.conditionalWritablePaths?.find((c) => c.env?.includes('REDIS_HOST'));
  assert.is(redisIni?.path, '/usr/local/etc/php/conf.d');
  assert.is(redisIni?.onFailure, 'exit');
  assert.is(defaultImages.lookup('postgres')!.kind, 'datastore');
  assert.is(defaultImages.lookup('nginx')!.kind, 'app');
});

test('all(): every entry once, unresolved', () => {
  const all = defaultImages.all();
  assert.is(all.length, 44);
  assert.is(new Set(all.map((f) => f.image)).size, 44);
  assert.is(all.find((f) => f.image === 'postgres')?.serviceUser, '999:999');
  assert.ok(all.every((f) => f.variants === undefined && f.variant === undefined));
  all.pop();
  assert.is(defaultImages.all().length, 44);
});

test('policy: a partial entry for a known image overrides fields after variant resolution', () => {
  const kb = createImageKnowledge([{ image: 'postgres', serviceUser: '5000:5000', minMemory: '1g' }]);
  assert.is(kb.lookup('postgres:16-alpine')?.serviceUser, '5000:5000');
  assert.is(kb.lookup('docker.io/library/postgres:16')?.minMemory, '1g');
  assert.equal(kb.lookup('postgres:16')?.rootCapsNeeded, ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID']);
  assert.is(defaultImages.lookup('postgres:16')?.serviceUser, '999:999'); // the shipped base is untouched
  assert.is(kb.all().find((f) => f.image === 'postgres')?.serviceUser, '5000:5000');
});

test('policy: an entry for one tag of a known image only changes that tag', () => {
  const kb = createImageKnowledge([{ image: 'postgres:16-alpine', serviceUser: '70:7000' }]);
  assert.is(kb.lookup('postgres:16-alpine')?.serviceUser, '70:7000');
  assert.is(kb.lookup('postgres:16-alpine')?.dropsPrivileges, true);
  assert.is(kb.lookup('postgres:15-alpine')?.serviceUser, '70:70');
  assert.is(kb.lookup('postgres:16')?.serviceUser, '999:999');
});

test('policy: a new image gets conservative defaults and its aliases', () => {
  const kb = createImageKnowledge([
    { image: 'registry.example.com/team/api', aliases: ['team/api'], serviceUser: '1000:1000', writablePaths: ['/app/cache'] },
  ]);
  const api = kb.lookup('registry.example.com/team/api:2.1')!;
  assert.is(api.image, 'registry.example.com/team/api');
  assert.is(api.defaultUser, 'root');
  assert.is(api.serviceUser, '1000:1000');
  assert.is(api.runsAsUidDirectly, true);
  assert.equal(api.writablePaths, ['/app/cache']);
  assert.equal(api.rootCapsNeeded, []);
  assert.is(api.confidence, 'inferred');
  assert.is(kb.lookup('team/api')?.image, 'registry.example.com/team/api');
  assert.is(kb.lookup('postgres')?.image, 'postgres');
});

test('policy: a full facts object (lookup or all() result) changes only what differs from it', () => {
  const alpine = defaultImages.lookup('postgres:16-alpine') as ImageFacts;
  const kb = createImageKnowledge([{ ...alpine, notes: 'checked by us' }]);
  assert.is(kb.lookup('postgres:16-alpine')?.notes, 'checked by us');
  assert.is(kb.lookup('postgres:16-alpine')?.variant, 'alpine');
  assert.is(kb.lookup('postgres:16')?.notes, 'checked by us');
  assert.is(kb.lookup('postgres:16')?.variant, undefined);
  assert.is(kb.lookup('postgres:16')?.serviceUser, '999:999');
  const base = defaultImages.all().find((f) => f.image === 'redis') as ImageFacts;
  const kb2 = createImageKnowledge([{ ...base, minMemory: '256m' }]);
  assert.is(kb2.lookup('redis:7-alpine')?.serviceUser, '999:1000');
  assert.is(kb2.lookup('redis:7-alpine')?.minMemory, '256m');
});

test('policy: unusable names are input errors', () => {
  assert.throws(() => createImageKnowledge([{ image: 'Not A Name' }]), (e: unknown) => e instanceof InputError && /Not A Name/.test(e.message));
  assert.throws(() => createImageKnowledge([{ image: 'app@' + D }]), (e: unknown) => e instanceof InputError);
  assert.throws(() => createImageKnowledge([{ image: 'app', variants: [{ name: 'x', tag: '(' }] }]), (e: unknown) => e instanceof InputError);
});

test('speed: building the knowledge base from the loaded data stays under 2 ms in a fresh process', () => {
  // A fresh process so the number includes cold (unoptimised) code, as at CLI start-up.
  const script = `
    const data = (await import(${JSON.stringify(new URL('../../src/images/kb.json', import.meta.url).href)}, { with: { type: 'json' } })).default;
    const { buildImageKnowledge } = await import(${JSON.stringify(new URL('../../src/images/knowledge.ts', import.meta.url).href)});
    const t0 = performance.now();
    buildImageKnowledge(data);
    process.stdout.write(String(performance.now() - t0));`;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    runs.push(Number(r.stdout));
  }
  assert.ok(Math.min(...runs) < 2, `build took ${runs.map((n) => n.toFixed(2)).join(', ')} ms`);
});

test('speed: a lookup after the first is a cache hit', () => {
  const kb = createImageKnowledge();
  kb.lookup('postgres:16-alpine');
  const t0 = performance.now();
  for (let i = 0; i < 10000; i++) kb.lookup('postgres:16-alpine');
  assert.ok(performance.now() - t0 < 20);
});

test.run();
