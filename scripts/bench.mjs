// `npm run bench`: whole-process timings and peak memory of the CLI against `node -e 0` and dclint,
// the corpus loaded one process per file and in one process, and growth on synthetic projects.
// Usage: node scripts/bench.mjs [--runs N] [--quick] [--json] [--sizes LIST] [--timeout S] [--seed N] [--profile [SIZE]]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES_PER_FILE, writeProject } from './bench/generate.mjs';
import { median, memorySource, roundRobin, runNode } from './bench/measure.mjs';
import { buildProfiledCli, profileRun } from './bench/profile.mjs';
import { corpusFiles, formatTable, parseArgs, USAGE } from './bench/report.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WORK = join(ROOT, '.bench');
const CLI = join(ROOT, 'dist/cli.js');
const DCLINT = join(ROOT, 'node_modules/dclint/bin/dclint.cjs');
const CORPUS = resolve(ROOT, '../shared/corpus');
// Only what Node needs: the host environment must not feed interpolation or change colours.
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' };

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const started = Date.now();
const loadBefore = loadavg()[0];

if (!existsSync(CLI)) {
  log('dist/cli.js is missing: run `npm run build` (or `npm run bench`, which builds first)');
  process.exit(2);
}
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// Commands are being written in parallel: measure the ones this build has.
const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env: ENV }).stdout ?? '';
const commands = new Set([...(help.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]));
const hardenHelp = commands.has('harden') ? (spawnSync(process.execPath, [CLI, 'harden', '--help'], { encoding: 'utf8', env: ENV }).stdout ?? '') : '';
const has = { config: commands.has('config'), check: commands.has('check'), harden: hardenHelp.includes('--dry-run') };
const hasDclint = existsSync(DCLINT);

const cliArgs = (cmd, files) => {
  const f = (Array.isArray(files) ? files : [files]).flatMap((x) => ['-f', x]);
  return cmd === 'harden' ? [CLI, 'harden', '--dry-run', ...f] : [CLI, cmd, ...f];
};
// Exit codes that mean the command did its job (check reports findings with 1); others are failures.
const OK_CODES = { config: [0], check: [0, 1], harden: [0], dclint: [0, 1] };
const failed = (cmd, codes) => cmd in OK_CODES && codes.some((c) => !OK_CODES[cmd].includes(c));
const task = (name, args, cwd, extra = {}) => ({ name, run: () => runNode(args, { cwd, env: ENV, timeoutMs: opts.timeoutMs }), ...extra });

// --- fixed-size rows -------------------------------------------------------------------------
const p10Dir = join(WORK, 'p10');
const p10 = writeProject(p10Dir, 10, { seed: opts.seed });

log('bundling the in-process corpus loop');
const loopBundle = join(WORK, 'corpus-loop.mjs');
await build({
  entryPoints: [join(ROOT, 'scripts/bench/corpus-loop.ts')],
  outfile: loopBundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __chCreateRequire } from 'node:module'; const require = __chCreateRequire(import.meta.url);" },
});
const corpus = existsSync(CORPUS) ? corpusFiles(CORPUS) : [];
const corpusSample = opts.quick ? corpus.filter((_, i) => i % 4 === 0) : corpus;
const listFile = join(WORK, 'corpus-list.json');
writeFileSync(listFile, JSON.stringify(corpus));

const mainTasks = [task('node -e 0', ['-e', '0'], WORK, { key: 'floor' })];
if (has.config) mainTasks.push(task('config (10 services)', cliArgs('config', p10), p10Dir, { key: 'config', cmd: 'config' }));
if (has.check) mainTasks.push(task('check (10 services)', cliArgs('check', p10), p10Dir, { key: 'check', cmd: 'check' }));
if (has.harden) mainTasks.push(task('harden --dry-run (10 services)', cliArgs('harden', p10), p10Dir, { key: 'harden', cmd: 'harden' }));
// dclint lints (and only lints) when given files and no --fix; its report goes to /dev/null like ours.
if (hasDclint) mainTasks.push(task('dclint (10 services)', [DCLINT, ...p10], p10Dir, { key: 'dclint', cmd: 'dclint' }));
if (corpus.length) {
  const resultFile = join(WORK, 'corpus-loop-result.json');
  mainTasks.push({
    name: `loadProject loop, ${corpus.length} corpus files, 1 process`,
    key: 'corpus-inproc',
    maxRuns: 3, // seconds per run, and its in-loop pass times are steady
    run: () => {
      rmSync(resultFile, { force: true });
      const r = runNode([loopBundle, listFile, '2', resultFile], { cwd: WORK, env: ENV, timeoutMs: opts.timeoutMs * 4 });
      if (existsSync(resultFile)) r.extra = JSON.parse(readFileSync(resultFile, 'utf8'));
      return r;
    },
  });
}

