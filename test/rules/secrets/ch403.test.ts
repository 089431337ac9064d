import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch403-secrets-in-env-file.ts';
import { check, project } from './harness.ts';
import type { Project } from '../../../src/model/types.ts';

const withEnvFile = (values: Record<string, string>, environment?: Record<string, string | null>): Project => {
  const entries = Object.fromEntries(Object.entries(values).map(([k, v], i) => [k, { value: v, file: '/proj/secrets.env', line: i + 1 }]));
  return project(
    { app: { image: 'myorg/app', env_file: [{ path: '/proj/common.env', required: true }, { path: 'secrets.env', required: true }], environment } },
    { envFileValues: { app: entries } },
  );
};

test('CH403 invalid: secret-named variable, token value, URL password, each at file:line', () => {
  const p = withEnvFile({ LOG_LEVEL: 'debug', API_TOKEN: 'tok-abc-123', NOTE: 'ghp_' + 'Zq7Lr2Xw9Kp4Mv8Nt3Bc6Hy1Gd5Fs0JaAbCd', DB_URL: 'postgres://u:pw@db/x' });
  const got = check(rule, p, 'app');
  assert.equal(got.map((f) => [f.key, f.loc?.line, f.path]), [
    ['API_TOKEN', 2, ['services', 'app', 'env_file', 1]],
    ['NOTE', 3, ['services', 'app', 'env_file', 1]],
    ['DB_URL', 4, ['services', 'app', 'env_file', 1]],
  ]);
  assert.is(got[0].loc?.file, '/proj/secrets.env');
  assert.ok(got[1].message.includes('GitHub token'));
});

test('CH403 invalid: overridden by environment, still reported as written in the file', () => {
  const got = check(rule, withEnvFile({ DB_PASSWORD: 'old-pw' }, { DB_PASSWORD: 'other' }), 'app');
  assert.equal(got.map((f) => f.key), ['DB_PASSWORD']);
  assert.ok(got[0].message.includes('overrides it'));
});

const valid: Array<[string, Record<string, string>]> = [
  ['settings only', { LOG_LEVEL: 'debug', PORT: '8080', TOKEN_TTL: '60' }],
  ['empty and boolean values', { DB_PASSWORD: '', ALLOW_EMPTY_PASSWORD: 'yes' }],
  ['reference for the container shell', { DB_PASSWORD: '$OTHER' }],
];
for (const [name, values] of valid) test(`CH403 valid: ${name}`, () => assert.equal(check(rule, withEnvFile(values), 'app'), []));
test('CH403 valid: no env files', () => assert.equal(check(rule, project({ app: {} }), 'app'), []));

test.run();
