// Mutations of every corpus compose file: text edits (deleted, duplicated and swapped lines, stray quotes,
// brackets, tabs, colons, dashes, `${`, anchors, truncation, invalid bytes) and tree edits (a node replaced by
// a value of another kind). Properties: nothing but InputError escapes, every error is located inside the
// input, and a mutant that still loads hardens without an internal error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { harden, InternalError } from '../../src/harden.ts';
import { InputError } from '../../src/model/errors.ts';
import { CORPUS, SAFE_ENV, problemsWithin, runs, tryLoad } from '../robustness/support.ts';

const files = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c[4] !== 'n/a')
  .map((c) => join(CORPUS, c[0]));

const INSERTS = ['"', "'", '[', ']', '{', '}', ':', ': ', '- ', '\t', '#', '&a ', '*a', '*nope', '!!binary ', '!reset ', '!override ', '${', '${X:?boom}', '$$', '<<: ', '---\n', '...\n', '\r', '\u00a0', '\uFEFF', '\uFFFD', '? ', '|', '>', '%', '@', '`', '\\', 'null', '~', '0x', '1e309', '.nan', '"\\x', '\n  ', '\n\t'];

type Edit = (text: string) => string;

const lineEdit = (fn: (lines: string[], i: number, j: number) => void) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (text) => {
    const lines = text.split('\n');
    fn(lines, a % lines.length, b % lines.length);
    return lines.join('\n');
  });

const textEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTS)).map(([at, s]): Edit => (t) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([at, n]): Edit => (t) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)),
  fc.nat().map((at): Edit => (t) => t.slice(0, at % (t.length + 1))),
  lineEdit((l, i) => l.splice(i, 1)),
  lineEdit((l, i) => l.splice(i, 0, l[i])),
  lineEdit((l, i, j) => ([l[i], l[j]] = [l[j], l[i]])),
  lineEdit((l, i) => (l[i] = ' ' + l[i])),
  lineEdit((l, i) => (l[i] = l[i].replace(/^ {1,2}/, ''))),
  lineEdit((l, i) => (l[i] = l[i].replace(/: /, ':'))),
);

/** Replace one node of the parsed tree by a value of another kind, then write the tree again. */
const treeEdit = fc.tuple(fc.nat(), fc.oneof(fc.constantFrom<unknown>(null, true, false, 0, -1, 65536, 1.5, '', 'x', '${UNSET}', '../..', [], {}, [null], { a: [1] }, 'a'.repeat(300)), fc.jsonValue({ maxDepth: 2 })));

function mutateTree(text: string, [pick, value]: [number, unknown]): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text, { merge: true, maxAliasCount: 10_000 });
  } catch {
    return undefined;
  }
  const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      slots.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
      walk(x, depth + 1);
    }
  };
  walk(doc, 0);
  if (!slots.length) return undefined;
  const [holder, key] = slots[pick % slots.length];
  (holder as Record<string | number, unknown>)[key] = value;
  return stringify(doc, { aliasDuplicateObjects: false });
}

const stats = { cases: 0, loaded: 0, refused: 0, hardened: 0 };

function check(file: string, text: string): void {
  stats.cases++;
  const dir = dirname(file);
  const load = { files: [file], cwd: dir, env: SAFE_ENV, overlay: new Map([[file, text]]) };
  const r = tryLoad(load);
  if (!r.ok) {
    stats.refused++;
    const bad = problemsWithin(r.error.problems, new Map([[file, text]]));
    assert.ok(bad.length === 0, `${bad.join('\n')}\nmutant of ${file}:\n${JSON.stringify(text.slice(0, 2000))}`);
    return;
  }
  stats.loaded++;
  // Hardening writes nothing; a separate -o path keeps the user's real override files out of it.
  try {
    harden({ load, output: join(dir, '.compose-harden-fuzz.override.yml') });
    stats.hardened++;
  } catch (e) {
    if (e instanceof InternalError || !(e instanceof InputError)) throw new Error(`mutant of ${file} crashed harden: ${(e as Error).message}\n${text.slice(0, 2000)}`);
  }
}

test('text mutations of every corpus file never crash and are located inside the input', () => {
  const perFile = runs(2);
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.array(textEdit, { minLength: 1, maxLength: 3 }), (file, edits) => {
      const text = edits.reduce((t, e) => e(t), readFileSync(file, 'utf8'));
      check(file, text);
    }),
    { numRuns: files.length * perFile, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, includeErrorInReport: true },
  );
});

test('tree mutations of every corpus file never crash and are located inside the input', () => {
  const perFile = runs(1);
  fc.assert(
    fc.property(fc.constantFrom(...files), treeEdit, (file, edit) => {
      const text = mutateTree(readFileSync(file, 'utf8'), edit);
      if (text !== undefined) check(file, text);
    }),
    { numRuns: files.length * perFile, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, includeErrorInReport: true },
  );
  console.log(`  mutants: ${stats.cases} of ${files.length} corpus files, ${stats.refused} refused (located), ${stats.loaded} loaded, ${stats.hardened} hardened`);
});

test.run();
