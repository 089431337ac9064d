// The example projects load exactly as `docker compose` would load them from their own folder (file discovery,
// committed .env, override file, extends, env_file, profiles), and CANARIES.txt lists every fake secret they hold.
// Assertion messages name files and variables, never the secret values themselves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import type { Project } from '../../src/model/types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'examples');

/** Services each example starts with a plain `docker compose up` (profile-gated ones excluded). */
const EXPECTED_SERVICES: Record<string, string[]> = {
  'built-app': ['api'],
  monitoring: ['cadvisor', 'grafana', 'node-exporter', 'prometheus'],
  'multi-file': ['app', 'db', 'worker'],
  'reverse-proxy': ['traefik', 'whoami'],
  'secrets-matrix': ['billing', 'db', 'keycloak', 'mariadb', 'rabbitmq'],
  'three-tier': ['app', 'cache', 'db', 'proxy'],
  webapp: ['cache', 'db', 'web'],
  wordpress: ['db', 'wordpress'],
};

const projectDirs = readdirSync(EXAMPLES)
  .filter((d) => statSync(join(EXAMPLES, d)).isDirectory() && existsSync(join(EXAMPLES, d, 'compose.yaml')))
  .sort();

function load(name: string): Project {
  const cwd = join(EXAMPLES, name);
  try {
    return loadProject({ cwd, env: {} });
  } catch (e) {
    if (e instanceof InputError) assert.unreachable(`examples/${name} does not load:\n${e.lines(ROOT).join('\n')}`);
    throw e;
  }
}

interface Canary {
  file: string;
  variable: string;
  value: string;
}

function readCanaries(): Canary[] {
  const text = readFileSync(join(EXAMPLES, 'CANARIES.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l, i) => {
      const cols = l.split('\t');
      assert.is(cols.length, 3, `CANARIES.txt data line ${i + 1}: expected file<TAB>variable<TAB>value`);
      return { file: cols[0], variable: cols[1], value: cols[2] };
    });
}

const canaryValue = (file: string, variable: string): string => {
  const c = readCanaries().find((x) => x.file === file && x.variable === variable);
  assert.ok(c, `CANARIES.txt has no entry for ${file} ${variable}`);
  return c!.value;
};

test('every example folder is covered and has a compose.yaml and README.md', () => {
  assert.equal(projectDirs, Object.keys(EXPECTED_SERVICES).sort());
  for (const d of projectDirs) {
    assert.ok(existsSync(join(EXAMPLES, d, 'compose.yaml')), `examples/${d}/compose.yaml missing`);
    assert.ok(existsSync(join(EXAMPLES, d, 'README.md')), `examples/${d}/README.md missing`);
  }
});

for (const name of projectDirs) {
  test(`examples/${name} loads cleanly from its folder`, () => {
    const p = load(name);
    assert.equal(Object.keys(p.services).sort(), EXPECTED_SERVICES[name], `examples/${name}: enabled services`);
    assert.is(basename(p.files[0]), 'compose.yaml');
    // Every variable is set by the committed .env or has a default: an unset one would hide a broken example.
    const unset = p.warnings.filter((w) => /variable is not set/.test(w));
    assert.equal(unset, [], `examples/${name}: unset variables`);
    for (const [svc, s] of Object.entries(p.services)) {
      assert.ok(s.image, `examples/${name}: service ${svc} has no image`);
    }
  });
}

test('multi-file: override merged, extends resolved, env_file read, profile service disabled', () => {
  const p = load('multi-file');
  assert.equal(p.files.map((f) => relative(join(EXAMPLES, 'multi-file'), f)), ['compose.yaml', 'compose.override.yaml']);
  assert.is(p.name, 'shop');

  const app = p.services.app;
  const appPorts = (app.ports ?? []).map((x) => x.target).sort((a, b) => a - b);
  assert.equal(appPorts, [8000, 9229], 'app keeps the base port and gains the override debug port');
  assert.is(app.environment?.DEBUG, 'shop:*');
  assert.is(app.environment?.NODE_ENV, 'development', 'override wins over the extended production value');
  assert.is(p.services.worker.environment?.NODE_ENV, 'production');
  assert.equal((p.services.db.ports ?? []).map((x) => x.published), ['5432'], 'db port comes from the override only');
  assert.equal((p.services.worker.volumes ?? []).map((v) => v.target), ['/srv/app/src']);

  // extends from common.yaml, with .env interpolation inside the extended file
  assert.is(app.image, 'node:20-alpine');
  assert.is(app.working_dir, '/srv/app');
  assert.is(app.logging?.options?.['max-size'], '10m');
  assert.is(p.services.db.image, 'postgres:16-alpine');
  assert.ok(app.environment?.DATABASE_PASSWORD === canaryValue('examples/multi-file/.env', 'DB_PASSWORD'), 'DATABASE_PASSWORD interpolated from .env');

  // committed env_file, kept apart from `environment` with its origin
  for (const svc of ['app', 'worker']) {
    const fromFile = p.envFileValues[svc] ?? {};
    assert.ok('SMTP_PASSWORD' in fromFile && 'PAYMENT_WEBHOOK_SECRET' in fromFile, `${svc}: app.env variables loaded`);
    assert.is(basename(fromFile.SMTP_PASSWORD.file), 'app.env');
  }

  assert.ok(!('adminer' in p.services), 'adminer is profile-gated');
  assert.ok('adminer' in p.disabledServices, 'adminer is kept as a disabled service');
  assert.equal(p.disabledServices.adminer.profiles, ['debug']);
  assert.is(p.disabledServices.adminer.image, 'adminer:4.8.1');
});

