// Properties of `harden` over every corpus file that loads:
// - merge(original, override) == hardened (harden() verifies it; a mismatch throws an internal error);
// - hardening twice changes nothing; the override is byte-identical across two runs;
// - the hardened project validates against the current schema (the merge is loaded, hence validated);
// - with --compose-version 1.29 the override holds no tags, and docker-compose 1.29.2 reads base + override
//   to the same hardened services we computed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { harden, InternalError } from '../../src/harden.ts';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import { effectiveConfig } from '../../src/report/config.ts';
import { parseBytes } from '../../src/model/units.ts';

const run = promisify(execFile);
const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

interface Row {
  file: string;
  v1: string;
}
const rows: Row[] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c[4] !== 'n/a')
  .map((c) => ({ file: c[0], v1: c[4] }));

function opts(file: string, version?: string) {
  const abs = join(CORPUS, file);
  // A scratch name beside the base, never written: the override lives in memory (overlay) only.
  return { load: { files: [abs], cwd: dirname(abs), env: ENV }, output: join(dirname(abs), `.compose-harden-test.${basename(abs)}.override.yml`), composeVersion: version };
}

function loads(file: string): boolean {
  try {
    loadProject({ files: [join(CORPUS, file)], cwd: dirname(join(CORPUS, file)), env: ENV, normalize: false, resolvePaths: false });
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

const loadable = rows.filter((r) => loads(r.file));

test('most corpus files load', () => {
  assert.ok(loadable.length >= 100, `${loadable.length} of ${rows.length} load`);
});

test('harden over the corpus: verified, deterministic, idempotent', () => {
  let overrides = 0;
  const failures: string[] = [];
  for (const { file } of loadable) {
    try {
      const a = harden(opts(file));
      const b = harden(opts(file));
      if (a.overrideText !== b.overrideText) failures.push(`${file}: two runs differ`);
      if (!a.unchanged) overrides++;
      // Hardening the hardened project: load base + override and harden again.
      const o = opts(file);
      const again = harden({ ...o, load: { ...o.load, files: [...o.load.files, o.output], overlay: new Map([[o.output, a.overrideText]]) } });
      if (!again.unchanged) failures.push(`${file}: hardening twice changes ${Object.keys((again.delta.services ?? {}) as object).join(',')}`);
    } catch (e) {
      failures.push(`${file}: ${e instanceof InternalError ? '' : 'threw '}${(e as Error).message}`);
    }
  }
  console.log(`harden: ${loadable.length} corpus files hardened, ${overrides} needed an override, ${failures.length} failures`);
  assert.equal(failures, []);
});

test('--compose-version 1.29: no tags, and docker-compose 1.29.2 agrees on the hardened services', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ch-v1-'));
  let compared = 0;
  const failures: string[] = [];
  try {
    for (const { file, v1 } of loadable) {
      if (v1 !== 'ok') continue;
      const o = opts(file, '1.29');
      const r = harden(o);
      if (/!(reset|override)\b/.test(r.overrideText)) failures.push(`${file}: override has tags`);
      if (r.unchanged) continue;
      const overridePath = join(dir, `${compared}.yml`);
      writeFileSync(overridePath, r.overrideText);
      let out: string;
      try {
        ({ stdout: out } = await run('docker-compose', ['-f', o.load.files[0], '-f', overridePath, '--project-directory', o.load.cwd, 'config'], { cwd: o.load.cwd, env: ENV, timeout: 30_000, maxBuffer: 16 << 20 }));
      } catch (e) {
        failures.push(`${file}: docker-compose rejects base + override: ${String((e as { stderr?: string }).stderr ?? e).split('\n').filter(Boolean).slice(-1)[0]}`);
        continue;
      }
      compared++;
      const v1Services = (parse(out) as { services: Record<string, Record<string, unknown>> }).services;
      const ours = effectiveConfig(r.merged).services as Record<string, Record<string, unknown>>;
      for (const [name, s] of Object.entries(v1Services)) {
        const mine = ours[name];
        if (!mine) continue; // v1 lists services of every profile
        for (const diff of compareHardening(mine, s)) failures.push(`${file} ${name}: ${diff}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`v1: docker-compose 1.29.2 read ${compared} hardened corpus projects (base + tag-free override)`);
  assert.ok(compared >= 30, `only ${compared} compared`);
  assert.equal(failures, []);
});

/** The hardening-relevant fields, compared the way both tools spell them. */
function compareHardening(ours: Record<string, unknown>, v1: Record<string, unknown>): string[] {
  const out: string[] = [];
  const same = (field: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${field}: ours ${JSON.stringify(a)} v1 ${JSON.stringify(b)}`);
  };
  const set = (v: unknown) => (Array.isArray(v) ? [...v].map(String).sort() : []);
  same('user', ours.user ?? null, v1.user ?? null);
  same('read_only', ours.read_only === true, v1.read_only === true);
  same('cap_drop', set(ours.cap_drop), set(v1.cap_drop));
  same('cap_add', set(ours.cap_add), set(v1.cap_add));
  same('security_opt', set(ours.security_opt), set(v1.security_opt));
  same('tmpfs', set(ours.tmpfs), set(v1.tmpfs));
  same('privileged', ours.privileged === true, v1.privileged === true);
  const limits = (s: Record<string, unknown>) => {
    const d = ((s.deploy as Record<string, unknown> | undefined)?.resources as Record<string, unknown> | undefined)?.limits as Record<string, unknown> | undefined;
    return {
      memory: parseBytes(d?.memory ?? s.mem_limit) ?? null,
      cpus: d?.cpus ?? s.cpus ? Number(d?.cpus ?? s.cpus) : null,
      pids: d?.pids ?? s.pids_limit ? Number(d?.pids ?? s.pids_limit) : null,
    };
  };
  same('limits', limits(ours), limits(v1));
  return out;
}

test.run();
