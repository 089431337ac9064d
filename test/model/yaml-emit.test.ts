// The fast YAML emitter writes the yaml library's bytes: compared with the library itself on the corpus
// (effective configs, and fresh overrides from harden), on the example projects, and on random data full
// of strings and keys that need quoting, escapes or block scalars.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { harden, HEADER, type HardenResult } from '../../src/harden.ts';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import { emitYaml, Tagged } from '../../src/model/yaml-emit.ts';
import { Append, Override, Put, Reset, type DeltaMap, type DeltaValue } from '../../src/override/delta.ts';
import { renderFreshOverride, renderOverride, renderOverrideWithDocument, type RenderOptions } from '../../src/override/render.ts';
import { configData, renderConfig } from '../../src/report/config.ts';
import { isSecretEntry } from '../../src/report/redact.ts';
import { ruleById } from '../../src/rules/index.ts';

/** What renderConfig wrote before the emitter. */
const reference = (data: unknown): string => stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const corpusFiles = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[0]);

function loaded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

/** The render options harden passes (its reasons are rebuilt here the way harden builds them). */
function renderOptions(r: HardenResult, command = 'compose-harden harden'): RenderOptions {
  const reasons = new Map<string, string[]>();
  for (const c of r.changes) {
    for (const k of c.keys) {
      const path = c.service ? `services.${c.service}.${k}` : k;
      const list = reasons.get(path) ?? [];
      const text = `${c.rule}: ${ruleById(c.rule)?.meta.title ?? ''}`;
      if (!list.includes(text)) list.push(text);
      reasons.set(path, list);
    }
  }
  return { header: [...HEADER, `Regenerate with: ${command}`], reasons };
}

/** The fresh override through the emitter, the Document path and harden itself agree byte for byte. */
function sameOverride(name: string, r: HardenResult, failures: string[], command?: string): void {
  const o = renderOptions(r, command);
  const fast = renderFreshOverride(r.delta, o);
  const doc = renderOverrideWithDocument(r.delta, o);
  if (fast === undefined) failures.push(`${name}: the emitter declined the override`);
  else if (fast !== doc) failures.push(`${name}: override differs\n--- yaml\n${doc}--- emitter\n${fast}`);
  if (r.previousText === undefined && r.overrideText !== doc) failures.push(`${name}: harden's override is not the Document path's`);
}

test('effective config of every corpus file that loads: same bytes as yaml.stringify', () => {
  let compared = 0;
  const failures: string[] = [];
  for (const file of corpusFiles) {
    const abs = join(CORPUS, file);
    const p = loaded(() => loadProject({ files: [abs], cwd: dirname(abs), env: ENV }));
    if (!p) continue;
    for (const isSecret of [undefined, isSecretEntry]) {
      const data = configData(p, isSecret);
      const want = reference(data);
      if (emitYaml(data) !== want) failures.push(`${file}: emitter differs`);
      if (renderConfig(p, { format: 'yaml', isSecret }) !== want) failures.push(`${file}: renderConfig differs`);
    }
    compared++;
  }
  assert.ok(compared >= 100, `only ${compared} corpus files loaded`);
  assert.equal(failures, []);
});

test('fresh overrides from harden over the corpus (current Compose and 1.29): same bytes as the Document path', () => {
  let compared = 0;
  const failures: string[] = [];
  for (const file of corpusFiles) {
    const abs = join(CORPUS, file);
    const output = join(dirname(abs), `.compose-harden-test.${basename(abs)}.override.yml`); // never written
    for (const composeVersion of [undefined, '1.29']) {
      const r = loaded(() => harden({ load: { files: [abs], cwd: dirname(abs), env: ENV }, output, composeVersion, verify: false }));
      if (!r) continue;
      sameOverride(`${file} ${composeVersion ?? ''}`, r, failures);
      compared++;
    }
  }
  assert.ok(compared >= 200, `only ${compared} overrides compared`);
  assert.equal(failures, []);
});

