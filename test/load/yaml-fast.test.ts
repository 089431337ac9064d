// The fast YAML path must give exactly what the yaml library's path gives, positions included, or
// decline (undefined) so that the library path runs: over the corpus, the examples, the benchmark's
// generated projects, generated compose-like text full of awkward scalars and layouts, and mutants of it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateProject } from '../../scripts/bench/generate.mjs';
import { parseFastOrThrow } from '../../src/load/yaml-fast.ts';
import { DEFAULT_LIMITS, parseComposeYaml, parseComposeYamlWithLibrary, type ParsedDoc, type ParseLimits } from '../../src/load/yaml.ts';
import { isFromList, keyLocOf, locOf, rawOf, selfLoc, varsOf, writtenOf } from '../../src/model/loc.ts';
import { CORPUS, runs } from '../robustness/support.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const FUZZ = { seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, includeErrorInReport: true };

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Everything loc.ts records about a container, read through the symbol it is stored under. */
function rawMeta(obj: object): unknown {
  const sym = Object.getOwnPropertySymbols(obj);
  if (sym.length === 0) return undefined;
  const m = (obj as Record<symbol, Record<string, unknown>>)[sym[0]];
  // `shared` is copy-on-write bookkeeping (which maps a clone still shares), not something recorded.
  return Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'shared').map(([k, v]) => [k, v instanceof Map ? [...v].sort((a, b) => String(a[0]).localeCompare(String(b[0]))) : v]));
}

/** Differences between two parsed trees: values, key order and every position or note kept beside them. */
function differences(a: unknown, b: unknown, path: string, out: string[], seen: Set<object>): void {
  if (out.length > 10) return;
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    if (!Object.is(a, b)) out.push(`${path}: ${show(a)} != ${show(b)}`);
    return;
  }
  // The library path converts every alias again: no object may appear twice in a tree.
  if (seen.has(b)) out.push(`${path}: the same object twice`);
  seen.add(b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    out.push(`${path}: ${Array.isArray(a) ? 'sequence' : 'mapping'} != ${Array.isArray(b) ? 'sequence' : 'mapping'}`);
    return;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\0') !== kb.join('\0')) out.push(`${path}: keys ${show(ka)} != ${show(kb)}`);
  const m = (x: unknown) => show({ self: selfLoc(x), fromList: isFromList(x), written: writtenOf(x) });
  if (m(a) !== m(b)) out.push(`${path}: ${m(a)} != ${m(b)}`);
  if (show(rawMeta(a)) !== show(rawMeta(b))) out.push(`${path}: meta ${show(rawMeta(a))} != ${show(rawMeta(b))}`);
  for (const k of ka) {
    const key = Array.isArray(a) ? Number(k) : k;
    const e = (x: unknown) => show({ loc: locOf(x, key), keyLoc: keyLocOf(x, key), raw: rawOf(x, key), vars: varsOf(x, key) });
    if (e(a) !== e(b)) out.push(`${path}/${k}: ${e(a)} != ${e(b)}`);
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out, seen);
  }
}

function docDifferences(lib: ParsedDoc[], fast: ParsedDoc[]): string[] {
  const out: string[] = [];
  const rest = (d: ParsedDoc[]) => show(d.map(({ value: _, ...r }) => r));
  if (rest(lib) !== rest(fast)) out.push(`documents: ${rest(lib)} != ${rest(fast)}`);
  if (lib.length === fast.length) lib.forEach((d, i) => differences(d.value, fast[i].value, '', out, new Set()));
  return out;
}

type Verdict = 'accepted' | 'declined';

/**
 * The fast path on `text`: declined, or accepted with a result identical to the library path's (which
 * must then not throw). Also: parseComposeYaml, which tries the fast path first, behaves as the library path.
 */
