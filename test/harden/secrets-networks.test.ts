// Issue 5 end to end: secrets out of the environment, private networks, pruned and rebound ports, through
// harden() (load → check → plan → override → verify) on small projects written to temp directories. Planted
// canary values must never reach the override, the report (JSON and text, unscrubbed), notes or errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { harden, hardenLoadOptions, preparePolicy, runOptionsFor, type HardenOptions } from '../../src/harden.ts';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import { computeDelta } from '../../src/override/delta.ts';
import { renderOverride } from '../../src/override/render.ts';
import { verifyOverride } from '../../src/override/verify.ts';
import { parseComposeVersion } from '../../src/override/version.ts';
import { planHardening } from '../../src/plan/plan.ts';
import { buildReport, formatReportText } from '../../src/report/harden-report.ts';
import { writeSecretFiles } from '../../src/io/secret-files.ts';

const CANARY = 'CANARYq8Zr5Lw2Xv';
const CANARY2 = 'CANARYm3Kd7Pj9Ts';
const dirs: string[] = [];

function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ch-issue5-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const THREE_TIER = `services:
  proxy:
    image: nginx:1.27
    ports:
      - "\${WEB_PORT:-8080}:80"
    depends_on: [app]
  app:
    build: .
    environment:
      DATABASE_URL: postgres://app@db:5432/app
      REDIS_URL: redis://cache:6379
  db:
    image: postgres:16
    ports: ["5432:5432"]
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
      POSTGRES_USER: app
  cache:
    image: redis:7
    ports:
      - "\${REDIS_PORT:-6379}:6379"
`;

function run(dir: string, extra: Partial<HardenOptions> = {}) {
  return harden({ load: { cwd: dir, env: {} }, command: 'compose-harden harden', ...extra });
}

/** Everything a user can see from one run, unscrubbed. */
function visible(r: ReturnType<typeof harden>, dir: string): string {
  const rep = buildReport(r, { written: false, cwd: dir });
  return [r.overrideText, JSON.stringify(rep), formatReportText(rep), JSON.stringify(r.manual), JSON.stringify(r.after.findings)].join('\n');
}

function noCanary(text: string, what: string): void {
  for (const c of [CANARY, CANARY2]) assert.not.ok(text.includes(c), `${what} leaks a planted value`);
}

