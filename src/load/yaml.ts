// Parses one compose file into plain JS values with positions kept beside them (see model/loc.ts).
// We walk the yaml Document AST ourselves instead of calling toJS() so that every value keeps its
// file:line:col, `!reset`/`!override` are seen where they are written, and alias expansion is bounded.
import { parseAllDocuments, visit, isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';
import { InputError, type InputProblem } from '../model/errors.ts';
import { setLoc, setSelfLoc, type Loc } from '../model/loc.ts';
import { parseComposeYamlFast, YAML_OPTIONS } from './yaml-fast.ts';

export type Path = Array<string | number>;

export interface ParsedDoc {
  file: string;
  /** The document's content: normally a mapping; null for an empty document. */
  value: unknown;
  /** Paths tagged `!reset` (the node was dropped) and `!override` (kept), in document order. */
  resets: Path[];
  overrides: Path[];
  /** Position of the document start, for errors about the file as a whole. */
  loc: Loc;
}

export interface ParseLimits {
  /** Nodes one file may expand to, aliases included. */
  maxNodes: number;
  /** Nodes that alias expansion alone may add ("billion laughs" guard: a few lines that expand to millions). */
  maxAliasNodes: number;
  /** Nesting depth. */
  maxDepth: number;
  /** Characters of one file: real compose files are kilobytes, and the YAML parser runs at about 1 MB/s. */
  maxChars: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxNodes: 2_000_000, maxAliasNodes: 100_000, maxDepth: 500, maxChars: 8 * 1024 * 1024 };

const TAGS = new Set(['!reset', '!override']);

/** Parse compose YAML text; one entry per YAML document. Throws InputError with every syntax problem. */
export function parseComposeYaml(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedDoc[] {
  return parse(text, file, limits, true);
}

/** parseComposeYaml through the yaml library alone, never the fast path: the reference the fast path is tested against. */
export function parseComposeYamlWithLibrary(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedDoc[] {
  return parse(text, file, limits, false);
}

function parse(text: string, file: string, limits: ParseLimits, fast: boolean): ParsedDoc[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > limits.maxChars) throw tooLarge(text.length, file, limits);
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new InputError('file contains a NUL byte; compose files must be UTF-8 text', positions(text, file)(nul));
  // Plain block YAML (nearly every compose file) is parsed directly; the library handles everything else.
  const quick = fast ? parseComposeYamlFast(text, file, limits) : undefined;
  if (quick) return quick;
  const at = positions(text, file);
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, YAML_OPTIONS);
  } catch (e) {
    // Deep block nesting overflows the parser's own recursion before our depth limit can see it.
    if (e instanceof RangeError) throw new InputError(`document is nested too deeply (the limit is ${limits.maxDepth} levels)`, { file, line: 1, col: 1 });
    throw e;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: InputProblem[] = [];
  for (const d of list) {
    for (const e of d.errors) problems.push({ message: yamlMessage(e.code, e.message), loc: at(e.pos[0]) });
    for (const w of d.warnings) {
      if (w.code === 'TAG_RESOLVE_FAILED' && /!reset|!override/.test(w.message)) continue;
      if (w.code === 'TAG_RESOLVE_FAILED') problems.push({ message: `unknown YAML tag (${tagName(w.message)})`, loc: at(w.pos[0]) });
    }
  }
  if (problems.length) throw new InputError(problems[0].message, problems[0].loc, problems);
  const out = list.map((d) => convertDoc(d, file, at, limits));
  const dupes = out.flatMap((d) => d.duplicates);
  if (dupes.length) throw new InputError(dupes[0].message, dupes[0].loc, dupes);
  return out.map(({ duplicates: _, ...d }) => d);
}

/**
 * Offset → line and column. Counted from the text itself: the parser's LineCounter misses line breaks it
 * skips while recovering from an error, which put error positions past the end of their line.
 */
function positions(text: string, file: string): (offset: number) => Loc {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

/** A file too large to be a compose file: refused before parsing so time and memory stay bounded. */
export function tooLarge(chars: number, file: string, limits: ParseLimits = DEFAULT_LIMITS): InputError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new InputError(`${file}: file is ${mb(chars)}; compose files larger than ${mb(limits.maxChars)} are refused`);
}

function tagName(msg: string): string {
  const m = /(![\w!.:/-]*)/.exec(msg);
  return m ? m[1] : 'unknown';
}

function yamlMessage(code: string, message: string): string {
  if (/call stack/i.test(message)) return 'document is nested too deeply';
  switch (code) {
    case 'KEY_OVER_1024_CHARS':
      return 'a mapping key without ? must be at most 1024 characters long';
    case 'DUPLICATE_KEY':
      return 'duplicate key in mapping';
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation';
    case 'BAD_INDENT':
      return 'bad indentation';
    case 'MISSING_CHAR':
    case 'BAD_SCALAR_START':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MISSING_ANCHOR':
    case 'BAD_ALIAS':
    default: {
      // yaml's messages can quote the source text; keep only their first clause, which does not.
      const first = message.split(/[:\n]/)[0].trim();
      return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    }
  }
}

interface Walk {
  doc: Document;
  at: (offset: number) => Loc;
  limits: ParseLimits;
  nodes: number;
  aliasNodes: number;
  resets: Path[];
  overrides: Path[];
  aliasStack: Node[];
  /** Each alias's anchor, found in one pass (Alias.resolve() walks the whole document per call). */
  anchors: Map<Alias, Node | undefined>;
  duplicates: InputProblem[];
}

/** Resolve every alias to the last node before it with that anchor, as YAML (and the yaml library) do. */
function resolveAnchors(doc: Document): Map<Alias, Node | undefined> {
  const current = new Map<string, Node>();
  const out = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) out.set(node, current.get(node.source));
      else if (node.anchor) current.set(node.anchor, node as Node);
    },
  });
  return out;
}