function check(text: string, label: string, limits: ParseLimits = DEFAULT_LIMITS): Verdict {
  let lib: ParsedDoc[] | undefined;
  let libError = '';
  try {
    lib = parseComposeYamlWithLibrary(text, 'compose.yaml', limits);
  } catch (e) {
    libError = (e as Error).message;
  }
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const fast = stripped.length <= limits.maxChars && !stripped.includes('\0') ? parseFastOrThrow(stripped, 'compose.yaml', limits) : undefined;
  let wired: ParsedDoc[] | undefined;
  let wiredError = '';
  try {
    wired = parseComposeYaml(text, 'compose.yaml', limits);
  } catch (e) {
    wiredError = (e as Error).message;
  }
  assert.is(wiredError, libError, `${label}: parseComposeYaml's error differs from the library path's`);
  if (lib && wired) assert.equal(docDifferences(lib, wired), [], `${label}: parseComposeYaml differs from the library path`);
  if (!fast) return 'declined';
  assert.ok(lib, `${label}: the fast path accepted text the library path refuses (${libError})\n${text}`);
  assert.equal(docDifferences(lib!, fast), [], `${label}: fast and library paths differ\n${text}`);
  return 'accepted';
}

// Real files: the corpus, the examples (with their generated overrides) and the benchmark's projects.

const corpusFiles = yamlFiles(CORPUS);
const exampleFiles = yamlFiles(EXAMPLES);

test('corpus and examples: the fast path agrees with the library wherever it accepts', () => {
  const declined: string[] = [];
  for (const f of corpusFiles) if (check(readFileSync(f, 'utf8'), f) === 'declined') declined.push(f);
  const corpusAccepted = corpusFiles.length - declined.length;
  let examplesAccepted = 0;
  for (const f of exampleFiles) if (check(readFileSync(f, 'utf8'), f) === 'accepted') examplesAccepted++;
  console.log(`fast YAML path: ${corpusAccepted} of ${corpusFiles.length} corpus files, ${examplesAccepted} of ${exampleFiles.length} example files accepted`);
  assert.ok(corpusFiles.length >= 100, `corpus not found under ${CORPUS}`);
  assert.ok(corpusAccepted >= corpusFiles.length * 0.9, `declined: ${declined.join(', ')}`);
});

test('benchmark projects: every generated file is accepted and agrees with the library', () => {
  for (const [n, opts] of [
    [10, {}],
    [500, {}],
    [1000, {}],
    [200, { seed: 7, anchors: false }],
  ] as const) {
    for (const [name, text] of Object.entries(generateProject(n, opts))) {
      if (!/\.ya?ml$/.test(name)) continue;
      assert.is(check(text, `${n} services ${name}`), 'accepted', `${n} services ${name} was declined`);
    }
  }
});

test('limits: the fast path accepts exactly up to the node, alias and depth limits the library enforces', () => {
  const sentry = corpusFiles.find((f) => f.endsWith('getsentry__self-hosted/docker-compose.yml'));
  const texts = [generateProject(10)['compose.yaml'], ...(sentry ? [readFileSync(sentry, 'utf8')] : [])];
  for (const text of texts) {
    for (const key of ['maxDepth', 'maxNodes', 'maxAliasNodes'] as const) {
      const within = (v: number) => {
        try {
          parseComposeYamlWithLibrary(text, 'compose.yaml', { ...DEFAULT_LIMITS, [key]: v });
          return true;
        } catch {
          return false;
        }
      };
      // The smallest limit the library accepts the text under.
      let lo = 0;
      let hi = DEFAULT_LIMITS[key];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (within(mid)) hi = mid;
        else lo = mid + 1;
      }
      assert.is(check(text, `${key} ${lo}`, { ...DEFAULT_LIMITS, [key]: lo }), 'accepted', `${key} = ${lo}`);
      assert.is(check(text, `${key} ${lo - 1}`, { ...DEFAULT_LIMITS, [key]: lo - 1 }), 'declined', `${key} = ${lo - 1}`);
      assert.throws(() => parseComposeYaml(text, 'compose.yaml', { ...DEFAULT_LIMITS, [key]: lo - 1 }), /more than|nested/);
    }
  }
});

