// CH401's fix: secrets move out of `environment` into Compose secrets read through the image's *_FILE variable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch401-secret-in-environment.ts';
import { environmentSecretsSupported, secretBaseName, singleVariable } from '../../../src/rules/secrets/move.ts';
import { markFromList, writtenOf } from '../../../src/model/loc.ts';
import type { Project, Service } from '../../../src/model/types.ts';
import { parseComposeVersion } from '../../../src/override/version.ts';
import { check, fakeImages, interpolated, placed, project, runFixes, type FixOpts } from './harness.ts';

const images = fakeImages({
  postgres: { kind: 'datastore', uid: 0, gid: 0, dropsPrivileges: true, serviceUser: '999:999', secretFileEnv: { POSTGRES_PASSWORD: 'POSTGRES_PASSWORD_FILE', POSTGRES_USER: 'POSTGRES_USER_FILE' } },
  rabbitmq: { kind: 'datastore', refusesFileSecrets: true, secretFileEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_DEFAULT_PASS_FILE' } },
  'grafana/grafana': { kind: 'app', uid: 472, gid: 0, secretFileEnvPatterns: [{ prefix: 'GF_', suffix: '__FILE' }] },
});
const CANARY = 'CANARY-c4f1e9';

function db(env: Record<string, string | null>, raws: Record<string, string> = {}, extra: Partial<Service> = {}): Service {
  const environment = placed({ ...env });
  for (const [k, raw] of Object.entries(raws)) interpolated(environment, k, raw, [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  return { image: 'postgres:16', environment, ...extra };
}
const fix = (services: Record<string, Service>, opts: FixOpts = {}, extra: Partial<Project> = {}) => runFixes([rule], project(services, extra), { images, ...opts });
const noValue = (r: ReturnType<typeof fix>) => assert.not.ok(JSON.stringify([r.notes, r.project.secrets, Object.keys(r.project.services.db?.environment ?? {})]).includes(CANARY), 'a value leaked');

test('helpers: one-variable values, names, version gate', () => {
  assert.is(singleVariable('${DB_PASSWORD}'), 'DB_PASSWORD');
  assert.is(singleVariable('$DB_PASSWORD'), 'DB_PASSWORD');
  assert.is(singleVariable('${DB_PASSWORD:?set it}'), 'DB_PASSWORD');
  for (const raw of ['${A:-x}', 'pre${A}', '${A}${B}', undefined]) assert.is(singleVariable(raw), undefined);
  assert.is(secretBaseName('My-App', 'GF_SECURITY__ADMIN.PW'), 'my-app_gf_security__admin_pw');
  assert.ok(environmentSecretsSupported(parseComposeVersion('2.23.1')));
  assert.ok(environmentSecretsSupported(parseComposeVersion(undefined)));
  assert.not.ok(environmentSecretsSupported(parseComposeVersion('2.23.0')));
  assert.not.ok(environmentSecretsSupported(parseComposeVersion('1.29.2')));
});

test('CH401 fix: ${VAR} becomes an environment-sourced secret read through *_FILE', () => {
  const r = fix({ db: db({ POSTGRES_PASSWORD: CANARY, POSTGRES_USER: 'app' }, { POSTGRES_PASSWORD: '${DB_PASSWORD}' }) });
  const svc = r.project.services.db;
  assert.equal(svc.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  assert.equal(svc.secrets, [{ source: 'db_postgres_password', target: '/run/secrets/db_postgres_password' }]);
  assert.is(writtenOf(svc.secrets![0]), 'db_postgres_password');
  assert.equal(r.project.secrets, { db_postgres_password: { environment: 'DB_PASSWORD' } });
  assert.equal(r.secretFiles, []);
  assert.ok(r.notes.some((n) => n.message.includes('${DB_PASSWORD}') && n.message.includes('where docker compose runs')));
  assert.equal(check(rule, r.project, 'db', { images }), []);
  noValue(r);
});

test('CH401 fix: a bare KEY passed through from the shell keeps its own name as the source', () => {
  const r = fix({ db: db({ POSTGRES_PASSWORD: null }) });
  assert.equal(r.project.secrets, { db_postgres_password: { environment: 'POSTGRES_PASSWORD' } });
  assert.equal(r.project.services.db.environment, { POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
});

test('CH401 fix: the generic *_FILE convention of the image (grafana __FILE)', () => {
  const r = fix({ db: { image: 'grafana/grafana', environment: interpolated(placed({ GF_SECURITY_ADMIN_PASSWORD: CANARY }), 'GF_SECURITY_ADMIN_PASSWORD', '${GF_PW}', ['GF_PW']) } });
  assert.equal(r.project.services.db.environment, { GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/db_gf_security_admin_password' });
});

test('CH401 fix: one variable used by two services shares one secret', () => {
  const r = fix({ db: db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${DB_PASSWORD}' }), replica: db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${DB_PASSWORD}' }) });
  assert.equal(Object.keys(r.project.secrets), ['db_postgres_password']);
  assert.equal(r.project.services.replica.environment, { POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
});

test('CH401 fix: a literal moves only with --write-secrets, into ./secrets/ owned by the user that reads it', () => {
  const without = fix({ db: db({ POSTGRES_PASSWORD: CANARY }) });
  assert.equal(without.project.services.db.environment, { POSTGRES_PASSWORD: CANARY });
  assert.ok(without.notes.some((n) => n.message.includes('--write-secrets') && n.message.includes('rotate')));
  noValue(without);

  const r = fix({ db: db({ POSTGRES_PASSWORD: CANARY }) }, { writeSecrets: true });
  assert.equal(r.project.secrets, { db_postgres_password: { file: './secrets/db_postgres_password' } });
  // The image starts as root and drops to 999, which then reads the file.
  assert.equal(r.secretFiles, [{ path: '/proj/secrets/db_postgres_password', value: CANARY, uid: 999, gid: 999, service: 'db', secret: 'db_postgres_password' }]);
  assert.equal(r.project.services.db.environment, { POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  noValue(r);
  // A service user set in the file wins.
  const own = fix({ db: db({ POSTGRES_PASSWORD: CANARY }, {}, { user: '1234:5678' }) }, { writeSecrets: true });
  assert.equal([own.secretFiles[0].uid, own.secretFiles[0].gid], [1234, 5678]);
});

test('CH401 fix: a file name already taken gets a suffix', () => {
  const r = fix({ db: db({ POSTGRES_PASSWORD: CANARY }) }, { writeSecrets: true }, { secrets: { db_postgres_password: { file: './other' } } });
  assert.equal(r.project.services.db.environment, { POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password_2' });
  assert.equal(r.project.secrets.db_postgres_password_2, { file: './secrets/db_postgres_password_2' });
});

const untouched: Array<[string, () => Service, FixOpts?, Partial<Project>?, string?]> = [
  ['an image without a *_FILE twin (guidance stays in the finding)', () => ({ image: 'myorg/api', environment: interpolated(placed({ API_TOKEN: CANARY }), 'API_TOKEN', '${TOKEN}', ['TOKEN']) })],
  ['an image that refuses *_FILE secrets', () => ({ image: 'rabbitmq:3', environment: interpolated(placed({ RABBITMQ_DEFAULT_PASS: CANARY }), 'RABBITMQ_DEFAULT_PASS', '${MQ}', ['MQ']) })],
  ['a locally built service', () => ({ build: { context: '.' }, image: 'postgres:16', environment: interpolated(placed({ POSTGRES_PASSWORD: CANARY }), 'POSTGRES_PASSWORD', '${P}', ['P']) })],
  ['a committed default', () => db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${P:-' + CANARY + '}' }), { writeSecrets: true }, undefined, 'falls back to a default'],
  ['a value built from several parts', () => db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${A}${B}' }), undefined, undefined, 'more than one part'],
  ['the *_FILE variable is already set', () => db({ POSTGRES_PASSWORD: CANARY, POSTGRES_PASSWORD_FILE: '/x' }, { POSTGRES_PASSWORD: '${P}' }), undefined, undefined, 'also set elsewhere'],
  ['an env_file sets the same variable', () => db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${P}' }), undefined, { envFileValues: { db: { POSTGRES_PASSWORD: { value: 'x', file: '/proj/db.env', line: 1 } } } }, 'also set elsewhere'],
  ['Compose too old for environment-sourced secrets', () => db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${P}' }), { compose: parseComposeVersion('2.22.0') }, undefined, '2.23.1'],
  ['Compose without !reset', () => db({ POSTGRES_PASSWORD: CANARY }), { compose: parseComposeVersion('1.29.2'), writeSecrets: true }, undefined, '!reset'],
  [
    'a list-form environment on a Compose without !override',
    () => {
      const s = db({ POSTGRES_PASSWORD: CANARY }, { POSTGRES_PASSWORD: '${P}' });
      markFromList(s.environment!);
      return s;
    },
    { compose: parseComposeVersion('2.24.0') },
    undefined,
    '!override',
  ],
  [
    'a list-form environment that still holds a committed secret (the rewrite would repeat it)',
    () => {
      const s = db({ POSTGRES_PASSWORD: CANARY, POSTGRES_USER: 'app', OTHER_TOKEN: CANARY + '-2' }, { POSTGRES_PASSWORD: '${P}' });
      markFromList(s.environment!);
      return s;
    },
    undefined,
    undefined,
    'repeat the committed value of OTHER_TOKEN',
  ],
];
for (const [name, service, opts, extra, says] of untouched) {
  test(`CH401 fix leaves alone: ${name}`, () => {
    const before = service();
    const r = fix({ db: before }, opts ?? {}, extra);
    assert.equal(r.project.services.db, before);
    assert.equal(r.project.secrets, extra?.secrets ?? {});
    assert.equal(r.secretFiles, []);
    if (says) assert.ok(r.notes.some((n) => n.message.includes(says)), JSON.stringify(r.notes));
    noValue(r);
  });
}

test('CH401 fix: a list-form environment without other committed secrets is rewritten (Compose current)', () => {
  const s = db({ POSTGRES_PASSWORD: CANARY, POSTGRES_USER: 'app' }, { POSTGRES_PASSWORD: '${P}' });
  markFromList(s.environment!);
  const r = fix({ db: s });
  assert.equal(r.project.services.db.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
});

test('CH401 fix is idempotent', () => {
  const once = fix({ db: db({ POSTGRES_PASSWORD: CANARY, POSTGRES_USER: 'app' }, { POSTGRES_PASSWORD: '${DB_PASSWORD}' }) }, { writeSecrets: true });
  const twice = runFixes([rule], once.project, { images, writeSecrets: true });
  assert.equal(twice.project, once.project);
  assert.equal(twice.secretFiles, []);
});

test.run();
