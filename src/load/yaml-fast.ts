// A direct, single-pass parser for the plain block YAML that compose files nearly always are: block
// mappings and sequences, one-line scalars, comments, `|`/`>` block scalars, one-line flow sequences of
// scalars, anchors, aliases and `<<` merge keys. It returns exactly what the yaml library's path in
// yaml.ts returns (same values, same positions through model/loc.ts), or undefined as soon as the text
// steps outside that subset or looks wrong in any way: the library path then parses it and reports
// the errors. The library's generic lexer/parser/composer is most of a cold run's parse time.
import { Document, isScalar } from 'yaml';
import { copyAllMeta, setLoc, setSelfLoc, type Loc } from '../model/loc.ts';
import type { ParsedDoc, ParseLimits } from './yaml.ts';

/** Options of every parse, shared with yaml.ts so both paths resolve scalars with the same schema. */
export const YAML_OPTIONS = {
  merge: true,
  // The library's duplicate check is quadratic in the keys of a mapping; convert() checks in linear time.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
  keepSourceTokens: false,
} as const;

// Plain scalars resolve through the schema's own tags, in the schema's order, as the library's
// composer does (findScalarTagByTest): never a hand-written copy of the YAML 1.2 core rules.
interface PlainTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: object) => unknown;
}
interface Resolution {
  options: object;
  valueTags: PlainTag[];
  keyTags: PlainTag[];
  /** All tags' tests in one: a string it rejects is a string, the common case, decided in one pass. */
  any: RegExp | undefined;
}
let resolution: Resolution | undefined;
/** Built on first use: commands that parse no YAML do not pay for a schema. */
function tagsOf(): Resolution {
  if (resolution) return resolution;
  const doc = new Document(null, YAML_OPTIONS);
  const all = doc.schema.tags as unknown as PlainTag[];
  const keyTags = all.filter((t) => (t.default === true || t.default === 'key') && t.test);
  const tests = keyTags.map((t) => t.test as RegExp);
  const any = tests.every((r) => !r.flags) ? new RegExp(tests.map((r) => `(?:${r.source})`).join('|')) : undefined;
  resolution = { options: doc.options, valueTags: all.filter((t) => t.default === true && t.test), keyTags, any };
  return resolution;
}

const LF = 10;
const SP = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const AMP = 38;
const SQUOTE = 39;
const STAR = 42;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const QUESTION = 63;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

// Characters that may not start a plain scalar here, or start something outside the subset.
const NOT_PLAIN_START = new Set([...'&*!|>[]{},#%@`\'"'].map((c) => c.charCodeAt(0)));
// Tabs, carriage returns, other control characters, byte order marks and the Unicode line breaks:
// each has rules of its own (or is an error), so the library path handles any text holding one.
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

const ESCAPES = new Map<string, string>([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['e', '\x1b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
]);
const HEX = /^[0-9a-fA-F]+$/;

/** Thrown to leave the fast path; never escapes this module. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

/** Compose's merge tags; `end` is set to where the tag ends each time one is found. */
interface Tag {
  length: number;
  end: number;
}
const RESET: Tag = { length: '!reset'.length, end: 0 };
const OVERRIDE: Tag = { length: '!override'.length, end: 0 };
function unsupported(): never {
  throw UNSUPPORTED;
}

interface Anchor {
  value: unknown;
  /** Nodes the library's convert() visits for one expansion. */
  size: number;
  /** Levels below the anchored node. */
  height: number;
}

// Real compose files nest a dozen levels; deeper text goes to the library path, which owns the errors.
const MAX_FAST_DEPTH = 64;

/**
 * parseComposeYaml's result for `text`, or undefined when the text is outside the fast path's subset.
 * `text` has been through parseComposeYaml's checks (BOM removed, size, NUL).
 */
export function parseComposeYamlFast(text: string, file: string, limits: ParseLimits): ParsedDoc[] | undefined {
  try {
    return parseFastOrThrow(text, file, limits);
  } catch {
    // An unexpected exception is a bug here, never the user's: the library path still gives the answer.
    return undefined;
  }
}

/** As parseComposeYamlFast, but internal errors propagate (tests). */
export function parseFastOrThrow(text: string, file: string, limits: ParseLimits): ParsedDoc[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new FastParser(text, file, limits).document();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A fresh copy of a parsed value with its positions, as the library path converts an alias's target again. */
function clone(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) out.push(clone(x));
    copyAllMeta(v, out);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = clone((v as Record<string, unknown>)[k]);
  copyAllMeta(v, out);
  return out;
}

function findTag(src: string, key: boolean): PlainTag | undefined {
  const r = tagsOf();
  if (r.any && !r.any.test(src)) return undefined;
  for (const t of key ? r.keyTags : r.valueTags) if ((t.test as RegExp).test(src)) return t;
  return undefined;
}

function resolveWith(tag: PlainTag, src: string): unknown {
  let failed = false;
  const res = tag.resolve(src, () => (failed = true), tagsOf().options);
  if (failed) unsupported();
  return isScalar(res) ? res.value : res;
}

/** A plain scalar's value, as convert() makes it from the library's node. */
function plainValue(src: string): unknown {
  const tag = findTag(src, false);
  if (!tag) return src;
  const v = resolveWith(tag, src);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date || typeof v === 'symbol') return src;
  return v;
}