log(`fixed-size rows: ${mainTasks.length} commands × ${opts.runs} runs (in-process corpus at most 3), round-robin after 1 warm-up round`);
const main = roundRobin(mainTasks, { rounds: opts.runs, warmup: 1, onProgress: (s) => log(`  ${s}`) });
const rowOf = (key) => main.find((r) => r.task.key === key);
const floorMs = median(rowOf('floor').samples);
const dclintMs = hasDclint ? median(rowOf('dclint').samples) : undefined;
const floorCpu = median(rowOf('floor').cpuMs);
const dclintCpu = hasDclint ? median(rowOf('dclint').cpuMs) : undefined;

const rows = [];
for (const r of main) {
  const ms = median(r.samples);
  const cpu = median(r.cpuMs);
  const vsDclint = r.task.cmd && r.task.cmd !== 'dclint';
  const row = {
    command: r.task.name,
    key: r.task.key,
    runs: r.samples.length,
    medianMs: ms,
    samplesMs: r.samples,
    cpuMs: cpu,
    xFloor: ms !== undefined && floorMs ? ms / floorMs : undefined,
    xDclint: vsDclint && ms !== undefined && dclintMs ? ms / dclintMs : undefined,
    cpuXFloor: cpu !== undefined && floorCpu ? cpu / floorCpu : undefined,
    cpuXDclint: vsDclint && cpu !== undefined && dclintCpu ? cpu / dclintCpu : undefined,
    peakMiB: r.peaksKB.length ? median(r.peaksKB) / 1024 : undefined,
    exitCodes: [...new Set(r.codes)],
    timedOut: r.timedOut,
  };
  if (r.task.key === 'corpus-inproc' && r.extra.length) {
    const pass = (i) => median(r.extra.map((x) => x.passes[i]?.ms).filter((x) => x !== undefined));
    const last = r.extra[r.extra.length - 1].passes[0];
    row.loop = { firstPassMs: pass(0), secondPassMs: pass(1), ok: last.ok, inputErrors: last.inputErrors, crashes: last.crashes };
    row.note = `in-loop ${fmt(row.loop.firstPassMs)} ms cold, ${fmt(row.loop.secondPassMs)} ms warm; ${last.ok} ok, ${last.inputErrors} InputError, ${last.crashes.length} crashed`;
  } else if (r.task.key === 'dclint') row.note = `exit ${row.exitCodes.join('/')} (1 = problems found)`;
  else if (r.task.key !== 'floor') row.note = `exit ${row.exitCodes.join('/')}`;
  row.failed = failed(r.task.cmd, row.exitCodes);
  if (row.failed) row.note = `FAILED: ${row.note} (timing is of the failure, not the work)`;
  rows.push(row);
}
if (!has.check) rows.push({ command: 'check (10 services)', note: 'n/a (command not built yet)' });
if (!has.harden) rows.push({ command: 'harden --dry-run (10 services)', note: 'n/a (command not built yet)' });
if (!hasDclint) rows.push({ command: 'dclint (10 services)', note: 'n/a (dclint not installed)' });

