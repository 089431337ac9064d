// `npm run bench:instructions`: instructions executed by whole CLI processes, counted with valgrind (callgrind).
// Wall time on a shared machine moves by a third from one minute to the next; instruction counts repeat to
// within 0.3 M for a 10-service file, so a change of a few percent can be told from noise. Two things are
// taken out to make them repeat: the instructions of V8's hash-seed prime search (detail::sprp, random at
// every start: ±6 M), and, for the large projects, background threads (`--single-threaded`, or background
// compilation and GC move the count by ±5%).
// Usage: node scripts/bench/instructions.mjs [--cli PATH] [--runs N] [--sizes LIST]   (needs valgrind)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeProject } from './generate.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' };
const USAGE = 'usage: node scripts/bench/instructions.mjs [--cli PATH] [--runs N] [--sizes LIST]\n';

function parseArgs(argv) {
  const o = { cli: join(ROOT, 'dist/cli.js'), runs: 1, sizes: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--cli') o.cli = resolve(value());
    else if (flag === '--runs') o.runs = Number(value());
    else if (flag === '--sizes') o.sizes = value().split(',').map(Number);
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes must list positive integers');
  return o;
}

/** Instructions (all threads) of one process, less the hash-seed prime search. */
function count(args, cwd) {
  const out = join(tmpdir(), `bench-callgrind-${process.pid}.out`);
  try {
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, '--smc-check=all-non-file', process.execPath, ...args], { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.error) throw r.error;
    const totals = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(out, 'utf8'));
    if (!totals) throw new Error(`no totals in callgrind output for ${args.join(' ')}`);
    const annotated = spawnSync('callgrind_annotate', ['--threshold=100', out], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout ?? '';
    const sprp = /^\s*([\d,]+)\s.*detail::sprp/m.exec(annotated);
    return Number(totals[1]) - (sprp ? Number(sprp[1].replaceAll(',', '')) : 0);
  } finally {
    rmSync(out, { force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

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
if (spawnSync('valgrind', ['--version']).status !== 0) {
  process.stderr.write('bench: valgrind is not installed (Debian: apt-get install valgrind)\n');
  process.exit(2);
}

const work = join(ROOT, '.bench-instructions');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const f = (files) => files.flatMap((x) => ['-f', x]);
const p10 = writeProject(join(work, 'p10'), 10, { seed: 1 });
const rows = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'config (10 services)', args: [opts.cli, 'config', ...f(p10)] },
  { name: 'check (10 services)', args: [opts.cli, 'check', ...f(p10)] },
  { name: 'harden --dry-run (10 services)', args: [opts.cli, 'harden', '--dry-run', ...f(p10)] },
];
for (const n of opts.sizes) {
  const files = writeProject(join(work, `p${n}`), n, { seed: 1 });
  for (const cmd of [['check'], ['harden', '--dry-run']]) {
    const args = ['--single-threaded', opts.cli, ...cmd, ...f(files)];
    // Node options give the run a code cache of its own (in the temp folder), made here outside the count. By a
    // small run, as the build makes its caches: one made after a long run makes every later start slower.
    spawnSync(process.execPath, ['--single-threaded', opts.cli, ...cmd, ...f(p10)], { env: ENV, stdio: 'ignore' });
    rows.push({ name: `${cmd.join(' ')} (${n.toLocaleString('en-US')} services, single-threaded)`, args });
  }
}

const results = rows.map((row) => {
  const counts = Array.from({ length: opts.runs }, () => count(row.args, work));
  process.stderr.write(`bench: ${row.name}: ${counts.map((c) => (c / 1e6).toFixed(1)).join(', ')} M\n`);
  return { ...row, counts, median: median(counts) };
});
const floor = results[0].median;
const width = Math.max(...results.map((r) => r.name.length));
const lines = [`instructions executed (millions; valgrind callgrind, all threads, less V8's random hash-seed prime search), median of ${opts.runs}`, ''];
lines.push(`${'command'.padEnd(width)}  ${'M instr'.padStart(9)}  ${'×floor'.padStart(7)}  ${'above floor'.padStart(11)}  spread`);
for (const r of results) {
  const spread = r.counts.length > 1 ? `${((Math.max(...r.counts) - Math.min(...r.counts)) / 1e6).toFixed(1)} M` : '';
  lines.push(`${r.name.padEnd(width)}  ${(r.median / 1e6).toFixed(1).padStart(9)}  ${`×${(r.median / floor).toFixed(2)}`.padStart(7)}  ${((r.median - floor) / 1e6).toFixed(1).padStart(11)}  ${spread}`);
}
process.stdout.write(lines.join('\n') + '\n');
rmSync(work, { recursive: true, force: true });
