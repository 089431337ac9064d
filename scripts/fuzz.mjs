#!/usr/bin/env node
// Long local fuzzing: the CI fuzz tests with many more cases. Usage:
//   node scripts/fuzz.mjs [--runs N] [--seed S] [--only generative|mutation|canary|hostile]
// --runs scales every generative test (CI default: a few dozen cases each; mutation runs N per corpus file).
// A failure prints fast-check's seed and path: rerun with --seed to reproduce it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = flag('runs', '500');
const seed = flag('seed', undefined);
const only = flag('only', undefined);
if (!/^\d+$/.test(runs)) {
  console.error('--runs needs a positive integer');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, FUZZ_RUNS: runs, ...(seed ? { FUZZ_SEED: seed } : {}) };
const targets = only ? [only === 'hostile' ? ['test/robustness', 'hostile'] : ['test/fuzz', only]] : [['test/fuzz', ''], ['test/robustness', 'hostile']];
let failed = false;
for (const [dir, name] of targets) {
  const pattern = `${name}.*\\.test\\.ts$`;
  console.log(`== ${dir} ${name || '(all)'} with FUZZ_RUNS=${runs}${seed ? ` FUZZ_SEED=${seed}` : ''}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', dir, pattern], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
