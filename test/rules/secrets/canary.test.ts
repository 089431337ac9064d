import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { secretRules } from '../../../src/rules/secrets/index.ts';
import { networkRules } from '../../../src/rules/network/index.ts';
import { buildGraph } from '../../../src/rules/graph.ts';
import { checkAll, fakeImages, interpolated, placed, project, runFixes } from './harness.ts';
import { ruleById } from '../../../src/rules/index.ts';

// Unique markers planted wherever a secret can sit; no rule output may contain any of them, whole or in part.
const C = 'CANARY-7f3a9c';
const TOKEN = 'ghp_CANARY7f3a9cZq7Lr2Xw9Kp4Mv8Nt3Bc6Hy1';
const PARTS = [C, 'CANARY', '7f3a9c', TOKEN.slice(4, 20)];

function planted() {
  return project(
    {
      db: {
        image: 'postgres:16',
        ports: [{ target: 5432, published: '5432' }],
        environment: interpolated(placed({ POSTGRES_PASSWORD: C, POSTGRES_USER: 'app', PGPASSWORD: C + '-default' }), 'PGPASSWORD', '${PGPW:-' + C + '-default}', ['PGPW']),
        healthcheck: { test: ['CMD-SHELL', `pg_isready -h localhost && psql postgres://app:${C}@localhost/app -c 'select 1'`] },
      },
      app: {
        build: { context: '.', args: placed({ NPM_TOKEN: C, NOTE: TOKEN, INDEX: `https://u:${C}@pypi.example.com/simple` }) },
        environment: placed({ DATABASE_URL: `postgres://app:${C}@db:5432/app`, API_KEY: TOKEN, GREETING: `hello ${C}`, MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' }),
        labels: placed({ 'com.example.token': C, 'com.example.note': TOKEN }),
        command: ['redis-server', '--requirepass', C, `--masterauth=${C}`],
        entrypoint: ['sh', '-c', `API_TOKEN=${C} mysql -p${C} -hdb && exec app`],
        links: ['db'],
        ports: [{ target: 80, published: '80' }],
        post_start: [{ command: ['curl', `https://u:${C}@hooks.example.com`] }],
      },
      cache: { image: 'redis:7', ports: [{ target: 6379 }], command: ['redis-server', '--requirepass', C], environment: { REDIS_PASSWORD: 'changeme' } },
    },
    {
      secrets: { s: { file: './secrets/s' } },
      envFileValues: {
        app: {
          SMTP_PASSWORD: { value: C, file: '/proj/app.env', line: 1 },
          WEBHOOK: { value: `https://hooks.slack.com/services/T0001/B0002/${C.replace(/-/g, '')}XYZ`, file: '/proj/app.env', line: 2 },
          CACHE_URL: { value: `redis://:${C}@cache:6379`, file: '/proj/app.env', line: 3 },
          ADMIN_PASSWORD: { value: 'password', file: '/proj/app.env', line: 4 },
        },
      },
    },
  );
}

test('canary: every 4xx and 5xx rule fires somewhere, and no output carries a planted value', () => {
  const p = planted();
  const images = fakeImages({ postgres: { kind: 'datastore', ports: [5432], secretFileEnv: { POSTGRES_PASSWORD: 'POSTGRES_PASSWORD_FILE' } }, redis: { kind: 'datastore', ports: [6379] } });
  const findings = checkAll([...secretRules, ...networkRules], p, { images });
  const fired = new Set(findings.map((f) => f.rule));
  for (const id of ['CH401', 'CH402', 'CH403', 'CH404', 'CH405', 'CH406', 'CH407', 'CH501', 'CH502', 'CH503', 'CH504', 'CH505']) assert.ok(fired.has(id), `${id} did not fire`);
  assert.ok(findings.length > 20);
  for (const f of findings) {
    const text = JSON.stringify([f.message, f.suggestion ?? '', f.key ?? '', f.path, f.loc ?? null]);
    for (const part of PARTS) assert.not.ok(text.includes(part), `${f.rule} leaks a planted value: ${f.key}`);
  }
});

test('canary: graph evidence names keys only', () => {
  const g = buildGraph(planted());
  const all = [...g.reaches('app')].flatMap((t) => g.evidence('app', t));
  assert.ok(all.includes('environment DATABASE_URL'));
  for (const e of all) for (const part of PARTS) assert.not.ok(e.includes(part));
});

test('canary: fixes put no planted value into notes, secret names, secret file paths, networks or new keys', () => {
  const images = fakeImages({ postgres: { kind: 'datastore', ports: [5432], uid: 999, gid: 999, secretFileEnv: { POSTGRES_PASSWORD: 'POSTGRES_PASSWORD_FILE' } }, redis: { kind: 'datastore', ports: [6379] } });
  const rules = ['CH504', 'CH502', 'CH501', 'CH401'].map((id) => ruleById(id)!);
  for (const writeSecrets of [false, true]) {
    const p = planted();
    const r = runFixes(rules, p, { images, writeSecrets });
    const envKeys = Object.values(r.project.services).flatMap((s) => Object.keys(s.environment ?? {}));
    const out = JSON.stringify([r.notes, r.project.secrets, r.project.networks, envKeys, r.secretFiles.map((f) => [f.path, f.secret, f.service, f.uid])]);
    for (const part of PARTS) assert.not.ok(out.includes(part), `fix output leaks a planted value (writeSecrets=${writeSecrets})`);
    // With --write-secrets the committed password did move: its value travels only in the side-effect list.
    if (writeSecrets) assert.equal(r.secretFiles.map((f) => [f.secret, f.value === C]), [['db_postgres_password', true]]);
    else assert.equal(r.secretFiles, []);
  }
});

test.run();
