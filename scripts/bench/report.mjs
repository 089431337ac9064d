// Command-line options, corpus file list and table layout for scripts/bench.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const USAGE = `usage: node scripts/bench.mjs [options]
  --runs N        measured runs per row after one warm-up round (default 5; --quick: 3)
  --quick         3 runs (1 past 100 services), sizes 100 and 1,000, every 4th corpus file, 15 s limit
  --sizes LIST    synthetic project sizes, comma-separated (default 100,1000,5000)
  --timeout S     time limit per process in seconds (default 30)
  --seed N        seed of the synthetic projects (default 1)
  --profile [N]   also CPU-profile config on an N-service project (default: the largest size)
  --json          print one JSON document instead of tables
  -h, --help      this text
`;

function positiveInt(v, flag) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, not "${v ?? ''}"`);
  return n;
}

export function parseArgs(argv) {
  const o = { runs: undefined, quick: false, json: false, help: false, sizes: undefined, timeoutMs: undefined, seed: 1, profile: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') o.runs = positiveInt(value(), flag);
    else if (flag === '--quick') o.quick = true;
    else if (flag === '--json') o.json = true;
    else if (flag === '-h' || flag === '--help') o.help = true;
    else if (flag === '--timeout') o.timeoutMs = positiveInt(value(), flag) * 1000;
    else if (flag === '--seed') o.seed = positiveInt(value(), flag);
    else if (flag === '--sizes') o.sizes = String(value() ?? '').split(',').map((s) => positiveInt(s.trim(), flag));
    else if (flag === '--profile') {
      if (inline !== undefined) o.profile = positiveInt(inline, flag);
      else if (/^\d+$/.test(argv[i + 1] ?? '')) o.profile = positiveInt(argv[++i], flag);
      else o.profile = 'largest';
    } else throw new Error(`unknown option ${a}`);
  }
  o.runs ??= o.quick ? 3 : 5;
  o.sizes ??= o.quick ? [100, 1000] : [100, 1000, 5000];
  o.sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  o.timeoutMs ??= (o.quick ? 15 : 30) * 1000;
  if (o.profile === 'largest') o.profile = o.sizes[o.sizes.length - 1];
  return o;
}

/** Compose files of the shared corpus (its manifest marks env files with v1_config "n/a"), absolute. */
export function corpusFiles(corpusDir) {
  const lines = readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines
    .map((l) => l.split('\t'))
    .filter((c) => c[4] !== 'n/a' && /\.ya?ml$/.test(c[0]))
    .map((c) => join(corpusDir, c[0]));
}

/** Left-aligned text columns, right-aligned numeric ones (a column is numeric if every cell is). */
export function formatTable(header, rows) {
  const cells = rows.map((r) => r.map((c) => String(c ?? '')));
  const numeric = header.map((_, i) => cells.every((r) => r[i] === '' || /^[×\d.,-]+$/.test(r[i])));
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