// --- the corpus, one process per file ---------------------------------------------------------
if (has.config && corpusSample.length) {
  log(`config over the corpus: ${corpusSample.length} processes`);
  let total = 0;
  let cpuTotal = 0;
  let peak = 0;
  const perFile = [];
  const codes = new Map();
  for (const f of corpusSample) {
    const r = runNode(cliArgs('config', f), { cwd: dirname(f), env: ENV, timeoutMs: opts.timeoutMs });
    total += r.ms;
    cpuTotal += r.cpuMs ?? 0;
    perFile.push(r.ms);
    peak = Math.max(peak, r.peakKB ?? 0);
    const c = r.timedOut ? 'timeout' : String(r.code);
    codes.set(c, (codes.get(c) ?? 0) + 1);
  }
  const byCode = [...codes].sort().map(([c, k]) => `${k}× exit ${c}`).join(', ');
  rows.push({
    command: `config, ${corpusSample.length}${corpusSample.length < corpus.length ? ` of ${corpus.length}` : ''} corpus files, 1 process each (sum)`,
    key: 'corpus-perprocess',
    runs: 1,
    medianMs: total,
    medianPerFileMs: median(perFile),
    cpuMs: cpuTotal || undefined,
    xFloor: floorMs ? total / (floorMs * corpusSample.length) : undefined,
    cpuXFloor: floorCpu && cpuTotal ? cpuTotal / (floorCpu * corpusSample.length) : undefined,
    peakMiB: peak ? peak / 1024 : undefined,
    exitCodes: Object.fromEntries(codes),
    note: `${fmt(median(perFile))} ms per file (median); ${byCode}; ×floor against ${corpusSample.length} × node -e 0`,
  });
}

// --- scaling ----------------------------------------------------------------------------------
const scaling = [];
const scaleCmds = ['config', 'check', 'harden'].filter((c) => has[c]);
const stopped = new Map(); // command → size at which it hit the time limit
for (const n of opts.sizes) {
  const dir = join(WORK, `p${n}`);
  const files = writeProject(dir, n, { seed: opts.seed });
  const active = scaleCmds.filter((c) => !stopped.has(c));
  for (const c of scaleCmds.filter((c) => stopped.has(c))) scaling.push({ services: n, command: c, note: `skipped: stopped at ${stopped.get(c).toLocaleString('en-US')} services` });
  if (!active.length) continue;
  // Big projects take seconds per run: fewer runs and no warm-up (the files were just written, so cached).
  const rounds = n <= 100 ? Math.min(opts.runs, 3) : n <= 1000 && !opts.quick ? Math.min(opts.runs, 2) : 1;
  log(`${n} services: ${active.join(', ')} × ${rounds} runs`);
  const rec = roundRobin(
    active.map((c) => task(c, cliArgs(c, files), dir, { cmd: c })),
    { rounds, warmup: n <= 100 ? 1 : 0, abortOnTimeout: true },
  );
  const culprit = rec.find((r) => r.timedOut)?.task.cmd;
  for (const r of rec) {
    if (r.timedOut || r.skipped) stopped.set(r.task.cmd, n);
    if (r.skipped && !r.samples.length) {
      scaling.push({ services: n, command: r.task.cmd, note: `skipped: ${culprit} went over ${opts.timeoutMs / 1000} s here` });
      continue;
    }
    const ms = median(r.samples);
    const codes = [...new Set(r.codes)];
    const bad = failed(r.task.cmd, codes);
    if (bad) stopped.set(r.task.cmd, n);
    scaling.push({
      services: n,
      files: files.length,
      command: r.task.cmd,
      failed: bad,
      runs: r.samples.length,
      medianMs: ms,
      samplesMs: r.samples,
      cpuMs: median(r.cpuMs),
      msPerService: ms !== undefined ? ms / n : undefined,
      peakMiB: r.peaksKB.length ? median(r.peaksKB) / 1024 : undefined,
      exitCodes: [...new Set(r.codes)],
      timedOut: r.timedOut,
      note: r.timedOut ? `timed out (> ${opts.timeoutMs / 1000} s)` : bad ? `FAILED: exit ${codes.join('/')}` : `exit ${codes.join('/')}`,
    });
  }
}
for (const c of ['check', 'harden'].filter((c) => !has[c])) scaling.push({ services: '—', command: c, note: 'n/a (command not built yet)' });

const growth = [];
for (const c of scaleCmds) {
  const at = (n) => scaling.find((s) => s.services === n && s.command === c && s.medianMs !== undefined && !s.timedOut && !s.failed);
  const sizes = opts.sizes;
  for (let i = 1; i < sizes.length; i++) {
    const a = at(sizes[i - 1]);
    const b = at(sizes[i]);
    growth.push({
      command: c,
      from: sizes[i - 1],
      to: sizes[i],
      linear: sizes[i] / sizes[i - 1],
      time: a && b ? b.medianMs / a.medianMs : undefined,
      cpu: a?.cpuMs && b?.cpuMs ? b.cpuMs / a.cpuMs : undefined,
      memory: a?.peakMiB && b?.peakMiB ? b.peakMiB / a.peakMiB : undefined,
    });
  }
}

