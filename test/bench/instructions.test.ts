// The instruction-count bench: its options, and its refusal to run without valgrind (CI has none).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/bench/instructions.mjs', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env });

test('instructions bench: --help prints the usage', () => {
  const r = run(['--help']);
  assert.is(r.status, 0);
  assert.match(r.stdout, /usage: node scripts\/bench\/instructions\.mjs/);
});

test('instructions bench: bad options are refused with exit code 2 and one line', () => {
  for (const args of [['--runs', '0'], ['--sizes', '10,x'], ['--frobnicate'], ['--runs']]) {
    const r = run(args);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^bench: /, args.join(' '));
  }
});

test('instructions bench: without valgrind it says how to get it', () => {
  const r = run([], { PATH: '/nonexistent', HOME: process.env.HOME });
  assert.is(r.status, 2);
  assert.match(r.stderr, /valgrind is not installed/);
});

test.run();
