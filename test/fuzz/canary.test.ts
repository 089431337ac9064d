// Canary secrets planted in random places of random projects never appear in any output: config (yaml
// and json), the harden report (text, json, markdown), the override as written, findings, or an error
// message, however the loader fails. In-process for the many generated cases; the built CLI for a few.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { harden } from '../../src/harden.ts';
import { renderConfig } from '../../src/report/config.ts';
import { buildReport, formatReportMarkdown, formatReportText } from '../../src/report/harden-report.ts';
import { formatFindingsText } from '../../src/report/findings.ts';
import { collectSecretValues, isSecretEntry, scrubText } from '../../src/report/redact.ts';
import type { Project } from '../../src/model/types.ts';
import { CLI, SAFE_ENV, runs, scratchDir, tryLoad } from '../robustness/support.ts';
import { projectArb } from './arbitraries.ts';

type Tree = Record<string, unknown>;

const canary = fc.stringMatching(/^[a-f0-9]{20}$/).map((h) => `cnry${h}`);

/** Where a canary goes. Each plants into the first service and may add an `.env` line or an env file. */
const PLACES = ['env-map', 'env-list', 'dotenv-interpolated', 'env-file', 'build-arg', 'anchor', 'label', 'command-flag', 'url', 'x-extension'] as const;
type Place = (typeof PLACES)[number];

interface Planted {
  text: string;
  extra: Record<string, string>;
  canaries: string[];
}