// --- optional CPU profile ---------------------------------------------------------------------
let profile;
if (opts.profile) {
  const n = opts.profile;
  const dir = join(WORK, `p${n}`);
  const files = writeProject(dir, n, { seed: opts.seed });
  log(`profiling config on ${n} services`);
  const bundle = await buildProfiledCli(ROOT, join(WORK, 'prof-build'));
  const p = profileRun(bundle, cliArgs('config', files).slice(1), { cwd: dir, env: ENV, root: ROOT });
  profile = { services: n, exitCode: p.exitCode, totalMs: p.totalMs, profileFile: p.profileFile, top: p.entries.slice(0, 15) };
}

// --- output -----------------------------------------------------------------------------------
const meta = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  memorySource,
  runs: opts.runs,
  quick: opts.quick,
  seed: opts.seed,
  timeoutS: opts.timeoutMs / 1000,
  commands: [...commands],
  dclint: hasDclint ? JSON.parse(readFileSync(join(ROOT, 'node_modules/dclint/package.json'), 'utf8')).version : undefined,
  elapsedS: (Date.now() - started) / 1000,
  // Other work on the machine inflates every row; ratios to node -e 0 from the same run suffer less.
  loadAverage: { before: loadBefore, after: loadavg()[0] },
};
if (opts.json) {
  process.stdout.write(`${JSON.stringify({ meta, rows, scaling, growth, profile }, null, 2)}\n`);
} else {
  const out = [];
  out.push(`compose-harden bench — node ${meta.node}, ${meta.cpus} CPUs, peak memory and cpu time from ${memorySource}, ${meta.runs} runs per row after 1 warm-up (round-robin); ms are medians of wall time`);
  const busy = Math.max(meta.loadAverage.before, meta.loadAverage.after);
  if (busy > meta.cpus) out.push(`note: load average ${busy.toFixed(1)} on ${meta.cpus} CPUs: other work competed with the bench; compare cpu ms and ×floor ratios rather than wall ms`);
  out.push('');
  out.push(
    formatTable(
      ['command', 'runs', 'median ms', '×floor', '×dclint', 'cpu ms', 'peak MB', 'note'],
      rows.map((r) => [r.command, r.runs ?? '', fmt(r.medianMs), fmtX(r.xFloor), fmtX(r.xDclint), fmt(r.cpuMs), fmt(r.peakMiB, 1), r.timedOut ? 'timed out' : (r.note ?? '')]),
    ),
  );
  out.push('');
  out.push(`scaling (synthetic projects, seed ${opts.seed}, ${SERVICES_PER_FILE} services per file given with -f; time limit ${opts.timeoutMs / 1000} s per process)`);
  out.push(
    formatTable(
      ['services', 'files', 'command', 'runs', 'median ms', 'ms/service', 'cpu ms', 'peak MB', 'note'],
      scaling.map((s) => [typeof s.services === 'number' ? s.services.toLocaleString('en-US') : s.services, s.files ?? '', s.command, s.runs ?? '', fmt(s.medianMs), fmt(s.msPerService, 2), fmt(s.cpuMs), fmt(s.peakMiB, 1), s.note ?? '']),
    ),
  );
  out.push('');
  for (const g of growth) {
    const x = (v) => (v === undefined ? 'n/a' : `×${v.toFixed(2)}`);
    out.push(`growth ${g.command} ${g.from.toLocaleString('en-US')}→${g.to.toLocaleString('en-US')}: time ${x(g.time)}, cpu ${x(g.cpu)}, memory ${x(g.memory)} (linear ×${g.linear})`);
  }
  if (profile) {
    out.push('');
    out.push(`CPU profile: config on ${profile.services} services, ${fmt(profile.totalMs)} ms sampled (${profile.profileFile})`);
    out.push(formatTable(['self ms', 'function', 'where', 'via (nearest caller outside node_modules)'], profile.top.map((e) => [fmt(e.selfMs, 1), e.fn, e.place, e.via])));
  }
  out.push('');
  out.push(`bench took ${meta.elapsedS.toFixed(1)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function fmt(x, digits = 0) {
  return x === undefined || Number.isNaN(x) ? '' : x.toFixed(digits);
}
function fmtX(x) {
  return x === undefined ? '' : `×${x.toFixed(2)}`;
}
