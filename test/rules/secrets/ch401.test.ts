import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch401-secret-in-environment.ts';
import type { Service } from '../../../src/model/types.ts';
import { setLoc } from '../../../src/model/loc.ts';
import { check, fakeImages, interpolated, placed, policy, project, COMPOSE, type RunOpts } from './harness.ts';

const images = fakeImages({
  postgres: { kind: 'datastore', secretFileEnv: { POSTGRES_PASSWORD: 'POSTGRES_PASSWORD_FILE' } },
  rabbitmq: { kind: 'datastore', refusesFileSecrets: true, secretFileEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_DEFAULT_PASS_FILE' } },
  'bitnami/redis': { kind: 'datastore', secretFileEnvPatterns: [{ prefix: 'REDIS_', suffix: '_FILE' }] },
});
const svc = (environment: Record<string, string | null>, image = 'postgres:16'): Service => ({ image, environment: placed(environment) });

interface Case {
  name: string;
  service: () => Service;
  opts?: RunOpts;
  want: Array<{ key: string; severity: string; suggests?: string[]; says?: string[] }>;
}

const invalid: Case[] = [
  { name: 'literal password', service: () => svc({ POSTGRES_PASSWORD: 'pw-literal' }), want: [{ key: 'POSTGRES_PASSWORD:literal', severity: 'high', suggests: ['POSTGRES_PASSWORD: !reset null', 'POSTGRES_PASSWORD_FILE: /run/secrets/db_postgres_password', 'file: ./secrets/db_postgres_password'], says: ['rotate'] }] },
  { name: 'interpolated password', service: () => { const s = svc({ POSTGRES_PASSWORD: 'from-env' }); interpolated(s.environment!, 'POSTGRES_PASSWORD', '${DB_PASSWORD}', ['DB_PASSWORD']); return s; }, want: [{ key: 'POSTGRES_PASSWORD:interpolated', severity: 'medium', suggests: ['environment: DB_PASSWORD', 'POSTGRES_PASSWORD_FILE'], says: ['${DB_PASSWORD}'] }] },
  { name: 'committed default in use', service: () => { const s = svc({ POSTGRES_PASSWORD: 'fallback-pw' }); interpolated(s.environment!, 'POSTGRES_PASSWORD', '${DB_PASSWORD:-fallback-pw}', ['DB_PASSWORD']); return s; }, want: [{ key: 'POSTGRES_PASSWORD:default', severity: 'high', says: ['default', 'rotate'] }] },
  { name: 'passed through from the shell', service: () => svc({ API_TOKEN: null }, 'myorg/api'), want: [{ key: 'API_TOKEN:passthrough', severity: 'medium', suggests: ['environment: API_TOKEN', 'must read /run/secrets/db_api_token itself', 'export API_TOKEN=', 'cat /run/secrets/db_api_token'] }] },
  { name: 'token found by value under an innocent name', service: () => svc({ GH: 'ghp_' + 'Zq7Lr2Xw9Kp4Mv8Nt3Bc6Hy1Gd5Fs0JaAbCd' }, 'myorg/api'), want: [{ key: 'GH:literal', severity: 'high', says: ['GitHub token'] }] },
  { name: 'image refuses file secrets', service: () => svc({ RABBITMQ_DEFAULT_PASS: 's3cr3t-value' }, 'rabbitmq:3'), want: [{ key: 'RABBITMQ_DEFAULT_PASS:literal', severity: 'high', says: ['refuses file-sourced secrets'] }] },
  { name: 'generic *_FILE convention of the image', service: () => svc({ REDIS_PASSWORD: 's3cr3t-value' }, 'bitnami/redis:7'), want: [{ key: 'REDIS_PASSWORD:literal', severity: 'high', suggests: ['REDIS_PASSWORD_FILE: /run/secrets/db_redis_password'] }] },
  { name: 'policy pattern', service: () => svc({ LICENSE: 'abc-def' }, 'myorg/api'), opts: { policy: policy({ secretNames: { patterns: ['^LICENSE$'], ignore: [] } }) }, want: [{ key: 'LICENSE:literal', severity: 'high' }] },
];

const valid: Array<[string, () => Service, RunOpts?]> = [
  ['*_FILE variable', () => svc({ POSTGRES_PASSWORD_FILE: '/run/secrets/db' })],
  ['TTL setting', () => svc({ TOKEN_TTL: '3600' })],
  ['boolean switch (CH406 territory)', () => svc({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' })],
  ['empty value (CH406 territory)', () => svc({ POSTGRES_PASSWORD: '' })],
  ['URL with credentials (CH402 territory)', () => svc({ DATABASE_URL: 'postgres://u:pw@db/x' })],
  ['shell reference kept for the container', () => svc({ POSTGRES_PASSWORD: '$OTHER_VAR' })],
  ['ignored by policy', () => svc({ SENTRY_DSN: 'https://abc@o1.ingest.sentry.io/1' }), { policy: policy({ secretNames: { patterns: [], ignore: ['SENTRY_DSN'] } }) }],
  ['no environment', () => ({ image: 'postgres' })],
];

for (const c of invalid) {
  test(`CH401 invalid: ${c.name}`, () => {
    const p = project({ db: c.service() });
    const got = check(rule, p, 'db', { images, ...c.opts });
    assert.equal(got.map((f) => ({ key: f.key, severity: f.severity })), c.want.map((w) => ({ key: w.key, severity: w.severity })));
    got.forEach((f, i) => {
      const name = c.want[i].key.split(':')[0];
      assert.equal(f.path, ['services', 'db', 'environment', name]);
      assert.is(f.loc?.file, COMPOSE);
      for (const s of c.want[i].suggests ?? []) assert.ok(f.suggestion?.includes(s), `suggestion lacks ${s}:\n${f.suggestion}`);
      for (const s of c.want[i].says ?? []) assert.ok(f.message.includes(s), `message lacks ${s}: ${f.message}`);
    });
  });
}

for (const [name, service, opts] of valid) {
  test(`CH401 valid: ${name}`, () => assert.equal(check(rule, project({ db: service() }), 'db', { images, ...opts }), []));
}

test('CH401: a variable that only came from an env_file is left to CH403', () => {
  const environment: Record<string, string | null> = { API_TOKEN: 'tok-value-1', OWN_SECRET: 'own-value-1' };
  setLoc(environment, 'API_TOKEN', { file: '/proj/app.env', line: 1, col: 1 });
  setLoc(environment, 'OWN_SECRET', { file: COMPOSE, line: 9, col: 7 });
  const p = project({ app: { image: 'myorg/app', environment } }, { envFileValues: { app: { API_TOKEN: { value: 'tok-value-1', file: '/proj/app.env', line: 1 }, OWN_SECRET: { value: 'own-value-1', file: '/proj/app.env', line: 2 } } } });
  assert.equal(check(rule, p, 'app').map((f) => f.key), ['OWN_SECRET:literal']);
});

test.run();