test('what the fast path leaves to the library', () => {
  const declined = [
    'a: !override\n',
    'a: !reset\nb: 1\n',
    'a: !reset &x 1\n',
    'a: !override *x\n',
    'x: &x\n  a: !reset 1\n',
    'a:\n  - !reset x\n',
    'a: !resetx 1\n',
    'a: !reset []\na: 1\n',
    'a: !!str 1\n',
    'a: 1\n---\nb: 2\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\na: 2\n',
    'a: |+\n  x\n',
    'a: |2\n   x\n',
    'a: "x\n  y"\n',
    'a: x\n  y\n',
    '? a\n: b\n',
    'a:\tb\n',
    'a: b\r\nc: d\r\n',
    '- a\n- b\n',
    'a: {b: 1}\n',
    'a: [[1]]\n',
    'a: &x 1\nb: &x 2\n',
    'a: *nope\n',
    // Found by the mutation property: two anchors, or an anchor and an alias, on one node.
    'a: &x\n  &y\n    b: 1\n',
    'y: &y 1\na: &x\n  *y\n',
    '__proto__: 1\n',
    '',
    '# only a comment\n',
  ];
  for (const text of declined) assert.is(check(text, JSON.stringify(text)), 'declined', JSON.stringify(text));
  const accepted = [
    'a: 1\n',
    '---\na: 1',
    'a:\n- x\n- "y"\nb: [1, \'2\', c]\n',
    'x: &x\n  k: v\ny:\n  <<: *x\n  z: 1\n',
    'x:\n  &x\n  - 1\ny: *x\n',
    'a: >-\n  folded\n  text\n\n  more\n',
    'a: "\\u00e9\\t\\x41"\n',
    'a: !reset []\n',
    'a: !override\n  b: 1\n',
    's:\n  x:\n    p: !reset []\n    q: !override\n      - 1\n    r: !reset\n      z: !override 3\n',
    'l:\n  - a: !reset x\n    b: !override [1]\n',
    'x: &x\n  p: 1\ny:\n  <<: *x\n  p: !reset null\n',
  ];
  for (const text of accepted) assert.is(check(text, JSON.stringify(text)), 'accepted', JSON.stringify(text));
});

// Generated compose-like text.

type Gen =
  | { k: 'scalar'; text: string }
  | { k: 'block'; header: string; lines: string[]; extra: number }
  | { k: 'map'; entries: Array<[string, Gen]>; step: number }
  | { k: 'seq'; items: Gen[]; step: number; compact: number; sameIndent: boolean }
  | { k: 'flowLines'; items: string[]; offsets: number[]; close: number; trailingComma: boolean }
  | { k: 'alias'; pick: number }
  | { k: 'anchored'; node: Gen; ownLine: boolean }
  | { k: 'tagged'; tag: string; node: Gen };