test('three tiers: networks split, datastore ports removed, ${DB_PASSWORD} moved into a secret, verified', () => {
  const dir = projectDir({ 'compose.yaml': THREE_TIER, '.env': `DB_PASSWORD=${CANARY}\n` });
  const r = run(dir);
  const o = parse(r.overrideText.replace(/!(reset|override)/g, ''), { customTags: [] });
  assert.equal(Object.keys(o.services.proxy.networks), ['frontend']);
  assert.equal(Object.keys(o.services.app.networks), ['frontend', 'backend']);
  assert.equal(Object.keys(o.services.db.networks), ['backend']);
  assert.equal(Object.keys(o.services.cache.networks), ['backend']);
  assert.equal(o.networks, { frontend: {}, backend: { internal: true } });
  assert.equal([o.services.db.ports, o.services.cache.ports], [[], []]);
  assert.is(r.overrideText.match(/ports: !reset \[\]/g)?.length, 2);
  assert.match(r.overrideText, /POSTGRES_PASSWORD: !reset null/);
  assert.is(o.services.db.environment.POSTGRES_PASSWORD_FILE, '/run/secrets/db_postgres_password');
  assert.equal(o.services.db.secrets, ['db_postgres_password']);
  assert.equal(o.secrets, { db_postgres_password: { environment: 'DB_PASSWORD' } });
  // The proxy is the entry point: its port stays (CH501 is opt-in for it), written as before.
  assert.is(o.services.proxy.ports, undefined);
  // The merged project is what Compose will run: the secret is out of the environment, nothing published but the proxy.
  assert.equal(r.merged.services.db.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  assert.is(r.merged.services.cache.ports, undefined);
  for (const id of ['CH401', 'CH502', 'CH504']) assert.not.ok(r.after.findings.some((f) => f.rule === id), `${id} left`);
  noCanary(visible(r, dir), 'override or report');
});

test('three tiers: hardening the hardened project changes nothing', () => {
  const dir = projectDir({ 'compose.yaml': THREE_TIER, '.env': `DB_PASSWORD=${CANARY}\n` });
  const r = run(dir);
  writeFileSync(r.target.path, r.overrideText);
  const again = run(dir);
  assert.ok(again.unchanged, JSON.stringify(again.delta).slice(0, 300));
});

test('--fix CH501: the entry point is rebound to loopback with its ${VAR} kept, nothing baked', () => {
  const dir = projectDir({ 'compose.yaml': THREE_TIER, '.env': `DB_PASSWORD=${CANARY}\nWEB_PORT=18080\n` });
  const r = run(dir, { fix: ['CH501'] });
  assert.match(r.overrideText, /ports: !override\n\s+- "?127\.0\.0\.1:\$\{WEB_PORT:-8080\}:80"?/);
  assert.not.ok(r.overrideText.includes('18080'), 'the .env value of WEB_PORT was baked in');
  assert.is(r.merged.services.proxy.ports?.[0].host_ip, '127.0.0.1');
  assert.is(r.merged.services.proxy.ports?.[0].published, '18080');
});

test('CH502 switched off by an exception: the datastore port is rebound instead, ${REDIS_PORT} kept', () => {
  const text = THREE_TIER.replace('    image: redis:7\n', '    image: redis:7\n    x-compose-harden: { skip: [CH502], reason: "host tools read the cache" }\n');
  const dir = projectDir({ 'compose.yaml': text, '.env': `DB_PASSWORD=${CANARY}\nREDIS_PORT=16379\n` });
  const r = run(dir);
  assert.match(r.overrideText, /- "?127\.0\.0\.1:\$\{REDIS_PORT:-6379\}:6379"?/);
  assert.not.ok(r.overrideText.includes('16379'));
  // The cache keeps a published port, so it is an entry point too and sits on frontend.
  assert.ok(Object.keys(r.merged.services.cache.networks ?? {}).includes('frontend'));
});

test('a committed literal stays without --write-secrets: listed to rotate, never repeated', () => {
  const text = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${CANARY}
      POSTGRES_USER: app
`;
  const dir = projectDir({ 'compose.yaml': text });
  const r = run(dir);
  assert.equal(r.merged.services.db.environment?.POSTGRES_PASSWORD !== undefined, true);
  const rep = buildReport(r, { written: false, cwd: dir });
  assert.ok(rep.rotate.some((s) => s.variable === 'POSTGRES_PASSWORD'));
  assert.ok(r.after.findings.some((f) => f.rule === 'CH401'));
  noCanary(visible(r, dir), 'override or report');
});

test('an image that refuses *_FILE secrets (rabbitmq) and an unknown image are not changed; guidance is in the finding', () => {
  const text = `services:
  mq:
    image: rabbitmq:3-management
    environment:
      RABBITMQ_DEFAULT_PASS: \${MQ_PASS}
  api:
    image: myorg/api:1
    environment:
      API_TOKEN: \${API_TOKEN}
`;
  const dir = projectDir({ 'compose.yaml': text });
  const r = harden({ load: { cwd: dir, env: { MQ_PASS: CANARY, API_TOKEN: CANARY2 } } });
  assert.equal(Object.keys(r.merged.services.mq.environment ?? {}), ['RABBITMQ_DEFAULT_PASS']);
  assert.equal(Object.keys(r.merged.services.api.environment ?? {}), ['API_TOKEN']);
  assert.not.ok(/secrets:/.test(r.overrideText));
  const api = r.after.findings.find((f) => f.rule === 'CH401' && f.service === 'api');
  assert.ok(api?.suggestion?.includes('cat /run/secrets/api_api_token'), api?.suggestion);
  const mq = r.after.findings.find((f) => f.rule === 'CH401' && f.service === 'mq');
  assert.ok(mq?.message.includes('refuses file-sourced secrets'));
  noCanary(visible(r, dir), 'override or report');
});

test('canaries everywhere: nothing planted reaches the override, the report, or the notes', () => {
  const text = `services:
  web:
    image: nginx:1.27
    ports: ["8443:443"]
    environment:
      UPSTREAM: http://api:8080
      SESSION_SECRET: ${CANARY2}
  api:
    image: myorg/api:1
    environment:
      - DATABASE_URL=postgres://app:${CANARY}@db:5432/app
      - API_TOKEN=ghp_${CANARY}aBcDeFgHiJkLmNoPqRsTuV
  db:
    image: postgres:16
    ports: ["5432:5432"]
    environment:
      - POSTGRES_PASSWORD=\${DB_PASSWORD}
      - POSTGRES_USER=app
      - PGADMIN_TOKEN=${CANARY2}
  grafana:
    image: grafana/grafana:11.1.0
    ports: ["3000:3000"]
    environment:
      GF_SECURITY_ADMIN_PASSWORD: \${GF_PW:-${CANARY}}
      GF_DATABASE_PASSWORD: \${DB_PASSWORD}
`;
  const dir = projectDir({ 'compose.yaml': text, '.env': `DB_PASSWORD=${CANARY}\n` });
  const r = run(dir);
  noCanary(visible(r, dir), 'override or report');
  // db writes environment as a list: moving POSTGRES_PASSWORD would repeat PGADMIN_TOKEN, so it stays.
  assert.ok(Object.keys(r.merged.services.db.environment ?? {}).includes('POSTGRES_PASSWORD'));
  // grafana: the interpolated password moves (map form, per-key !reset); the committed default does not.
  assert.is(r.merged.services.grafana.environment?.GF_DATABASE_PASSWORD__FILE, '/run/secrets/grafana_gf_database_password');
  assert.ok(Object.keys(r.merged.services.grafana.environment ?? {}).includes('GF_SECURITY_ADMIN_PASSWORD'));
  const plan = pipeline(dir, {});
  noCanary(JSON.stringify(plan.plan.notes), 'notes');
  assert.ok(plan.plan.notes.some((n) => n.service === 'db' && n.message.includes('PGADMIN_TOKEN')), JSON.stringify(plan.plan.notes));
});

test('environment written as a list: rewritten whole when that repeats nothing it cannot write as written', () => {
  const movable = projectDir({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${DB_PASSWORD}\n      - POSTGRES_USER=app\n', '.env': `DB_PASSWORD=${CANARY}\n` });
  const r = run(movable);
  assert.match(r.overrideText, /environment: !override/);
  assert.equal(r.merged.services.db.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  noCanary(visible(r, movable), 'override or report');
  // Another entry uses a variable: the rewritten list repeats it as written (`${PGDATA:-...}`), never its value.
  const held = projectDir({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${DB_PASSWORD}\n      - PGDATA=${PGDATA:-/var/lib/postgresql/data}\n', '.env': `DB_PASSWORD=${CANARY}\n` });
  const h = run(held);
  assert.not.ok(Object.keys(h.merged.services.db.environment ?? {}).includes('POSTGRES_PASSWORD'));
  assert.match(h.overrideText, /PGDATA: \$\{PGDATA:-\/var\/lib\/postgresql\/data\}/);
  noCanary(visible(h, held), 'override or report');
});

/** harden()'s own steps with the planning options it does not pass yet (target version, --write-secrets). */
function pipeline(dir: string, o: { compose?: string; writeSecrets?: boolean; env?: Record<string, string> }) {
  const load = hardenLoadOptions({ cwd: dir, env: o.env ?? {} });
  const original = loadProject(load);
  const { policy, images } = preparePolicy(original, {});
  const compose = parseComposeVersion(o.compose);
  policy.composeV1 = compose.v1;
  const plan = planHardening(original, runOptionsFor(original, policy, images), { compose, writeSecrets: o.writeSecrets });
  const { delta, manual } = computeDelta(original, plan.hardened, compose);
  const text = renderOverride(delta, {});
  const target = join(dir, 'compose.override.yaml');
  const check = verifyOverride(load, original.files, target, text, plan.hardened, manual);
  assert.ok(check.ok, check.differences.join(', '));
  return { plan, text, manual, merged: check.merged! };
}

test('--write-secrets: a committed literal moves into ./secrets/, written 0600 and git-ignored, never into the override', () => {
  const text = `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${CANARY}
      POSTGRES_USER: app
`;
  const dir = projectDir({ 'compose.yaml': text });
  const { plan, text: override, merged } = pipeline(dir, { writeSecrets: true });
  assert.equal(merged.secrets, { db_postgres_password: { file: './secrets/db_postgres_password' } });
  assert.equal(merged.services.db.environment, { POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/db_postgres_password' });
  assert.equal(plan.secretFiles.map((f) => [f.path, f.uid, f.gid]), [[join(dir, 'secrets', 'db_postgres_password'), 999, 999]]);
  noCanary(override + JSON.stringify(plan.notes) + JSON.stringify(plan.changes), 'override or notes');
  assert.ok(plan.notes.some((n) => n.message.includes('rotate')));

  const res = writeSecretFiles(plan.secretFiles, dir);
  const file = join(dir, 'secrets', 'db_postgres_password');
  assert.is(readFileSync(file, 'utf8'), CANARY);
  assert.is(statSync(file).mode & 0o777, 0o600);
  assert.is(statSync(join(dir, 'secrets')).mode & 0o777, 0o700);
  assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\/secrets\/$/m);
  const uid = process.getuid?.();
  if (uid === 0) assert.is(statSync(file).uid, 999);
  else assert.equal(res.manual, [`sudo chown 999:999 secrets/db_postgres_password   # db reads it as uid 999`]);
  noCanary(JSON.stringify(res), 'write result');
  // A second write of the same plan is a no-op; a different value is refused without printing either.
  assert.not.throws(() => writeSecretFiles(plan.secretFiles, dir));
  assert.is(readFileSync(join(dir, '.gitignore'), 'utf8').match(/\/secrets\//g)?.length, 1);
  try {
    writeSecretFiles([{ ...plan.secretFiles[0], value: CANARY2 }], dir);
    assert.unreachable('a different value must be refused');
  } catch (e) {
    assert.instance(e, InputError);
    noCanary((e as Error).message, 'error message');
  }
});

test('--compose-version: 2.20 has !reset but no environment-sourced secrets; 1.29 neither (notes say why)', () => {
  const dir = projectDir({ 'compose.yaml': THREE_TIER });
  const env = { DB_PASSWORD: CANARY };
  const v220 = pipeline(dir, { compose: '2.20.0', env });
  assert.ok(v220.plan.notes.some((n) => n.rule === 'CH401' && n.message.includes('2.23.1')));
  assert.not.ok(/secrets:/.test(v220.text));
  assert.ok(existsSync(dir));
  const v1 = pipeline(dir, { compose: '1.29.2', env });
  assert.not.ok(/!reset|!override/.test(v1.text), v1.text);
  assert.not.ok(/secrets:/.test(v1.text));
  // Ports cannot be removed without tags: a manual step each.
  assert.ok(v1.manual.some((m) => m.path.join('.') === 'services.db.ports'));
  noCanary(v220.text + v1.text + JSON.stringify([v220.plan.notes, v1.plan.notes, v1.manual]), 'override or notes');
});

test('a service that must reach the internet is never left only on the internal network', () => {
  const text = `services:
  web:
    image: nginx:1.27
    ports: ["80:80"]
    environment:
      API: http://api:8080
  api:
    image: myorg/api:1
    environment:
      DB: db:5432
      HOOKS: http://hooks:8080
      METRICS: http://metrics:9090
  db:
    image: postgres:16
  hooks:
    image: adminer:4
  metrics:
    image: prom/prometheus:v2.53.0
`;
  // Both images are in the knowledge base without outbound needs; the policy says hooks calls out.
  const dir = projectDir({ 'compose.yaml': text, '.compose-harden.yml': 'internetServices: [hooks]\n' });
  const r = run(dir);
  assert.equal(Object.keys(r.merged.services.hooks.networks ?? {}), ['backend', 'egress']);
  assert.equal(Object.keys(r.merged.services.metrics.networks ?? {}), ['backend']);
  assert.equal(Object.keys(r.merged.services.db.networks ?? {}), ['backend']);
  assert.equal(r.merged.networks.egress, {});
  assert.equal(r.merged.networks.backend, { internal: true });
});

test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test.run();
