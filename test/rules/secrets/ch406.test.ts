import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch406-weak-credentials.ts';
import type { Service } from '../../../src/model/types.ts';
import { check, fakeImages, interpolated, placed, project } from './harness.ts';

const images = fakeImages({
  'minio/minio': { kind: 'datastore', defaultPasswords: ['minioadmin'], secretFileEnv: { MINIO_ROOT_USER: 'MINIO_ROOT_USER_FILE', MINIO_ROOT_PASSWORD: 'MINIO_ROOT_PASSWORD_FILE' } },
  rabbitmq: { kind: 'datastore', defaultPasswords: ['guest'], secretFileEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_DEFAULT_PASS_FILE' } },
});
const run = (s: Service) => check(rule, project({ x: s }), 'x', { images });

const invalid: Array<[string, () => Service, string[]]> = [
  ['MySQL empty-password switch', () => ({ image: 'mysql:8', environment: placed({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes', MYSQL_USER: 'app' }) }), ['MYSQL_ALLOW_EMPTY_PASSWORD:switch']],
  ['postgres trust', () => ({ image: 'postgres', environment: placed({ POSTGRES_HOST_AUTH_METHOD: 'trust' }) }), ['POSTGRES_HOST_AUTH_METHOD:switch']],
  ['vendor default value', () => ({ image: 'minio/minio', environment: placed({ MINIO_ROOT_PASSWORD: 'minioadmin' }) }), ['MINIO_ROOT_PASSWORD:weak']],
  ['placeholder', () => ({ image: 'app', environment: placed({ DB_PASSWORD: '<your-password>' }) }), ['DB_PASSWORD:weak']],
  ['literal empty password', () => ({ image: 'app', environment: placed({ DB_PASSWORD: '' }) }), ['DB_PASSWORD:empty']],
  ['committed default', () => ({ image: 'app', environment: interpolated(placed({ DB_PASSWORD: 'changeme' }), 'DB_PASSWORD', '${DB_PASSWORD:-changeme}', ['DB_PASSWORD']) }), ['DB_PASSWORD:committed-default']],
  ['committed default, not in use', () => ({ image: 'app', environment: interpolated(placed({ DB_PASSWORD: 'a-real-one' }), 'DB_PASSWORD', '${DB_PASSWORD-fallback}', ['DB_PASSWORD']) }), ['DB_PASSWORD:committed-default']],
  ['image falls back to its vendor default', () => ({ image: 'rabbitmq:3-management', environment: placed({ RABBITMQ_DEFAULT_USER: 'app' }) }), ['image-default-password']],
  ['weak value in an env file', () => ({ image: 'app' }), ['env_file.SMTP_PASSWORD:weak']],
];
const valid: Array<[string, Service]> = [
  ['strong literal (CH401 territory)', { image: 'app', environment: { DB_PASSWORD: 'kX9#mQ2$vL' } }],
  ['required variable', { image: 'app', environment: interpolated({ DB_PASSWORD: 'kX9' }, 'DB_PASSWORD', '${DB_PASSWORD:?must be set}', ['DB_PASSWORD']) }],
  ['switch off', { image: 'mysql', environment: { MYSQL_ALLOW_EMPTY_PASSWORD: 'no' } }],
  ['empty interpolation (unset variable)', { image: 'app', environment: interpolated({ DB_PASSWORD: '' }, 'DB_PASSWORD', '${DB_PASSWORD}', ['DB_PASSWORD']) }],
  ['default on a non-secret variable', { image: 'app', environment: interpolated({ LOG_LEVEL: 'info' }, 'LOG_LEVEL', '${LOG_LEVEL:-info}', ['LOG_LEVEL']) }],
  ['vendor password configured', { image: 'minio/minio', environment: { MINIO_ROOT_PASSWORD_FILE: '/run/secrets/minio' } }],
  ['passthrough', { image: 'app', environment: { DB_PASSWORD: null } }],
];

for (const [name, s, keys] of invalid) {
  test(`CH406 invalid: ${name}`, () => {
    const p = project({ x: s() }, name.includes('env file') ? { envFileValues: { x: { SMTP_PASSWORD: { value: 'password', file: '/proj/.env.mail', line: 3 } } } } : {});
    const got = check(rule, p, 'x', { images });
    assert.equal(got.map((f) => f.key), keys);
    assert.ok(got[0].loc, 'has a location');
  });
}
for (const [name, s] of valid) test(`CH406 valid: ${name}`, () => assert.equal(run(s), []));

test('CH406: messages name the variable, never the weak value', () => {
  const got = run({ image: 'minio/minio', environment: interpolated(placed({ MINIO_ROOT_PASSWORD: 'minioadmin' }), 'MINIO_ROOT_PASSWORD', '${MINIO_PW:-minioadmin}', ['MINIO_PW']) });
  assert.equal(got.map((f) => f.key), ['MINIO_ROOT_PASSWORD:committed-default']);
  assert.ok(got[0].message.includes('${MINIO_PW}'));
  assert.ok(got[0].message.includes('well-known default'));
  assert.not.ok(got[0].message.includes('minioadmin'));
});

test.run();