const PLAIN = [
  ...['0', '1', '-1', '+1', '007', '0o17', '0o8', '0x1F', '0xg', '0b101', '1.5', '.5', '1.', '-0.0', '1e3', '1E-3', '+1e+3', '1_000', '1:30', '12:30:45', '2001-12-14'],
  ...['.inf', '-.Inf', '+.INF', '.NaN', '.nan', '.NAN', 'inf', 'nan'],
  ...['true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'yes', 'No', 'on', 'OFF', 'y', 'n'],
  ...['null', 'Null', 'NULL', 'nULL', '~', ''],
  ...['a', 'hello world', 'a:b', 'http://x:80/p?q=1#f', 'a#b', 'a #b', "it's", 'say "hi"', 'é', '日本語', '😀', '\u00a0x\u00a0', 'x '],
  ...['${VAR:-x}', '$$HOME', '-x', '--flag=1', '?q', ':c', '.env', '-', '<<', '[a', 'a]', 'a,b', 'a{b}', '\\n', 'a !b', 'a &b', 'a *b', 'a | b'],
];
/** Scalars that are errors, or outside the fast path, in most places. */
const AWKWARD = ['@x', '`x`', '%x', '!x', '&x', '*x', 'a: b', 'a:', '- x', '? x', '|', '>', '#x', ',x', ']x', '}x', 'a\tb', 'a\u2028b', 'a\u0085b'];
const FLOW = ['[]', '[ ]', '{}', '{ }', '[a, b]', `["a", 'b', 1, true, null, ~, .5]`, '[a,]', '[ a , "b" ]', '[a, b] # c', '[-1, ?x, .5, 0x1F]', `[ "x" ,'y' ]`];
const AWKWARD_FLOW = ['[a,,b]', '[a:b]', '[a: b]', '[a #b]', '[- a]', '[[a]]', '{a: 1}', '[*x]', '["x":1]', '[a', '[a]b', '[a]#c'];
const QUOTED_EXTRA = ['"\\x41\\u00e9\\U0001F600"', '"\\e\\_\\N\\L\\P\\0\\a\\b\\v\\f\\/"', '"a\\\\"', '"\\""', `''`, `'''a'''`, '"a" #c', '"  "', `' '`];
const AWKWARD_QUOTED = ['"\\q"', '"\\x4"', '"\\U00110000"', '"', `'`, '"a"b', '"a" b', '"a"#c', '"\\\n"'];

const units = (...extra: string[]) => fc.constantFrom('a', ' ', ':', '#', '"', "'", '\\', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', 'é', '😀', '1', '.', ...extra);
const str = fc.string({ unit: units(), maxLength: 8 });
const awkwardStr = fc.string({ unit: units('\t', '\u2028', '\u0085', '\n', '\r', '\ufeff'), maxLength: 8 });
const scalarText = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...PLAIN) },
  { weight: 6, arbitrary: fc.constantFrom(...FLOW) },
  { weight: 4, arbitrary: fc.constantFrom(...QUOTED_EXTRA) },
  { weight: 6, arbitrary: str.map((s) => JSON.stringify(s)) },
  { weight: 4, arbitrary: str.map((s) => `'${s.replaceAll("'", "''")}'`) },
  { weight: 1, arbitrary: fc.constantFrom(...AWKWARD, ...AWKWARD_FLOW, ...AWKWARD_QUOTED) },
  { weight: 1, arbitrary: fc.oneof(str, awkwardStr, awkwardStr.map((s) => JSON.stringify(s))) },
);
const keyText = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'image', 'x-y', 'x.y', 'k e y', 'a#b', 'a[1]', '-k', 'é', '1', '0x10', '1.50', 'true', 'null', '~', '<<', 'toString', '"q"', `'s''q'`, '"a b" ', '"<<"', 'k ', '"1"') },
  { weight: 1, arbitrary: fc.constantFrom('constructor', '__proto__', '? k', '[k]', '&k k', '*k', '!k k', 'k: v', '"k', 'a\tb') },
  { weight: 1, arbitrary: str },
);
const blockLine = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('text', 'more text', '', '  indented', '# not a comment', 'a: b', '- x', '"q"') }, { weight: 1, arbitrary: fc.oneof(str, fc.constantFrom('   ', '      ')) });
const blockHeader = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('|', '|-', '>', '>-', '| # c', '>-  # c') }, { weight: 1, arbitrary: fc.constantFrom('|+', '|2', '>1', '|#c', '|x', '>+') });

const gen = fc.letrec<{ node: Gen; value: Gen }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalarText.map((text): Gen => ({ k: 'scalar', text })) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('block' as const), header: blockHeader, lines: fc.array(blockLine, { minLength: 0, maxLength: 4 }), extra: fc.integer({ min: -1, max: 6 }) }) },
    { weight: 1, arbitrary: fc.nat(5).map((pick): Gen => ({ k: 'alias', pick })) },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('flowLines' as const),
        items: fc.array(fc.oneof(fc.constantFrom('a', '1', '"CMD"', "'x y'", 'true', '# c', '', 'a b', '[', '"a" # c'), str.map((x) => JSON.stringify(x))), { maxLength: 4 }),
        offsets: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 1, maxLength: 4 }),
        close: fc.integer({ min: -1, max: 3 }),
        trailingComma: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: tie('value') },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('anchored' as const), node: tie('value'), ownLine: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('tagged' as const), tag: fc.constantFrom('!reset', '!override', '!reset ', '!override  ', '!resets', '!!str'), node: tie('node') }) },
  ),
  value: fc.oneof(
    { depthSize: 'small' },
    fc.record({ k: fc.constant('map' as const), entries: fc.array(fc.tuple(keyText, tie('node')), { minLength: 1, maxLength: 4 }), step: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ k: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }), step: fc.integer({ min: 1, max: 4 }), compact: fc.integer({ min: 0, max: 3 }), sameIndent: fc.boolean() }),
  ),
})).value;