test('example projects: overrides and effective configs, same bytes', () => {
  const failures: string[] = [];
  const examples = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, 'compose.yaml')));
  assert.ok(examples.length >= 8);
  for (const name of examples) {
    const r = harden({ load: { cwd: join(EXAMPLES, name), env: {} }, command: 'compose-harden harden' });
    sameOverride(name, r, failures);
    for (const p of [r.original, r.merged]) if (renderConfig(p, { format: 'yaml', isSecret: isSecretEntry }) !== reference(configData(p, isSecretEntry))) failures.push(`${name}: config differs`);
  }
  assert.equal(failures, []);
});

// Strings that are plain, quoted, escaped, block scalars or read back as other types.
const AWKWARD = [
  ...[':', ': ', ' :', ' #', '#', '-', '- ', '?', '? ', '*', '&', '!', '%', '@', '`', '"', "'", '|', '>', ',', '[', ']', '{', '}', '\\', '=', '$', '.', '~'],
  ...[' ', '  ', '\t', '\n', '\n\n', '\r', '\x00', '\x01', '\x1b', '\x7f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\ud800', '\udc00', 'é', '😀', '日本'],
  ...['yes', 'no', 'on', 'off', 'y', 'N', 'true', 'False', 'NULL', 'null', '~', '0x1f', '0o17', '1e3', '-1.5e-3', '.inf', '-.Inf', '.nan', '1_000', '0755', '8080:80', '127.0.0.1:80:80', '[::1]:80', '1.2.3', '12:30:45', '+1', '-0', '007'],
  ...['---', '...', '%YAML 1.2', 'a: b', 'k=v', 'http://x:8080/a#b', 'echo "$$HOME"', "it's", 'a "b" \'c\''],
];
const word = fc.stringMatching(/^[A-Za-z0-9_./-]{1,8}$/);
const piece = fc.oneof(fc.constantFrom(...AWKWARD), word, fc.string({ unit: 'binary', maxLength: 4 }));
const awkward = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 6 }).map((p) => p.join('')) },
  // Long: past yaml's 40-character line-break rule for double quotes, and past the 1024-character limit of an implicit key.
  { weight: 1, arbitrary: fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 30, max: 1100 })).map(([p, n]) => p.join('').repeat(n).slice(0, n)) },
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 1e21, 1e-7, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE));
const scalar = fc.oneof({ weight: 4, arbitrary: awkward }, number, fc.boolean(), fc.constant(null));

function tree(withUndefined: boolean): fc.Arbitrary<unknown> {
  const leaf = withUndefined ? fc.oneof({ weight: 8, arbitrary: scalar }, fc.constant(undefined)) : scalar;
  return fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(awkward, tie('node'), { maxKeys: 4 })),
  })).node;
}
const doc = (withUndefined: boolean) => fc.oneof(fc.dictionary(awkward, tree(withUndefined), { maxKeys: 5 }), fc.array(tree(withUndefined), { maxLength: 4 }));

/** Equal as data: same numbers (NaN too), same keys whatever the prototype. */
function same(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) || (a === 0 && b === 0);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Where yaml's own output does not read back: a leading U+FEFF is taken for a byte-order mark, and a blank
 * string of several lines (`" \n"`) is written as a block scalar whose blank line loses its spaces.
 */
function yamlCannotReadBack(text: string, data: unknown): boolean {
  const blank = (v: unknown): boolean =>
    typeof v === 'string' ? /^[ \t\n]*$/.test(v) && v.includes('\n') && /[ \t]/.test(v) : v !== null && typeof v === 'object' && Object.values(v).some(blank);
  return text.startsWith('\ufeff') || blank(data);
}

test('random data with awkward strings and keys: same bytes as yaml.stringify, and it reads back', () => {
  fc.assert(
    fc.property(doc(true), (data) => {
      assert.is(emitYaml(data), reference(data));
    }),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(doc(false), (data) => {
      const text = emitYaml(data);
      fc.pre(!yamlCannotReadBack(text ?? '', data));
      assert.ok(text !== undefined && same(parse(text), data), text);
    }),
    { numRuns: 200 },
  );
});