/** A plain key's string, as keyText() makes it. */
function plainKey(src: string): string {
  const tag = findTag(src, true);
  if (!tag) return src;
  const v = resolveWith(tag, src);
  if (v === null) return 'null';
  return typeof v === 'string' ? v : src;
}

class FastParser {
  private readonly t: string;
  private readonly len: number;
  private readonly file: string;
  private readonly maxNodes: number;
  private readonly maxAliasNodes: number;
  private readonly maxDepth: number;
  /** Offset of the current line's start. */
  private lineStart = 0;
  /** 1-based number of the current line. */
  private lineNo = 1;
  /** After nextContent(): offset of the first non-space character of the current line. */
  private pos = 0;
  private indent = 0;
  private eof = false;
  private nodes = 0;
  private aliasNodes = 0;
  private deepest = 0;
  private readonly anchors = new Map<string, Anchor>();
  /** Set by every node parser: where the node it returned starts. */
  private lastLoc: Loc = { file: '', line: 1, col: 1 };
  /** Set by the one-line parsers: the offset just after the node's text. */
  private end = 0;
  /** Set by scanKey(). */
  private key = '';
  private keyIsMerge = false;
  /** Where the parser is (keys and item indexes), for the paths of `!reset` and `!override`. */
  private readonly path: Array<string | number> = [];
  private readonly resets: Array<Array<string | number>> = [];
  private readonly overrides: Array<Array<string | number>> = [];
  /** Inside an anchored node: a tag there would be seen again at each alias, which is the library's to count. */
  private anchoring = 0;
  /** The next node carries a merge tag: a plain scalar under an unknown tag stays the string it is written as. */
  private tagged = false;

  constructor(text: string, file: string, limits: ParseLimits) {
    this.t = text;
    this.len = text.length;
    this.file = file;
    this.maxNodes = limits.maxNodes;
    this.maxAliasNodes = limits.maxAliasNodes;
    this.maxDepth = Math.min(limits.maxDepth, MAX_FAST_DEPTH);
  }

  document(): ParsedDoc[] {
    if (this.nextContent(true)) {
      // A `---` line before the content; anything else on it, or a second marker, is left to the library.
      if (this.t.charCodeAt(this.pos) !== DASH) unsupported();
      this.endLine(this.pos + 3);
    }
    if (this.eof || this.isSeqItem(this.pos)) unsupported();
    const value = this.parseMap(this.indent, 0, -1);
    const loc = { ...this.lastLoc };
    if (!this.eof) unsupported();
    return [{ file: this.file, value, resets: this.resets, overrides: this.overrides, loc }];
  }

  private loc(offset: number): Loc {
    return { file: this.file, line: this.lineNo, col: offset - this.lineStart + 1 };
  }

  /** Whether offset i ends a token: a space, a line break or the end of the text. */
  private blankAt(i: number): boolean {
    if (i >= this.len) return true;
    const c = this.t.charCodeAt(i);
    return c === SP || c === LF;
  }

