import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch402-credentials-in-urls.ts';
import { check, interpolated, placed, project } from './harness.ts';

const run = (environment: Record<string, string | null>) => check(rule, project({ app: { image: 'myorg/app', environment } }), 'app');

const invalid: Array<[string, () => Record<string, string | null>, Array<{ key: string; severity: string }>]> = [
  ['literal password in a database URL', () => placed({ DATABASE_URL: 'postgres://app:pw-1@db:5432/app' }), [{ key: 'DATABASE_URL:literal', severity: 'high' }]],
  ['redis URL with an empty user', () => placed({ REDIS_URL: 'redis://:pw-2@cache:6379' }), [{ key: 'REDIS_URL:literal', severity: 'high' }]],
  ['ODBC connection string', () => placed({ CONN: 'Server=db;User Id=sa;Password=pw-3;' }), [{ key: 'CONN:literal', severity: 'high' }]],
  ['JDBC password parameter', () => placed({ JDBC: 'jdbc:mysql://db/app?user=a&password=pw-4' }), [{ key: 'JDBC:literal', severity: 'high' }]],
  ['password interpolated into the URL', () => interpolated(placed({ DATABASE_URL: 'postgres://app:pw-5@db/app' }), 'DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app', ['DB_PASSWORD']), [{ key: 'DATABASE_URL:interpolated', severity: 'medium' }]],
  ['whole URL interpolated with a committed default', () => interpolated(placed({ DATABASE_URL: 'postgres://app:pw-6@db/app' }), 'DATABASE_URL', '${DATABASE_URL:-postgres://app:pw-6@db/app}', ['DATABASE_URL']), [{ key: 'DATABASE_URL:default', severity: 'high' }]],
  ['host interpolated, password literal', () => interpolated(placed({ U: 'amqp://u:pw-7@rabbit/' }), 'U', 'amqp://u:pw-7@${MQ_HOST}/', ['MQ_HOST']), [{ key: 'U:literal', severity: 'high' }]],
];
const valid: Array<[string, Record<string, string | null>]> = [
  ['URL without password', { URL: 'https://api.example.com/v1' }],
  ['user without password', { URL: 'postgres://app@db/app' }],
  ['password left to the shell', { URL: 'postgres://app:$PGPASSWORD@db/app' }],
  ['password-named variable without URL (CH401 territory)', { DB_PASSWORD: 'pw' }],
  ['passthrough', { DATABASE_URL: null }],
];

for (const [name, env, want] of invalid) {
  test(`CH402 invalid: ${name}`, () => {
    const got = run(env());
    assert.equal(got.map((f) => ({ key: f.key, severity: f.severity })), want);
    assert.equal(got[0].path, ['services', 'app', 'environment', want[0].key.split(':')[0]]);
    assert.ok(got[0].loc);
  });
}
for (const [name, env] of valid) test(`CH402 valid: ${name}`, () => assert.equal(run(env), []));

test.run();
