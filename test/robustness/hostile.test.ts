// Hostile YAML: alias bombs, extreme nesting, huge files, very long lines and keys. Each finishes (load or
// clean refusal) in bounded time and memory; the measurements are printed so regressions show in CI logs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, parseComposeYaml } from '../../src/load/yaml.ts';
import { InputError } from '../../src/model/errors.ts';
import { expectLoads, expectRefusal, scratchDir, tryLoad, SAFE_ENV } from './support.ts';

const TAIL = 'services:\n  web:\n    image: nginx\n';
/** Generous for a loaded 2-core CI machine; locally each case takes well under a second or two. */
const MAX_MS = 15_000;
const MAX_RSS_GROWTH = 1024 * 1024 * 1024;

function bounded<T>(name: string, fn: () => T): T {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = fn();
  const ms = performance.now() - t0;
  const grew = process.memoryUsage().rss - rss0;
  console.log(`  ${name}: ${Math.round(ms)} ms, rss +${Math.round(grew / 1024 / 1024)} MB`);
  assert.ok(ms < MAX_MS, `${name} took ${Math.round(ms)} ms`);
  assert.ok(grew < MAX_RSS_GROWTH, `${name} grew rss by ${grew} bytes`);
  return r;
}

test('billion laughs (nested list aliases) is refused quickly', () => {
  let text = 'x-a0: &a0 ["lol"]\n';
  for (let i = 1; i <= 9; i++) text += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  bounded('billion laughs', () => expectRefusal(text + TAIL, /compose\.yaml:\d+:\d+: aliases expand to more than \d+ nodes/));
});

test('billion laughs through merge keys is refused quickly', () => {
  let text = 'x-0: &m0 {a: 1}\n';
  for (let i = 1; i <= 24; i++) text += `x-${i}: &m${i} {k${i}a: *m${i - 1}, k${i}b: *m${i - 1}, <<: *m${i - 1}}\n`;
  bounded('merge-key bomb', () => expectRefusal(text + TAIL, /aliases expand to more than \d+ nodes/));
});

test('ordinary anchor reuse stays well inside the alias budget', () => {
  const services = Array.from({ length: 200 }, (_, i) => `  s${i}:\n    <<: *common\n    image: app:${i}\n`).join('');
  const p = expectLoads(`x-common: &common\n  restart: always\n  environment: {A: "1", B: "2", C: "3"}\n  labels: [a=b, c=d]\nservices:\n${services}`);
  assert.is(Object.keys(p.services).length, 200);
  assert.equal(p.services.s7.environment, { A: '1', B: '2', C: '3' });
});

for (const [name, text] of [
  ['10,000 nested flow sequences', `x-deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${TAIL}`],
  ['10,000 nested flow mappings', `x-deep: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n${TAIL}`],
  ['10,000 nested block sequences on one line', `x-deep:\n${'- '.repeat(10_000)}x\n${TAIL}`],
  ['1,400 levels of block indentation', `x-deep:\n${Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}${TAIL}`],
  ['600 levels of flow nesting (past our depth limit, within the parser)', `x-deep: ${'['.repeat(600)}${']'.repeat(600)}\n${TAIL}`],
] as const) {
  test(`deep nesting: ${name} is refused with a clear reason`, () => {
    bounded(name, () => expectRefusal(text, /compose\.yaml:\d+:\d+: (document is nested too deeply|document is nested more than \d+ levels deep)/));
  });
}

test('nesting just inside the limit loads', () => {
  const depth = 100;
  const p = expectLoads(`x-deep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n${TAIL}`);
  let v: unknown = p.extensions['x-deep'];
  let d = 0;
  while (Array.isArray(v)) {
    v = v[0];
    d++;
  }
  assert.is(d, depth);
});

test('a 50 MB file is refused by size before it is parsed (in memory)', () => {
  const text = TAIL + `x-big: "${'v'.repeat(50 * 1024 * 1024)}"\n`;
  bounded('50 MB text', () => expectRefusal(text, /file is 50\.0 MB; compose files larger than [0-9.]+ MB are refused/));
});

test('a 50 MB file on disk is refused before it is read', () => {
  const { dir, done } = scratchDir();
  try {
    const file = join(dir, 'compose.yaml');
    const line = `    # ${'c'.repeat(1000)}\n`;
    writeFileSync(file, TAIL + line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    bounded('50 MB file', () => {
      const r = tryLoad({ files: [file], cwd: dir, env: SAFE_ENV });
      assert.not.ok(r.ok);
      assert.match((r as { error: Error }).error.message, /file is 50\.0 MB; compose files larger than [0-9.]+ MB are refused/);
    });
  } finally {
    done();
  }
});

test('a file at the size limit with many services loads in bounded time', () => {
  const parts = ['services:\n'];
  let size = parts[0].length;
  let n = 0;
  while (size < Math.min(DEFAULT_LIMITS.maxChars / 4, 512 * 1024)) {
    const s = `  s${n}:\n    image: nginx:1.${n % 30}\n    environment:\n      A${n}: "${'v'.repeat(100)}"\n`;
    parts.push(s);
    size += s.length;
    n++;
  }
  const p = bounded(`${n} services (${Math.round(size / 1024)} KB)`, () => expectLoads(parts.join('')));
  assert.is(Object.keys(p.services).length, n);
});

test('a document with too many nodes is refused', () => {
  const limits = { ...DEFAULT_LIMITS, maxNodes: 1000 };
  assert.throws(() => parseComposeYaml(`x-wide: [${'1,'.repeat(1000)}1]\n${TAIL}`, 'compose.yaml', limits), (e: Error) => e instanceof InputError && /compose\.yaml:1:\d+: document has more than 1000 nodes/.test((e as InputError).lines().join('')));
});

// The worst case inside the default limits: the densest file (a flat list) of just under the size limit.
// Several seconds on a busy CI machine, so only in the long local mode (FUZZ_RUNS, scripts/fuzz.mjs).
if (process.env.FUZZ_RUNS) {
  test('the densest file under the size limit is refused by the node limit in bounded time', () => {
    const text = `x-wide: [${'1,'.repeat(Math.floor(DEFAULT_LIMITS.maxChars / 2) - 100)}1]\n${TAIL}`;
    bounded('densest file', () => expectRefusal(text, /document has more than \d+ nodes/));
  });
}

test('a very long line (a 900 KB scalar) loads intact', () => {
  const long = 'x'.repeat(900 * 1024);
  const p = bounded('long line', () => expectLoads(`${TAIL}    labels:\n      big: "${long}"\n`));
  assert.is(p.services.web.labels?.big, long);
});

test('a very long quoted key loads intact', () => {
  const key = 'k'.repeat(100_000);
  // YAML caps implicit keys at 1024 characters; a longer key needs the explicit `?` form.
  const p = bounded('long key', () => expectLoads(`${TAIL}    labels:\n      ? "${key}"\n      : v\n`));
  assert.equal(Object.keys(p.services.web.labels ?? {}), [key]);
});

test.run();