function convertDoc(doc: Document, file: string, at: (o: number) => Loc, limits: ParseLimits): ParsedDoc & { duplicates: InputProblem[] } {
  const w: Walk = { doc, at, limits, nodes: 0, aliasNodes: 0, resets: [], overrides: [], aliasStack: [], anchors: resolveAnchors(doc), duplicates: [] };
  const start = doc.contents?.range?.[0] ?? 0;
  let value: unknown = null;
  if (doc.contents) {
    const r = convert(doc.contents as Node, w, [], 0);
    value = r.dropped ? null : r.value;
  }
  return { file, value, resets: w.resets, overrides: w.overrides, loc: at(start), duplicates: w.duplicates };
}

interface Converted {
  value: unknown;
  loc: Loc;
  dropped: boolean; // tagged !reset
}

function convert(node: Node, w: Walk, path: Path, depth: number): Converted {
  if (++w.nodes > w.limits.maxNodes) {
    throw new InputError(`document has more than ${w.limits.maxNodes} nodes; refusing to load it`, w.at(node.range?.[0] ?? 0));
  }
  if (w.aliasStack.length && ++w.aliasNodes > w.limits.maxAliasNodes) {
    throw new InputError(`aliases expand to more than ${w.limits.maxAliasNodes} nodes ("billion laughs"?); refusing to expand them`, w.at(node.range?.[0] ?? 0));
  }
  if (depth > w.limits.maxDepth) {
    throw new InputError(`document is nested more than ${w.limits.maxDepth} levels deep`, w.at(node.range?.[0] ?? 0));
  }
  if (isAlias(node)) {
    const target = w.anchors.get(node);
    if (!target) throw new InputError('alias refers to an unknown anchor', w.at(node.range?.[0] ?? 0));
    if (w.aliasStack.includes(target as Node)) throw new InputError('alias refers to itself', w.at(node.range?.[0] ?? 0));
    w.aliasStack.push(target as Node);
    const r = convert(target as Node, w, path, depth + 1);
    w.aliasStack.pop();
    return { ...r, loc: w.at(node.range?.[0] ?? 0) };
  }
  const loc = w.at(node.range?.[0] ?? 0);
  const tag = (node as { tag?: string }).tag;
  let dropped = false;
  if (tag && TAGS.has(tag)) {
    if (tag === '!reset') {
      w.resets.push([...path]);
      dropped = true;
    } else w.overrides.push([...path]);
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    setSelfLoc(out, loc);
    const merges: Node[] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.source === '<<' && keyNode.type === 'PLAIN') {
        if (pair.value) merges.push(pair.value as Node);
        continue;
      }
      const key = keyString(keyNode, w);
      const keyLoc = w.at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      // Keys compare as the strings they become (`1` and "1" are one key, as in compose-go's YAML decoder).
      if (seen.has(key)) {
        w.duplicates.push({ message: 'duplicate key in mapping', loc: keyLoc });
        continue;
      }
      seen.add(key);
      if (pair.value === null || pair.value === undefined) {
        out[key] = null;
        setLoc(out, key, keyLoc, keyLoc);
        continue;
      }
      const r = convert(pair.value as Node, w, [...path, key], depth + 1);
      if (r.dropped) continue;
      out[key] = r.value;
      setLoc(out, key, r.loc, keyLoc);
    }
    // YAML merge keys: explicit keys win; among merged maps the first listed wins.
    for (const m of merges) {
      const sources = isSeq(m) ? (m.items as Node[]) : [m];
      for (const s of sources) {
        const r = convert(s, w, path, depth + 1);
        if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
          throw new InputError('merge key << needs a mapping or a list of mappings', r.loc);
        }
        for (const [k, v] of Object.entries(r.value as Record<string, unknown>)) {
          if (k in out) continue;
          out[k] = v;
          setLoc(out, k, r.loc);
        }
      }
    }
    return { value: out, loc, dropped };
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    setSelfLoc(out, loc);
    for (const item of node.items) {
      if (item === null || item === undefined) {
        out.push(null);
        continue;
      }
      if (isPair(item)) {
        // A flow mapping inside a sequence ([a: 1]) is a single-pair map.
        const single: Record<string, unknown> = {};
        const key = keyString(item.key as Node, w);
        const r = item.value ? convert(item.value as Node, w, [...path, out.length, key], depth + 2) : { value: null, loc, dropped: false };
        single[key] = r.value;
        setLoc(single, key, r.loc);
        setLoc(out, out.length, loc);
        out.push(single);
        continue;
      }
      // `!reset` on one sequence item cannot remove it from a base list (compose-go); the item just goes.
      const before = w.resets.length;
      const r = convert(item as Node, w, [...path, out.length], depth + 1);
      if (r.dropped) {
        w.resets.length = before;
        continue;
      }
      setLoc(out, out.length, r.loc);
      out.push(r.value);
    }
    return { value: out, loc, dropped };
  }
  if (isScalar(node)) {
    let v = node.value as unknown;
    if (typeof v === 'bigint') v = Number(v);
    if (v instanceof Date) v = node.source;
    if (typeof v === 'symbol') v = String(node.source);
    return { value: v, loc, dropped };
  }
  return { value: null, loc, dropped };
}

function keyString(keyNode: Node | null, w: Walk): string {
  const key = keyText(keyNode, w);
  // Assigning it to a plain object would set the prototype instead: the entry would vanish silently.
  if (key === '__proto__') throw new InputError('"__proto__" cannot be used as a key', w.at(keyNode?.range?.[0] ?? 0));
  return key;
}

function keyText(keyNode: Node | null, w: Walk): string {
  if (keyNode === null || keyNode === undefined) return '';
  if (isScalar(keyNode)) {
    const v = keyNode.value;
    if (v === null) return 'null';
    return typeof v === 'string' ? v : String(keyNode.source ?? v);
  }
  if (isAlias(keyNode)) {
    const t = w.anchors.get(keyNode);
    if (t && isScalar(t)) return String(t.value);
  }
  throw new InputError('mapping keys must be strings', w.at(keyNode.range?.[0] ?? 0));
}
