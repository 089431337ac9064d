// Differential test: our loader against Debian's docker-compose 1.29.2 (`config`) over every corpus file
// whose MANIFEST says v1 accepts it. Both sides are reduced to the same comparable shape; every remaining
// difference must be a documented v1-vs-v2 difference (KNOWN below), or the test fails.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { loadProject } from '../../src/load/project.ts';
import { effectiveConfig } from '../../src/report/config.ts';
import { parsePort, parseVolume } from '../../src/load/short-syntax.ts';

const run = promisify(execFile);
const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;

type Shape = Record<string, Record<string, unknown>>;

/**
 * Differences that come from docker-compose v1 itself, not from us. Key: `file service field`
 * (service or field may be `*`). Each with the reason; the test fails if one no longer occurs.
 */
export const KNOWN: Record<string, string> = {
  'docker__awesome-compose/pihole-cloudflared-DoH/compose.yaml pihole volumes':
    'absolute bind sources: v1 cleans them with os.path.normpath (drops the trailing slash of /etc/pihole/); compose-go keeps absolute paths as written',
  'n8n-io__n8n-hosting/docker-compose/subfolderWithSSL/docker-compose.yml * volumes':
    '${DATA_FOLDER}/.n8n with DATA_FOLDER ending in "/" gives "//": v1 cleans absolute paths, compose-go keeps them as written',
  'mailcow__mailcow-dockerized/helper-scripts/docker-compose.override.yml.d/PROMETHEUS_EXPORTER/docker-compose.override.yml * load':
    'an override meant for the mailcow base file, loaded alone: it attaches to the undeclared network mailcow-network, which v1 does not check and compose-go refuses ("refers to undefined network")',
};

function manifestOk(): string[] {
  const rows = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => r.split('\t')).filter((c) => c[4] === 'ok').map((c) => c[0]);
}

function portKey(p: Record<string, unknown>): string {
  // v1 writes the wildcard address out for some entries; both spellings mean all interfaces.
  if (p.host_ip === '0.0.0.0') p = { ...p, host_ip: undefined };
  return `${p.host_ip ?? ''}|${p.published ?? ''}|${p.target}|${p.protocol ?? 'tcp'}`;
}

function normPorts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const p of list) {
    if (typeof p === 'string' || typeof p === 'number') for (const x of parsePort(p)) out.push(portKey(x));
    else {
      const o = { ...(p as Record<string, unknown>) };
      if (typeof o.published === 'number') o.published = String(o.published);
      out.push(portKey(o));
    }
  }
  return out.sort();
}

function normVolumes(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((v) => {
      const o = typeof v === 'string' ? parseVolume(v) : (v as Record<string, unknown>);
      return `${o.type}|${o.source ?? ''}|${o.target}|${o.read_only ? 'ro' : 'rw'}`;
    })
    .sort();
}

function normEnv(env: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (env && typeof env === 'object') for (const [k, v] of Object.entries(env)) out[k] = v === null ? null : String(v);
  return out;
}

/** Both tools escape `$` as `$$` in config output so that it loads again; compare the values. */
function unescapeEnv(env: Record<string, string | null>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(env)) out[k] = v === null ? null : v.replaceAll('$$', '$');
  return out;
}

function normService(s: Record<string, unknown>): Record<string, unknown> {
  const nets = s.networks && typeof s.networks === 'object' ? Object.keys(s.networks).filter((n) => n !== 'default').sort() : [];
  const secrets = Array.isArray(s.secrets) ? s.secrets.map((x) => (typeof x === 'string' ? x : String((x as Record<string, unknown>).source))).sort() : [];
  return {
    image: s.image ?? null,
    environment: normEnv(s.environment),
    ports: normPorts(s.ports),
    volumes: normVolumes(s.volumes),
    networks: nets,
    secrets,
  };
}

function shape(doc: Record<string, unknown>, escaped: boolean): Shape {
  const out: Shape = {};
  const services = (doc.services ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, s] of Object.entries(services)) {
    out[name] = normService(s);
    if (escaped) out[name].environment = unescapeEnv(out[name].environment as Record<string, string | null>);
  }
  return out;
}