  private skipSpaces(i: number): number {
    while (this.t.charCodeAt(i) === SP) i++;
    return i;
  }

  private isSeqItem(i: number): boolean {
    return this.t.charCodeAt(i) === DASH && this.blankAt(i + 1);
  }

  private node(depth: number): void {
    if (++this.nodes > this.maxNodes || depth > this.maxDepth) unsupported();
    if (depth > this.deepest) this.deepest = depth;
  }

  /** Count an alias's expansion as convert() does (its target's nodes again) and check the limits. */
  private expand(a: Anchor, targetDepth: number): void {
    this.nodes += a.size;
    this.aliasNodes += a.size;
    const deepest = targetDepth + a.height;
    if (this.nodes > this.maxNodes || this.aliasNodes > this.maxAliasNodes || deepest > this.maxDepth) unsupported();
    if (deepest > this.deepest) this.deepest = deepest;
  }

  /**
   * Move to the next line holding content, from the start of the current line: blank and comment lines
   * are skipped. Returns true when it stops at a document marker and `markerOk` (otherwise a marker is unsupported).
   */
  private nextContent(markerOk = false): boolean {
    const t = this.t;
    for (;;) {
      const start = this.lineStart;
      let i = start;
      while (t.charCodeAt(i) === SP) i++;
      if (i >= this.len) {
        this.eof = true;
        this.indent = -1;
        this.pos = this.len;
        return false;
      }
      const c = t.charCodeAt(i);
      if (c === LF || c === HASH) {
        const nl = c === LF ? i : t.indexOf('\n', i);
        if (nl < 0) {
          this.eof = true;
          this.indent = -1;
          this.pos = this.len;
          return false;
        }
        this.lineStart = nl + 1;
        this.lineNo++;
        continue;
      }
      this.indent = i - start;
      this.pos = i;
      if (i === start && (c === DASH || c === DOT) && this.blankAt(i + 3)) {
        const three = t.slice(i, i + 3);
        if (three === '---' || three === '...') {
          if (!markerOk) unsupported();
          return true;
        }
      }
      return false;
    }
  }

  /** After a node's text on the current line only spaces and a comment may follow; go to the next content line. */
  private endLine(i: number): void {
    const t = this.t;
    i = this.skipSpaces(i);
    if (i < this.len) {
      const c = t.charCodeAt(i);
      if (c === HASH) {
        if (t.charCodeAt(i - 1) !== SP) unsupported();
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? this.len : nl;
      } else if (c !== LF) unsupported();
    }
    if (i >= this.len) {
      this.eof = true;
      this.indent = -1;
      this.pos = this.len;
      return;
    }
    this.lineStart = i + 1;
    this.lineNo++;
    this.nextContent();
  }

