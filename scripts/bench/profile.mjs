// CPU profile of one CLI run, summarised as the functions with the most self time, named by their
// TypeScript source file:line (the CLI is re-bundled with a source map for this; dist/ has none).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceMapLookup } from './sourcemap.mjs';

const BANNER = "#!/usr/bin/env node\nimport { createRequire as __chCreateRequire } from 'node:module'; const require = __chCreateRequire(import.meta.url);";

/** Bundle src/cli/main.ts with a source map into `outDir`; returns the bundle's path. */
export async function buildProfiledCli(root, outDir) {
  const outfile = join(outDir, 'cli-prof.mjs');
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'external',
    logLevel: 'warning',
    banner: { js: BANNER },
  });
  return outfile;
}

/**
 * Self time per function from a `.cpuprofile`, largest first. `locate(url, line0, col0)` may map a
 * generated position to a source one; pseudo-nodes such as (garbage collector) are kept by name.
 * `via` names the nearest calling frame outside node_modules that spent most of that time.
 */
export function selfTimes(profile, locate = () => undefined) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const self = new Map();
  const { samples, timeDeltas } = profile;
  // A sample's time is the interval until the next sample.
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const name = (id) => {
    const cf = byId.get(id).callFrame;
    const where = cf.url ? locate(cf.url, cf.lineNumber, cf.columnNumber) : undefined;
    const fn = cf.functionName || (cf.url ? '(anonymous)' : '(native)');
    const place = where ? `${where.source}:${where.line}` : cf.url ? `${cf.url.replace(/^file:\/\//, '')}:${cf.lineNumber + 1}` : '';
    return { fn, place };
  };
  const agg = new Map();
  for (const [id, us] of self) {
    const { fn, place } = name(id);
    const key = `${fn}\0${place}`;
    const e = agg.get(key) ?? { fn, place, selfMs: 0, callers: new Map() };
    e.selfMs += us / 1000;
    // The nearest caller outside the library that owns the function says which of our code is paying.
    let p = parentOf.get(id);
    while (p !== undefined && name(p).place.includes('node_modules/')) p = parentOf.get(p);
    if (p !== undefined) {
      const c = name(p);
      const ck = `${c.fn} ${c.place}`;
      e.callers.set(ck, (e.callers.get(ck) ?? 0) + us / 1000);
    }
    agg.set(key, e);
  }
  const entries = [...agg.values()]
    .map(({ callers, ...e }) => ({ ...e, via: [...callers].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '' }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: total / 1000, entries };
}

/** Run the profiled bundle with `args` in `cwd`, return the summarised profile. */
export function profileRun(bundle, args, { cwd, env, root }) {
  const dir = join(resolve(bundle, '..'), 'prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, bundle, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written (exit ${r.status})`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8'));
  const lookup = sourceMapLookup(map);
  const bundleUrl = new URL(`file://${resolve(bundle)}`).href;
  const mapDir = resolve(bundle, '..');
  const locate = (url, line, col) => {
    if (url !== bundleUrl) return undefined;
    const p = lookup(line, col);
    return p && { ...p, source: relative(root, resolve(mapDir, p.source)) };
  };
  return { exitCode: r.status, profileFile: join(dir, file), ...selfTimes(profile, locate) };
}

export const here = fileURLToPath(new URL('.', import.meta.url));