test('random deltas with tags, comments and awkward values: same bytes as the Document path', () => {
  const value = tree(false);
  const collection = fc.oneof(fc.array(value, { maxLength: 3 }), fc.dictionary(awkward, value, { maxKeys: 3 }));
  const delta = fc.letrec<{ map: DeltaMap; change: DeltaValue }>((tie) => ({
    map: fc.dictionary(awkward, tie('change'), { maxKeys: 4 }),
    change: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      value.map((v) => new Put(v)),
      collection.map((v) => new Override(v)),
      fc.constantFrom(null, [], {}).map((e) => new Reset(e as null)),
      fc.array(value, { maxLength: 3 }).map((items) => new Append(items)),
      tie('map'),
    ),
  })).map;
  const withReasons = fc.tuple(delta, fc.array(awkward, { minLength: 1, maxLength: 5 }), fc.array(awkward, { maxLength: 3 })).map(([d, texts, header]) => {
    // Reasons on every other path, from the generated texts (`;`-joined when there are two).
    const reasons = new Map<string, string[]>();
    let i = 0;
    const walk = (m: DeltaMap, path?: string) => {
      for (const [k, c] of Object.entries(m)) {
        const p = path === undefined ? k : `${path}.${k}`;
        if (i++ % 2 === 0) reasons.set(p, texts.slice(i % texts.length, (i % texts.length) + 1 + (i % 3 === 0 ? 1 : 0)));
        if (!(c instanceof Put || c instanceof Override || c instanceof Reset || c instanceof Append)) walk(c, p);
      }
    };
    walk(d);
    return { delta: d, o: { reasons, header } as RenderOptions };
  });
  fc.assert(
    fc.property(withReasons, ({ delta: d, o }) => {
      assert.is(renderOverride(d, o), renderOverrideWithDocument(d, o));
    }),
    { numRuns: 300 },
  );
});

test('cases the emitter leaves to yaml: still the same bytes', () => {
  const shared = { a: 1 };
  // yaml writes an object met twice in one value as an anchor and an alias.
  const d: DeltaMap = { services: { web: { x: new Put({ p: shared, q: shared }), y: new Put(shared), z: new Put(shared) } } };
  assert.is(renderFreshOverride(d), undefined);
  assert.is(renderOverride(d), renderOverrideWithDocument(d));
  assert.ok(renderOverride(d).includes('&a1'));
  // Values the emitter does not know, and top-level scalars.
  for (const data of [{ when: new Date(0) }, { big: 10n }, { m: new Map([[1, 2]]) }, 'text', 5, new Tagged('!x', {})]) assert.is(emitYaml(data), undefined);
});

test('edge cases written like yaml', () => {
  const cases: unknown[] = [
    {},
    [],
    { a: 1, b: 'x', c: null, d: true, e: [1, 2, { f: 'g', h: [] }], i: {}, j: [[1, [2]], []], k: undefined, l: { m: undefined } },
    [undefined, null, [undefined], [], {}],
    { n: [-0, 0, 1e21, 1e-7, 0.1, NaN, Infinity, -Infinity, 123456789012345680000] },
    { keep: 'a\n\n', clip: 'a\n', strip: 'a', lead: '  a\nb', trailingSpaceLine: 'a\n  ', next: 1 },
    { ['k'.repeat(1025)]: { a: [1] }, ['k'.repeat(1024)]: 'v', ['q'.repeat(1030) + ': ']: [] },
    Object.assign(Object.create(null), { nullProto: Object.assign(Object.create(null), { a: 1 }) }),
  ];
  for (const c of cases) assert.is(emitYaml(c), reference(c));
  const o: RenderOptions = { header: ['one', '', 'two\nthree'], reasons: new Map([['a', ['CH1: x', 'CH2: y']], ['a.b', ['multi\nline']]]) };
  const d: DeltaMap = { a: { b: new Reset({}), c: new Reset([]), d: new Reset(null), e: new Override({ k: 'yes' }), f: new Override([]), g: new Append(['8080:80', '', 'no']), h: {} } };
  assert.is(renderOverride(d, o), renderOverrideWithDocument(d, o));
  assert.is(renderOverride({}, o), renderOverrideWithDocument({}, o));
});

test.run();