test('multi-file: --profile debug enables adminer', () => {
  const p = loadProject({ cwd: join(EXAMPLES, 'multi-file'), env: {}, profiles: ['debug'] });
  assert.ok('adminer' in p.services);
  assert.ok(!('adminer' in p.disabledServices));
});

test('wordpress: the YAML anchor gives both services the same password', () => {
  const p = load('wordpress');
  const wp = p.services.wordpress.environment?.WORDPRESS_DB_PASSWORD;
  const my = p.services.db.environment?.MYSQL_PASSWORD;
  assert.ok(typeof wp === 'string' && wp === my, 'WORDPRESS_DB_PASSWORD and MYSQL_PASSWORD share the anchored value');
  assert.ok(wp === canaryValue('examples/wordpress/compose.yaml', 'WORDPRESS_DB_PASSWORD'));
});

test('monitoring: `<<: *defaults` reaches every service; .env and defaults interpolate', () => {
  const p = load('monitoring');
  for (const [name, s] of Object.entries(p.services)) {
    assert.is(s.restart, 'unless-stopped', `${name}: restart from the merge key`);
    assert.is(s.labels?.['com.example.stack'], 'monitoring', `${name}: label from the merge key`);
  }
  assert.is(p.services.grafana.image, 'grafana/grafana:11.2.0');
  assert.ok(p.services.prometheus.command?.includes('--storage.tsdb.retention.time=30d'));
  assert.is(p.services['node-exporter'].pid, 'host');
  assert.is(p.services.cadvisor.privileged, true);
  const rootfs = p.services['node-exporter'].volumes?.find((v) => v.target === '/host');
  assert.is(rootfs?.bind?.propagation, 'rslave');
  assert.is(rootfs?.read_only, true);
});

test('secrets-matrix: a secret-named variable without a value in .env takes its literal default', () => {
  const p = load('secrets-matrix');
  const env = p.services.mariadb.environment ?? {};
  assert.ok(env.MARIADB_ROOT_PASSWORD === canaryValue('examples/secrets-matrix/compose.yaml', 'MARIADB_ROOT_PASSWORD'));
  assert.ok(env.MARIADB_PASSWORD === canaryValue('examples/secrets-matrix/.env', 'MARIADB_PASSWORD'));
  assert.ok(p.services.keycloak.environment?.KC_DB_PASSWORD === env.MARIADB_PASSWORD, 'keycloak shares the mariadb password');
});

test('three-tier: everything on the default network and every tier publishing (the state hardening fixes)', () => {
  const p = load('three-tier');
  for (const [name, s] of Object.entries(p.services)) {
    assert.equal(Object.keys(s.networks ?? {}), ['default'], `${name}: networks`);
    assert.ok((s.ports ?? []).length > 0, `${name}: publishes a port`);
    assert.ok((s.ports ?? []).every((x) => !x.host_ip), `${name}: ports on all interfaces`);
  }
  assert.is(p.services.proxy.environment?.NGINX_UPSTREAM, 'http://app:3000');
});

test('CANARIES.txt: every entry is in its file, values are unique, and no fake secret is missing', () => {
  const canaries = readCanaries();
  assert.ok(canaries.length >= 20, 'expected the full list of canaries');
  const values = canaries.map((c) => c.value);
  assert.is(new Set(values).size, values.length, 'canary values are unique');
  for (const c of canaries) {
    const path = join(ROOT, c.file);
    assert.ok(c.file.startsWith('examples/') && existsSync(path), `${c.file} (${c.variable}) does not exist`);
    assert.ok(readFileSync(path, 'utf8').includes(c.value), `${c.file}: the value of ${c.variable} is not in the file`);
    assert.ok(c.value.length >= 12, `${c.file} ${c.variable}: too short to grep for safely`);
  }
  // The fake-secret shapes used in the examples: ex-<place>-<8 hex> and npm_<36 alnum>.
  const listed = new Set(values);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const f of walk(EXAMPLES)) {
    if (basename(f) === 'CANARIES.txt') continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/ex-[a-z0-9-]+-[0-9a-f]{8}\b|npm_[A-Za-z0-9]{36}/g)) {
      assert.ok(listed.has(m[0]), `${relative(ROOT, f)}: a fake secret at offset ${m.index} is not in CANARIES.txt`);
    }
  }
});

test.run();