  /**
   * Whether the text at `q` is an implicit key followed by `: ` (or `:` and the line's end). Sets `key` /
   * `keyIsMerge` and returns the colon's offset, or -1 when the line holds no key. Quoted keys are supported.
   */
  private scanKey(q: number): number {
    const t = this.t;
    const c = t.charCodeAt(q);
    if (c === DQUOTE || c === SQUOTE) {
      const v = c === DQUOTE ? this.doubleQuoted(q) : this.singleQuoted(q);
      const p = this.skipSpaces(this.end);
      if (t.charCodeAt(p) !== COLON || !this.blankAt(p + 1)) return -1;
      if (p - q > 1000) unsupported();
      this.key = v;
      this.keyIsMerge = false;
      return p;
    }
    if (NOT_PLAIN_START.has(c)) return -1;
    if ((c === DASH || c === QUESTION || c === COLON) && this.blankAt(q + 1)) return -1;
    let end = q;
    for (let i = q; i < this.len; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LF) return -1;
      if (ch === SP) {
        if (t.charCodeAt(i + 1) === HASH) return -1;
        continue;
      }
      if (ch === COLON && this.blankAt(i + 1)) {
        if (i - q > 1000) unsupported();
        const src = t.slice(q, end);
        this.keyIsMerge = src === '<<';
        this.key = this.keyIsMerge ? src : plainKey(src);
        return i;
      }
      end = i + 1;
    }
    return -1;
  }

  /**
   * A block mapping whose first key is at `pos`, in column `n` (a compact mapping in a sequence item
   * starts mid-line). `colon` is that key's already scanned colon, or -1.
   */
  private parseMap(n: number, depth: number, colon: number): Record<string, unknown> {
    this.node(depth);
    this.tagged = false;
    const out: Record<string, unknown> = {};
    const loc = this.loc(this.pos);
    setSelfLoc(out, loc);
    let merges: Array<[Record<string, unknown>, Loc]> | undefined;
    let dropped: Set<string> | undefined;
    for (;;) {
      const keyStart = this.pos;
      if (colon < 0) colon = this.scanKey(keyStart);
      if (colon < 0) unsupported();
      const keyLoc = this.loc(keyStart);
      if (this.keyIsMerge) {
        merges ??= [];
        this.parseMerge(colon + 1, depth, merges);
      } else {
        const key = this.key;
        if (key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key) || dropped?.has(key)) unsupported();
        const tag = this.tagAt(this.skipSpaces(colon + 1));
        this.path.push(key);
        if (tag) (tag === RESET ? this.resets : this.overrides).push(this.path.slice());
        const v = this.parseValue(tag ? tag.end : colon + 1, n, depth + 1, true, tag !== undefined);
        this.path.pop();
        // A `!reset` node is parsed (its errors and limits count) and then dropped, as convert() does.
        if (tag === RESET) (dropped ??= new Set()).add(key);
        else {
          out[key] = v;
          setLoc(out, key, this.lastLoc, keyLoc);
        }
      }
      colon = -1;
      if (this.eof || this.indent < n) break;
      if (this.indent > n || this.isSeqItem(this.pos)) unsupported();
    }
    // YAML merge keys, as convert() applies them: explicit keys win; among merged maps the first listed wins.
    if (merges) {
      for (const [src, aliasLoc] of merges) {
        for (const k of Object.keys(src)) {
          if (k in out) continue;
          out[k] = clone(src[k]);
          setLoc(out, k, aliasLoc);
        }
      }
    }
    this.lastLoc = loc;
    return out;
  }

  /** `<<: *a` or `<<: [*a, *b]` (anything else goes to the library). */
  private parseMerge(p: number, depth: number, merges: Array<[Record<string, unknown>, Loc]>): void {
    const t = this.t;
    let q = this.skipSpaces(p);
    const one = (): void => {
      if (t.charCodeAt(q) !== STAR) unsupported();
      const { anchor, end } = this.aliasAt(q);
      if (!isPlainObject(anchor.value)) unsupported();
      this.node(depth + 1);
      this.expand(anchor, depth + 2);
      merges.push([anchor.value, this.loc(q)]);
      q = end;
    };
    if (t.charCodeAt(q) === LBRACKET) {
      q = this.skipSpaces(q + 1);
      for (;;) {
        one();
        q = this.skipSpaces(q);
        const c = t.charCodeAt(q);
        if (c === RBRACKET) break;
        if (c !== COMMA) unsupported();
        q = this.skipSpaces(q + 1);
      }
      q++;
    } else one();
    this.endLine(q);
  }

  /**
   * `!reset` or `!override` at `q`, before a mapping value; undefined when there is no tag. Other tags, a tag
   * inside an anchored node, and a tag followed by an anchor, an alias or nothing go to the library.
   */
  private tagAt(q: number): Tag | undefined {
    const t = this.t;
    if (t.charCodeAt(q) !== BANG) return undefined;
    const tag = t.startsWith('!reset', q) && this.blankAt(q + 6) ? RESET : t.startsWith('!override', q) && this.blankAt(q + 9) ? OVERRIDE : undefined;
    if (!tag || this.anchoring) unsupported();
    const end = q + tag.length;
    const c = t.charCodeAt(this.skipSpaces(end));
    if (c === AMP || c === STAR) unsupported();
    tag.end = end;
    return tag;
  }

  private aliasAt(q: number): { anchor: Anchor; end: number } {
    let p = q + 1;
    while (p < this.len && isAnchorChar(this.t.charCodeAt(p))) p++;
    if (p === q + 1) unsupported();
    const anchor = this.anchors.get(this.t.slice(q + 1, p));
    if (!anchor) unsupported();
    const c = this.t.charCodeAt(p);
    if (!(p >= this.len || c === SP || c === LF || c === COMMA || c === RBRACKET)) unsupported();
    return { anchor, end: p };
  }

  /** The value after a `:` or `-` indicator ending at `p`: on the same line, or a block on the lines below. */
  private parseValue(p: number, n: number, depth: number, seqAtN: boolean, tagged = false): unknown {
    this.tagged = tagged;
    const q = this.skipSpaces(p);
    const c = this.t.charCodeAt(q);
    if (q >= this.len || c === LF || c === HASH) {
      // An empty value sits right after the indicator and its spaces (the library's emptyScalarPosition).
      // A tagged empty value is an empty string there, not null: left to the library (parseBlock needs a node).
      const emptyLoc = this.loc(q);
      this.endLine(q);
      return this.parseBlock(n, depth, seqAtN, tagged ? undefined : emptyLoc);
    }
    return this.parseInline(q, n, depth, seqAtN);
  }

  /**
   * A node on the following lines, more indented than `n` (or a sequence at `n` under a mapping key).
   * `emptyLoc`: where the node is when there is none; undefined after an anchor, which needs a node.
   */
  private parseBlock(n: number, depth: number, seqAtN: boolean, emptyLoc: Loc | undefined): unknown {
    if (!this.eof) {
      if (this.indent > n) {
        if (this.isSeqItem(this.pos)) return this.parseSeq(this.indent, depth);
        const colon = this.scanKey(this.pos);
        if (colon >= 0) return this.parseMap(this.indent, depth, colon);
        // A node on a line of its own (`&anchor` alone on its line, `["a"]`, a scalar). A second anchor,
        // or an alias, after an anchor is an error.
        const c = this.t.charCodeAt(this.pos);
        if (!emptyLoc && (c === AMP || c === STAR)) unsupported();
        return this.parseInline(this.pos, n, depth, false, true);
      }
      if (this.indent === n && seqAtN && this.isSeqItem(this.pos)) return this.parseSeq(n, depth);
    }
    if (!emptyLoc) unsupported();
    this.node(depth);
    this.lastLoc = emptyLoc;
    return null;
  }

  private parseSeq(n: number, depth: number): unknown[] {
    this.node(depth);
    this.tagged = false;
    const out: unknown[] = [];
    const loc = this.loc(this.pos);
    setSelfLoc(out, loc);
    for (;;) {
      const q = this.skipSpaces(this.pos + 1);
      const c = this.t.charCodeAt(q);
      let v: unknown;
      this.path.push(out.length);
      if (q >= this.len || c === LF || c === HASH) v = this.parseValue(q, n, depth + 1, false);
      else if (c === DASH && this.blankAt(q + 1)) unsupported();
      else {
        const colon = this.scanKey(q);
        if (colon >= 0) {
          this.pos = q;
          v = this.parseMap(q - this.lineStart, depth + 1, colon);
        } else v = this.parseInline(q, n, depth + 1, false);
      }
      this.path.pop();
      setLoc(out, out.length, this.lastLoc);
      out.push(v);
      if (this.eof || this.indent < n) break;
      if (this.indent > n) unsupported();
      if (!this.isSeqItem(this.pos)) break;
    }
    this.lastLoc = loc;
    return out;
  }

  /**
   * A value starting at `q` on the current line; returns at the next content line. `ownLine`: the value
   * does not follow its key or `-` on their line (where block scalars' indentation rules differ).
   */
  private parseInline(q: number, n: number, depth: number, seqAtN: boolean, ownLine = false): unknown {
    const c = this.t.charCodeAt(q);
    if (c === AMP) return this.parseAnchored(q, n, depth, seqAtN, ownLine);
    if (c === STAR) {
      const { anchor, end } = this.aliasAt(q);
      this.node(depth);
      this.expand(anchor, depth + 1);
      const loc = this.loc(q);
      const v = clone(anchor.value);
      this.endLine(end);
      this.lastLoc = loc;
      return v;
    }
    const v = this.parseScalar(q, n, depth, ownLine);
    if (this.end >= 0) this.endLine(this.end);
    return v;
  }

  private parseAnchored(q: number, n: number, depth: number, seqAtN: boolean, ownLine: boolean): unknown {
    const t = this.t;
    let p = q + 1;
    while (p < this.len && isAnchorChar(t.charCodeAt(p))) p++;
    const name = t.slice(q + 1, p);
    // A redefined anchor would need the library's "last definition before the alias" order; an alias
    // to an anchor not yet complete is an error. Neither is registered here before the node ends.
    if (!name || this.anchors.has(name) || !this.blankAt(p)) unsupported();
    const r = this.skipSpaces(p);
    const c = t.charCodeAt(r);
    const nodesBefore = this.nodes;
    const deepestBefore = this.deepest;
    this.deepest = depth;
    this.anchoring++;
    let v: unknown;
    if (r >= this.len || c === LF || c === HASH) {
      this.endLine(r);
      v = this.parseBlock(n, depth, seqAtN, undefined);
    } else {
      if (c === AMP || c === STAR || this.scanKey(r) >= 0) unsupported();
      v = this.parseScalar(r, n, depth, ownLine);
      if (this.end >= 0) this.endLine(this.end);
    }
    this.anchoring--;
    const height = this.deepest - depth;
    if (deepestBefore > this.deepest) this.deepest = deepestBefore;
    if (this.anchors.has(name)) unsupported(); // also defined inside the node
    this.anchors.set(name, { value: v, size: this.nodes - nodesBefore, height });
    return v;
  }

  /**
   * A scalar or flow collection at `q`. Sets `end` past its text on the current line, or to -1 when it
   * was a block scalar, which leaves the parser at the next content line.
   */
  private parseScalar(q: number, n: number, depth: number, ownLine: boolean): unknown {
    const t = this.t;
    const c = t.charCodeAt(q);
    this.node(depth);
    const tagged = this.tagged;
    this.tagged = false;
    if (c === DQUOTE || c === SQUOTE) {
      const loc = this.loc(q);
      const v = c === DQUOTE ? this.doubleQuoted(q) : this.singleQuoted(q);
      this.lastLoc = loc;
      return v;
    }
    if (c === LBRACKET) return this.flowSeq(q, n, depth);
    if (c === LBRACE) {
      const p = this.skipSpaces(q + 1);
      if (t.charCodeAt(p) !== RBRACE) unsupported();
      const out = {};
      const loc = this.loc(q);
      setSelfLoc(out, loc);
      this.end = p + 1;
      this.lastLoc = loc;
      return out;
    }
    if (c === PIPE || c === GT) {
      if (ownLine) unsupported();
      return this.blockScalar(q, n);
    }
    if (NOT_PLAIN_START.has(c)) unsupported();
    if ((c === DASH || c === QUESTION || c === COLON) && this.blankAt(q + 1)) unsupported();
    let end = q;
    for (let i = q; i < this.len; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LF) break;
      if (ch === SP) {
        if (t.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      // `a: b: c` and `a: b:` are errors (or nested keys): the library reports them.
      if (ch === COLON && this.blankAt(i + 1)) unsupported();
      end = i + 1;
    }
    this.end = end;
    this.lastLoc = this.loc(q);
    return tagged ? t.slice(q, end) : plainValue(t.slice(q, end));
  }

  /**
   * A flow sequence of scalars: `[a, "b", 1]`, or over several lines, each indented more than the
   * parent (the lexer's indentNext), with comments and a trailing comma.
   */
  private flowSeq(q: number, n: number, depth: number): unknown[] {
    const t = this.t;
    const out: unknown[] = [];
    const loc = this.loc(q);
    setSelfLoc(out, loc);
    let p = this.flowSpace(q + 1, n);
    while (t.charCodeAt(p) !== RBRACKET) {
      const c = t.charCodeAt(p);
      const itemLoc = this.loc(p);
      this.node(depth + 1);
      let v: unknown;
      if (c === DQUOTE || c === SQUOTE) {
        v = c === DQUOTE ? this.doubleQuoted(p) : this.singleQuoted(p);
        p = this.end;
      } else {
        if (NOT_PLAIN_START.has(c) || !isFlowPlainChar(c)) unsupported();
        if ((c === DASH || c === QUESTION) && !isFlowPlainChar(t.charCodeAt(p + 1))) unsupported();
        let i = p;
        let end = p;
        for (; ; i++) {
          const ch = t.charCodeAt(i);
          if (ch === COMMA || ch === RBRACKET) break;
          if (ch === SP) continue;
          // Line breaks (multi-line plain scalars), comments, `:` (pairs) and nested collections.
          if (!isFlowPlainChar(ch)) unsupported();
          end = i + 1;
        }
        v = plainValue(t.slice(p, end));
        p = i;
      }
      setLoc(out, out.length, itemLoc);
      out.push(v);
      // A plain item ends at its separator on the same line (a line break could continue it).
      p = c === DQUOTE || c === SQUOTE ? this.flowSpace(p, n) : this.skipSpaces(p);
      const d = t.charCodeAt(p);
      if (d === RBRACKET) break;
      if (d !== COMMA) unsupported();
      p = this.flowSpace(p + 1, n);
    }
    this.end = p + 1;
    this.lastLoc = loc;
    return out;
  }

  /** Skip spaces, line breaks and comments inside a flow sequence; the lines it reaches must be indented more than `n`. */
  private flowSpace(p: number, n: number): number {
    const t = this.t;
    for (;;) {
      p = this.skipSpaces(p);
      let c = t.charCodeAt(p);
      if (c === HASH) {
        if (t.charCodeAt(p - 1) !== SP && p !== this.lineStart) unsupported();
        p = t.indexOf('\n', p);
        if (p < 0) unsupported();
        c = LF;
      }
      if (c !== LF) {
        if (p >= this.len) unsupported();
        return p;
      }
      this.lineStart = p + 1;
      this.lineNo++;
      p = this.skipSpaces(p + 1);
      c = t.charCodeAt(p);
      // The closing bracket may be at the parent's own indentation (the lexer's "flow end marker").
      const indent = p - this.lineStart;
      if (c !== LF && c !== HASH && (indent < n || (indent === n && c !== RBRACKET))) unsupported();
    }
  }

  private doubleQuoted(q: number): string {
    const t = this.t;
    let res = '';
    let seg = q + 1;
    let i = seg;
    for (;;) {
      if (i >= this.len) unsupported();
      const ch = t.charCodeAt(i);
      if (ch === DQUOTE) {
        this.end = i + 1;
        return res + t.slice(seg, i);
      }
      if (ch === LF) unsupported();
      if (ch === BACKSLASH) {
        res += t.slice(seg, i);
        const next = t.charAt(i + 1);
        const esc = ESCAPES.get(next);
        if (esc !== undefined) i += 2;
        else if (next === 'x' || next === 'u' || next === 'U') {
          const size = next === 'x' ? 2 : next === 'u' ? 4 : 8;
          const hex = t.substr(i + 2, size);
          if (hex.length !== size || !HEX.test(hex)) unsupported();
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) unsupported();
          res += String.fromCodePoint(cp);
          i += 2 + size;
        } else unsupported();
        if (esc !== undefined) res += esc;
        seg = i;
        continue;
      }
      i++;
    }
  }

  private singleQuoted(q: number): string {
    const t = this.t;
    let lineEnd = t.indexOf('\n', q);
    if (lineEnd < 0) lineEnd = this.len;
    let res = '';
    let seg = q + 1;
    for (;;) {
      const e = t.indexOf("'", seg);
      if (e < 0 || e > lineEnd) unsupported();
      if (t.charCodeAt(e + 1) === SQUOTE) {
        res += t.slice(seg, e + 1);
        seg = e + 2;
        continue;
      }
      this.end = e + 1;
      return res + t.slice(seg, e);
    }
  }

  /**
   * `|`, `|-`, `>`, `>-` with the indentation taken from the first line, as the library's
   * resolveBlockScalar computes them; `+`, indentation indicators and whitespace-only lines longer than
   * the indentation (kept or folded in their own ways) go to the library.
   */
  private blockScalar(q: number, n: number): string {
    const t = this.t;
    const loc = this.loc(q);
    const folded = t.charCodeAt(q) === GT;
    let p = q + 1;
    const strip = t.charCodeAt(p) === DASH;
    if (strip) p++;
    if (!this.blankAt(p)) unsupported();
    p = this.skipSpaces(p);
    if (t.charCodeAt(p) === HASH) {
      if (t.charCodeAt(p - 1) !== SP) unsupported();
      p = t.indexOf('\n', p);
    } else if (p < this.len && t.charCodeAt(p) !== LF) unsupported();
    if (p < 0 || p >= this.len) unsupported();
    // Lines of the scalar: leading empty lines, then content until a line less indented than the first.
    let lineStart = p + 1;
    let leading = 0;
    let indent = -1;
    const lines: Array<[number, number, number]> = []; // [spaces, content start, line end]
    let lastContent = -1;
    for (;;) {
      if (lineStart >= this.len) break;
      let i = lineStart;
      while (t.charCodeAt(i) === SP) i++;
      const spaces = i - lineStart;
      let e = t.indexOf('\n', i);
      if (e < 0) e = this.len;
      if (i === e) {
        if (indent >= 0 ? spaces > indent : false) unsupported();
        if (indent < 0) leading++;
        else lines.push([spaces, i, e]);
      } else {
        if (indent < 0) {
          if (spaces <= n) unsupported(); // an empty block scalar
          indent = spaces;
        } else if (spaces < indent) break;
        lines.push([spaces, i, e]);
        lastContent = lines.length;
      }
      lineStart = e + 1;
    }
    if (indent < 0) unsupported();
    // Leading empty lines longer than the indentation need an indentation indicator (an error here).
    for (let k = 0, s = p + 1; k < leading; k++) {
      const e = t.indexOf('\n', s);
      if (e - s > indent) unsupported();
      s = e + 1;
    }
    lines.length = lastContent;
    let value = '\n'.repeat(leading);
    if (!folded) {
      value += lines.map(([spaces, start, e]) => (start === e ? '' : ' '.repeat(spaces - indent) + t.slice(start, e))).join('\n');
    } else {
      let sep = '';
      let prevMoreIndented = false;
      for (const [spaces, start, e] of lines) {
        const content = t.slice(start, e);
        if (spaces > indent && content !== '') {
          if (sep === ' ') sep = '\n';
          else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
          value += sep + ' '.repeat(spaces - indent) + content;
          sep = '\n';
          prevMoreIndented = true;
        } else if (content === '') {
          if (sep === '\n') value += '\n';
          else sep = '\n';
        } else {
          value += sep + content;
          sep = ' ';
          prevMoreIndented = false;
        }
      }
    }
    if (!strip) value += '\n';
    // Continue at the first line after the scalar's content.
    const last = lines[lines.length - 1];
    this.lineNo = lineNoOf(t, this.lineNo, p, last[2]);
    if (last[2] >= this.len) {
      this.eof = true;
      this.indent = -1;
      this.pos = this.len;
    } else {
      this.lineStart = last[2] + 1;
      this.lineNo++;
      this.nextContent();
    }
    this.end = -1;
    this.lastLoc = loc;
    return value;
  }
}

/** Line number at offset `to`, counted from `from` on line `line`. */
function lineNoOf(t: string, line: number, from: number, to: number): number {
  for (let i = t.indexOf('\n', from); i >= 0 && i < to; i = t.indexOf('\n', i + 1)) line++;
  return line;
}

function isAnchorChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === DASH || c === DOT;
}

/** Characters a plain scalar in a one-line flow sequence may hold here (no indicators, comments or keys). */
function isFlowPlainChar(c: number): boolean {
  return !(Number.isNaN(c) || c === LF || c === SP || c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === HASH || c === COLON);
}