interface Layout {
  /** Choices consumed in turn while writing: comments, blank lines, spacing. */
  noise: number[];
  docStart: boolean;
  finalNewline: boolean;
}

/** Write a generated tree as block YAML, in one of the many ways a person might. */
function write(root: Gen, layout: Layout): string {
  let turn = 0;
  const next = () => layout.noise[turn++ % layout.noise.length];
  const anchors: string[] = [];
  const lines: string[] = [];
  const pad = (n: number) => ' '.repeat(Math.max(0, n));
  const trailing = () => (next() % 7 === 0 ? ' # note: x' : next() % 11 === 0 ? '  ' : '');
  const push = (line: string) => {
    lines.push(line);
    const r = next();
    if (r % 9 === 0) lines.push('');
    if (r % 13 === 0) lines.push(`${pad(next() % 8)}# comment: [x] "y"`);
    if (r % 29 === 0) lines.push(pad(next() % 6));
  };
  const anchorName = () => {
    const name = next() % 17 === 0 && anchors.length ? anchors[0] : `a${anchors.length}`;
    anchors.push(name);
    return name;
  };
  const alias = (pick: number) => (anchors.length ? `*${anchors[pick % anchors.length]}` : '*nope');

  /** `head` is the line so far (`key:` or `-`); the node is written after it or below it. */
  function node(g: Gen, head: string, indent: number, inSeq: boolean): void {
    switch (g.k) {
      case 'scalar':
        push(`${head}${g.text === '' && next() % 2 ? '' : ' '}${g.text}${trailing()}`);
        return;
      case 'alias':
        push(`${head} ${alias(g.pick)}${trailing()}`);
        return;
      case 'flowLines': {
        // A flow sequence over several lines, as formatters write commands: `[`, one item a line, `]`.
        push(`${head} [${trailing()}`);
        g.items.forEach((item, i) => {
          const last = i === g.items.length - 1;
          const comma = item.startsWith('#') || (last && !g.trailingComma) ? '' : ',';
          lines.push(`${pad(indent + g.offsets[i % g.offsets.length])}${item}${comma}`);
        });
        push(`${pad(indent + g.close)}]`);
        return;
      }
      case 'block': {
        push(`${head} ${g.header}`);
        const inner = indent + 1 + (next() % 3) + (g.extra < 0 ? -2 : 0);
        g.lines.forEach((l, i) => lines.push(l.trim() === '' ? l : pad(inner + (i > 0 && g.extra > 4 ? next() % 3 : 0)) + l));
        return;
      }
      case 'tagged':
        // Compose's merge tags, before the value on its key's line or before a block below it.
        node(g.node, `${head} ${g.tag}`, indent, inSeq);
        return;
      case 'anchored': {
        const name = anchorName();
        if (g.ownLine) {
          push(head);
          if (g.node.k === 'scalar') push(`${pad(indent + 2)}&${name} ${g.node.text}`);
          else {
            push(`${pad(indent + 2)}&${name}`);
            body(g.node, indent, inSeq);
          }
        } else if (g.node.k === 'scalar') push(`${head} &${name} ${g.node.text}`);
        else {
          push(`${head} &${name}${trailing()}`);
          body(g.node, indent, inSeq);
        }
        return;
      }
      case 'map':
        if (inSeq && next() % 3 !== 0) {
          // Compact: `- key: value`, the other keys under the first.
          const col = head.length + 1 + (next() % 3 === 0 ? 2 : 0);
          g.entries.forEach(([k, v], i) => node(v, i === 0 ? `${head}${pad(col - head.length)}${k}:` : `${pad(col)}${k}:`, col, false));
          return;
        }
        push(`${head}${trailing()}`);
        body(g, indent, inSeq);
        return;
      case 'seq':
        if (inSeq && g.compact === 0) {
          node(g.items[0], `${head} -`, indent + 2, true);
          for (const item of g.items.slice(1)) node(item, `${pad(indent + 2)}-`, indent + 2, true);
          return;
        }
        push(`${head}${trailing()}`);
        body(g, indent, inSeq);
        return;
    }
  }
  /** A mapping or sequence on the lines below its parent at `indent`. */
  function body(g: Gen, indent: number, inSeq: boolean): void {
    if (g.k === 'map') {
      const at = indent + g.step;
      for (const [k, v] of g.entries) {
        if (k === '<<' && next() % 2) push(`${pad(at)}<<: ${next() % 3 ? alias(next()) : `[${alias(next())}, ${alias(next())}]`}`);
        else node(v, `${pad(at)}${k}:`, at, false);
      }
    } else if (g.k === 'seq') {
      const at = g.sameIndent && !inSeq ? indent : indent + g.step;
      for (const item of g.items) node(item, `${pad(at)}-`, at, true);
    } else node(g, `${pad(indent + 2)}-`, indent + 2, true);
  }

  if (root.k === 'map') body(root, -root.step, false);
  else body({ k: 'map', entries: [['root', root]], step: 1 }, -1, false);
  let text = lines.join('\n');
  if (layout.docStart) text = `---${next() % 2 ? ' # start' : ''}\n${text}`;
  if (layout.finalNewline) text += '\n';
  return text;
}

