// In-process corpus pass for the benchmark: loadProject over every corpus compose file in one
// process, so the cost of loading is seen without Node start-up. Bundled by bench.mjs with esbuild.
// Usage: node corpus-loop.mjs <list.json> <passes> <result.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';

interface PassResult {
  ms: number;
  ok: number;
  inputErrors: number;
  /** Files where the loader threw something other than InputError: loader bugs. Names only, never messages. */
  crashes: Array<{ file: string; error: string }>;
}

const [listFile, passesArg, resultFile] = process.argv.slice(2);
if (!listFile || !resultFile) throw new Error('usage: corpus-loop <list.json> <passes> <result.json>');
const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
const passes = Math.max(1, Number(passesArg) || 1);
// Only PATH and HOME, like the corpus manifest's reference runs: the host environment must not feed interpolation.
const env = { PATH: process.env.PATH, HOME: process.env.HOME };

const results: PassResult[] = [];
for (let p = 0; p < passes; p++) {
  const r: PassResult = { ms: 0, ok: 0, inputErrors: 0, crashes: [] };
  const t0 = performance.now();
  for (const file of files) {
    try {
      loadProject({ files: [file], cwd: dirname(file), env });
      r.ok++;
    } catch (e) {
      if (e instanceof InputError) r.inputErrors++;
      else r.crashes.push({ file, error: e instanceof Error ? e.name : typeof e });
    }
  }
  r.ms = performance.now() - t0;
  results.push(r);
}
writeFileSync(resultFile, JSON.stringify({ files: files.length, passes: results }));