function plant(tree: Tree, places: Array<[Place, string]>): Planted {
  const t = structuredClone(tree);
  const services = t.services as Record<string, Tree>;
  const first = services[Object.keys(services)[0]];
  const extra: Record<string, string> = {};
  const envMap = (s: Tree): Tree => {
    if (Array.isArray(s.environment)) s.environment = Object.fromEntries((s.environment as string[]).map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
    return (s.environment ??= {}) as Tree;
  };
  let anchor: string | undefined;
  for (const [place, c] of places) {
    switch (place) {
      case 'env-map':
        envMap(first).DB_PASSWORD = c;
        break;
      case 'env-list':
        first.environment = [...Object.entries(envMap(first)).map(([k, v]) => (v === null ? k : `${k}=${v}`)), `API_TOKEN=${c}`];
        break;
      case 'dotenv-interpolated':
        extra['.env'] = `${extra['.env'] ?? ''}SECRET_KEY=${c}\n`;
        envMap(first).APP_SECRET = '${SECRET_KEY}';
        break;
      case 'env-file':
        extra['app.env'] = `SMTP_PASSWORD=${c}\n`;
        first.env_file = ['app.env'];
        break;
      case 'build-arg':
        delete first.image;
        first.build = { context: '.', args: { NPM_TOKEN: c } };
        break;
      case 'anchor':
        anchor = c;
        break;
      case 'label':
        first.labels = { 'traefik.http.middlewares.auth.basicauth.password': c };
        break;
      case 'command-flag':
        first.command = ['serve', `--password=${c}`];
        break;
      case 'url':
        envMap(first).DATABASE_URL = `postgres://app:${c}@db:5432/app`;
        break;
      case 'x-extension':
        t['x-credentials'] = { admin_password: c };
        break;
    }
  }
  let text = stringify(t);
  // A YAML anchor defined in an extension and reused as the service's environment.
  if (anchor) text = `x-shared-env: &shared\n  SHARED_PASSWORD: ${anchor}\n` + text.replace(/^services:\n {2}([^\n]+):\n/, (m) => `${m}    x-env: *shared\n`);
  return { text, extra, canaries: places.map(([, c]) => c) };
}

const planted = fc
  .tuple(projectArb, fc.uniqueArray(fc.constantFrom(...PLACES), { minLength: 1, maxLength: 4 }), fc.array(canary, { minLength: 4, maxLength: 4 }))
  .map(([p, places, cs]) => plant(p.tree, places.map((pl, i) => [pl, cs[i]] as [Place, string])));

function leaks(canaries: string[], outputs: Record<string, string>): string[] {
  const out: string[] = [];
  for (const c of canaries) for (const [name, text] of Object.entries(outputs)) if (text.includes(c)) out.push(`${c} in ${name}`);
  return out;
}

const stats = { cases: 0, hardened: 0 };

test('planted canaries never reach config, report, override or findings', () => {
  fc.assert(
    fc.property(planted, ({ text, extra, canaries }) => {
      stats.cases++;
      // Env files are read from disk; the overlay only covers compose files.
      const { dir, done } = scratchDir();
      try {
        for (const [name, t] of Object.entries(extra)) writeFileSync(join(dir, name), t);
        const file = join(dir, 'compose.yaml');
        writeFileSync(file, text);
        const opts = { files: [file], cwd: dir, env: SAFE_ENV };
        const r = tryLoad(opts);
        if (!r.ok) {
          assert.equal(leaks(canaries, { error: r.error.lines().join('\n') }), []);
          return;
        }
        const project = (r as { project: Project }).project;
        const secrets = collectSecretValues(project);
        const outputs: Record<string, string> = {
          'config yaml': scrubText(renderConfig(project, { format: 'yaml', isSecret: isSecretEntry }), secrets),
          'config json': scrubText(renderConfig(project, { format: 'json', isSecret: isSecretEntry }), secrets),
          warnings: project.warnings.join('\n'),
        };
        const h = harden({ load: opts });
        stats.hardened++;
        const rep = buildReport(h, { written: false, cwd: dir });
        const all = collectSecretValues(h.original);
        outputs['override as written'] = h.overrideText;
        outputs['report text'] = scrubText(formatReportText(rep), all);
        outputs['report markdown'] = scrubText(formatReportMarkdown(rep), all);
        outputs['report json'] = scrubText(JSON.stringify(rep), all);
        outputs['findings'] = formatFindingsText(h.before, { cwd: dir });
        outputs['findings after'] = formatFindingsText(h.after, { cwd: dir });
        assert.equal(leaks(canaries, outputs), [], text);
      } finally {
        done();
      }
    }),
    { numRuns: runs(30), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, includeErrorInReport: true },
  );
  console.log(`  canary cases: ${stats.cases}, ${stats.hardened} hardened`);
});

// Values of secret-named variables interpolated into places that make the loader fail: the error names the
// variable, never its value.
const WRONG_PLACES = ['ports: ["${SECRET_KEY}"]', 'extends: ${SECRET_KEY}', 'depends_on: ["${SECRET_KEY}"]', 'networks: ["${SECRET_KEY}"]', 'secrets: ["${SECRET_KEY}"]', 'pull_policy: ${SECRET_KEY}', 'env_file: ${SECRET_KEY}', 'ipc: "service:${SECRET_KEY}"', 'network_mode: "service:${SECRET_KEY}"', 'container_name: "${SECRET_KEY}!"', 'security_opt: "${SECRET_KEY}"', 'volumes: ["${SECRET_KEY}:/x"]', 'cpus: ${SECRET_KEY}', 'restart: [${SECRET_KEY}]', 'image: "${SECRET_KEY}"\n    build: 5', 'ports: ["80:${SECRET_KEY}"]', 'devices: ["${SECRET_KEY}:${SECRET_KEY}:${SECRET_KEY}:x"]'];

test('a secret interpolated into the wrong place never appears in the error', () => {
  fc.assert(
    fc.property(fc.constantFrom(...WRONG_PLACES), canary, (line, c) => {
      const { dir, done } = scratchDir();
      try {
        writeFileSync(join(dir, '.env'), `SECRET_KEY=${c}\n`);
        writeFileSync(join(dir, 'compose.yaml'), `services:\n  web:\n    image: nginx\n    ${line}\n`);
        const r = tryLoad({ files: [join(dir, 'compose.yaml')], cwd: dir, env: SAFE_ENV });
        const said = r.ok ? '' : r.error.lines().join('\n');
        assert.not.ok(said.includes(c), said);
        if (!r.ok && /SECRET_KEY/.test(line) && said.includes('${SECRET_KEY}')) assert.match(said, /compose\.yaml:4:\d+: /);
      } finally {
        done();
      }
    }),
    { numRuns: runs(WRONG_PLACES.length * 2), includeErrorInReport: true },
  );
});

test('the CLI never prints or writes a canary (config, check, harden; success and failure)', () => {
  const { dir, done } = scratchDir();
  try {
    const c = 'cnryfeedface0123456789ab';
    writeFileSync(join(dir, '.env'), `SECRET_KEY=${c}\n`);
    writeFileSync(join(dir, 'compose.yaml'), `services:\n  web:\n    image: nginx:1.27\n    environment:\n      APP_SECRET: \${SECRET_KEY}\n      DB_PASSWORD: ${c}x\n    command: ["serve", "--password=${c}y"]\n`);
    const outputs: string[] = [];
    for (const args of [['config'], ['config', '--format', 'json'], ['check'], ['check', '--format', 'json'], ['harden', '--stdout'], ['harden', '--dry-run', '--format', 'markdown'], ['harden']]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: SAFE_ENV });
      outputs.push(`${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    }
    for (const f of readdirSync(dir)) if (f.includes('override')) outputs.push(readFileSync(join(dir, f), 'utf8'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports: ["${SECRET_KEY}"]\n');
    const bad = spawnSync(process.execPath, [CLI, 'config'], { cwd: dir, encoding: 'utf8', env: SAFE_ENV });
    assert.is(bad.status, 2);
    outputs.push(bad.stdout + bad.stderr);
    for (const o of outputs) assert.not.ok(o.includes(c), `canary leaked in: ${o.slice(0, 300)}`);
  } finally {
    done();
  }
});

test.run();