const layout = fc.record({ noise: fc.array(fc.nat(1000), { minLength: 1, maxLength: 30 }), docStart: fc.boolean(), finalNewline: fc.boolean() });
const composeText = fc.tuple(gen, layout).map(([g, l]) => write(g, l));

test('generated compose-like YAML: fast result equals the library result whenever the fast path accepts', () => {
  let accepted = 0;
  let total = 0;
  fc.assert(
    fc.property(composeText, (text) => {
      total++;
      if (check(text, 'generated') === 'accepted') accepted++;
    }),
    { numRuns: runs(1000), ...FUZZ },
  );
  console.log(`fast YAML path: ${accepted} of ${total} generated texts accepted`);
  // The generator must exercise the fast path, not only its refusals.
  assert.ok(accepted > total / 5, `${accepted} of ${total}`);
});

const INSERTS = ['"', "'", '[', ']', '{', '}', ':', ': ', '- ', '-', '\t', '#', ' #', '&a ', '*a', '*a0', '!reset ', '<<: ', '<<: *a0\n', '---\n', '...\n', '\r', '\u00a0', '\uFEFF', '? ', '|', '>', '%', '@', '\\', '\n', '\n  ', '\n ', ' ', '  ', ',', '\0', '\u2028'];
const edit = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTS)).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })).map(([at, n]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)),
  fc.nat().map((at) => (t: string) => t.slice(0, at % (t.length + 1))),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
    const l = t.split('\n');
    const [i, j] = [a % l.length, b % l.length];
    [l[i], l[j]] = [l[j], l[i]];
    return l.join('\n');
  }),
);

test('mutated text: the fast path never throws, and declines or agrees with the library', () => {
  const bench = generateProject(10)['compose.yaml'];
  const sources = fc.oneof(composeText, fc.constant(bench), fc.constantFrom(...corpusFiles.filter((_, i) => i % 5 === 0)).map((f) => readFileSync(f, 'utf8')));
  fc.assert(
    fc.property(sources, fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
      check(
        edits.reduce((t, e) => e(t), text),
        'mutant',
      );
    }),
    { numRuns: runs(1000), ...FUZZ },
  );
});

test('garbage: the fast path never throws, and declines or agrees with the library', () => {
  const unit = fc.constantFrom('a', 'b', ' ', '  ', '\n', ':', ': ', '- ', '#', '"', "'", '[', ']', ',', '&a', '*a', '|', '>', '1', 'true', '~', '---', '\t', '<<');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
      check(text, 'garbage');
    }),
    { numRuns: runs(1000), ...FUZZ },
  );
});

test.run();