async function v1Config(file: string): Promise<Record<string, unknown> | { error: string }> {
  try {
    const { stdout } = await run('docker-compose', ['-f', file, 'config'], {
      cwd: dirname(file),
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 30_000,
      maxBuffer: 16 << 20,
    });
    return parse(stdout) as Record<string, unknown>;
  } catch (e) {
    return { error: String((e as { stderr?: string }).stderr ?? e).split('\n')[0] };
  }
}

const haveV1 = await run('docker-compose', ['version']).then(
  () => true,
  () => false,
);

test('docker-compose v1 is installed (scripts/ci-apt.sh installs it)', () => {
  assert.ok(haveV1, 'docker-compose (Debian package) is required for the differential test');
});

test('our config agrees with docker-compose v1 config on every v1-valid corpus file', async () => {
  const files = manifestOk();
  assert.ok(files.length > 50, `MANIFEST lists ${files.length} v1-valid files`);
  const results: Array<{ file: string; v1: Awaited<ReturnType<typeof v1Config>> }> = [];
  // Two at a time: the machines have two cores and v1 takes ~0.3 s to start.
  for (let i = 0; i < files.length; i += 2) {
    const batch = files.slice(i, i + 2);
    const got = await Promise.all(batch.map((f) => v1Config(join(CORPUS, f))));
    batch.forEach((f, j) => results.push({ file: f, v1: got[j] }));
  }
  let agree = 0;
  let documented = 0;
  const diffs: string[] = [];
  const seenKnown = new Set<string>();
  for (const { file, v1 } of results) {
    if ('error' in v1) {
      diffs.push(`${file}: docker-compose v1 failed now: ${v1.error}`);
      continue;
    }
    const abs = join(CORPUS, file);
    let ours: Record<string, unknown>;
    try {
      // v1's config lists the services of every profile; ask for all of them.
      const p = loadProject({ files: [abs], env: { PATH: process.env.PATH, HOME: process.env.HOME }, cwd: dirname(abs), profiles: ['*'] });
      ours = effectiveConfig(p);
    } catch (e) {
      if (`${file} * load` in KNOWN) {
        seenKnown.add(`${file} * load`);
        documented++;
      } else diffs.push(`${file}: we reject it: ${(e as Error).message}`);
      continue;
    }
    const a = shape(ours, false);
    const b = shape(v1, true);
    const fileDiffs: string[] = [];
    let knownHere = false;
    const names = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const n of names) {
      if (!a[n] || !b[n]) {
        fileDiffs.push(`${file} ${n} service: ${a[n] ? 'only ours' : 'only v1'}`);
        continue;
      }
      for (const field of Object.keys(a[n])) {
        if (JSON.stringify(a[n][field]) !== JSON.stringify(b[n][field])) {
          const keys = [`${file} ${n} ${field}`, `${file} * ${field}`, `${file} ${n} *`, `* * ${field}`];
          const known = keys.find((k) => k in KNOWN);
          if (known) {
            seenKnown.add(known);
            knownHere = true;
          }
          // Never print values (the corpus holds sample credentials): name the field and keys only.
          else fileDiffs.push(`${file} ${n} ${field}: differs${field === 'environment' ? ` (keys ${envKeyDiff(a[n][field], b[n][field])})` : `: ours ${JSON.stringify(a[n][field])} v1 ${JSON.stringify(b[n][field])}`}`);
        }
      }
    }
    if (fileDiffs.length) diffs.push(...fileDiffs);
    else if (knownHere) documented++;
    else agree++;
  }
  const stale = Object.keys(KNOWN).filter((k) => !seenKnown.has(k));
  console.log(`differential: ${agree}/${results.length} v1-valid corpus files agree exactly on services, images, environment, ports, volumes, networks, secrets; ${documented} more differ only by ${seenKnown.size} documented v1-vs-v2 differences`);
  assert.equal(diffs, [], 'undocumented differences');
  assert.equal(stale, [], 'documented differences that no longer occur');
});

function envKeyDiff(a: unknown, b: unknown): string {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].filter((k) => x[k] !== y[k]).join(',');
}

void existsSync;
test.run();
