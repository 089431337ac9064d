// Writes plain data (objects, arrays, strings, numbers, booleans, null) as the same bytes the yaml library
// writes for it with our options (lineWidth 0, indentSeq, no aliases), without building its node tree:
// the library spends most of its time creating nodes and testing each scalar against every tag.
// Collections and numbers follow the library's layout rules directly. A string is written here only when
// it is certainly plain, or one line of printable ASCII that the library would double-quote as it is; any
// other string is rendered by the library itself, at the same indentation and as key or value, so
// escapes, single quotes and block scalars stay exactly the library's.
import { Document, Scalar } from 'yaml';

/** A value written after a tag (`!reset []`, `!override` + mapping). */
export class Tagged {
  constructor(
    readonly tag: string,
    readonly value: unknown,
  ) {}
}

export interface EmitOptions {
  /** Comment lines at the top of the document (each written `# line`). */
  header?: string[];
  /** Comment text written above a key, by the mapping that holds the key. */
  comments?: WeakMap<object, Map<string, string>>;
  /** String values (not keys) to write double-quoted whatever their content. */
  forceQuote?: (s: string) => boolean;
}

/** Data the fast emitter does not handle (class instances, top-level scalars...): the caller uses yaml. */
class Unsupported extends Error {}

/**
 * The document for `data` (a mapping or a list), or undefined when `data` holds something other than
 * plain data; then only the yaml library knows its output.
 */
export function emitYaml(data: unknown, o: EmitOptions = {}): string | undefined {
  if (data === null || typeof data !== 'object' || data instanceof Tagged) return undefined;
  try {
    const body = new Emitter(o).node(data, '');
    const header = o.header?.length ? `${indentComment(commentString(o.header.map((l) => ` ${l}`).join('\n')), '')}\n\n` : '';
    return `${header}${body}\n`;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

// The library's comment formatting (stringifyComment.js): `#` before each non-empty line.
const commentString = (s: string): string => s.replace(/^(?!$)(?: $)?/gm, '#');
const indentComment = (c: string, indent: string): string => (/^\n+$/.test(c) ? c.substring(1) : indent ? c.replace(/^(?! *$)/gm, indent) : c);

// What makes a one-line string unfit to be plain, as the library tests it (stringifyString.js).
const CONTROL = /[\x00-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u; // also tab and newline: those take the library's path
const INDICATOR = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOC_MARKER = /^(%|---|\.\.\.)/m; // `m`: JS lines also break at \u2028 and \u2029
// Strings that would read back as another type (null, bool, int, float): the schema's own tests.
const STR_TAG = 'tag:yaml.org,2002:str';
const { tags, compat } = new Document().schema;
const resolvers = [...tags, ...(compat ?? [])].flatMap((t) => ('test' in t && t.test && t.default && t.tag !== STR_TAG ? [t.test] : []));
// One alternation tests them all at once (each test is anchored at both ends).
const RESOLVES = resolvers.every((r) => !r.flags) ? new RegExp(resolvers.map((r) => `(?:${r.source})`).join('|')) : { test: (s: string) => resolvers.some((r) => r.test(s)) };
/** Double-quoted, a string of printable ASCII without `"` or `\` is itself between quotes. */
const QUOTES_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Whether a rendered collection starts with `{` or `[`: only the empty ones do (a block map starts with its first
 * key or a comment, a block sequence with "- "). Asked by comparing, not by reading its first character: the text
 * is a rope of concatenations, and reading a character would copy it flat at every level of nesting.
 */
function isEmptyFlow(rendered: string): boolean {
  return rendered === '{}' || rendered === '[]';
}

class Emitter {
  /** Strings the library rendered, by position: a project repeats the same awkward values. */
  private readonly rendered = new Map<string, string>();

  constructor(private readonly o: EmitOptions) {}

  /** `v` as the library writes a node whose context indent is `indent`: later lines start with `indent`. */
  node(v: unknown, indent: string): string {
    switch (typeof v) {
      case 'string':
        return this.string(v, indent, false);
      case 'number':
        return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : JSON.stringify(v)) : Number.isNaN(v) ? '.nan' : v < 0 ? '-.inf' : '.inf';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return 'null';
      case 'object':
        if (v === null) return 'null';
        if (v instanceof Tagged) {
          const s = this.node(v.value, indent);
          return v.value === null || typeof v.value !== 'object' || isEmptyFlow(s) ? `${v.tag} ${s}` : `${v.tag}\n${indent}${s}`;
        }
        if (Array.isArray(v)) return this.seq(v, indent);
        if (isPlainObject(v)) return this.map(v as Record<string, unknown>, indent);
    }
    throw new Unsupported();
  }

  private seq(items: unknown[], indent: string): string {
    if (items.length === 0) return '[]';
    const itemIndent = `${indent}  `;
    let out = '';
    for (const item of items) out += `${out ? `\n${indent}` : ''}- ${this.node(item, itemIndent)}`;
    return out;
  }

  private map(m: Record<string, unknown>, indent: string): string {
    const comments = this.o.comments?.get(m);
    const inner = `${indent}  `;
    let out: string | undefined;
    // Lines after the first start with the indent, as in stringifyCollection.js.
    const add = (line: string) => (out = out === undefined ? line : line ? `${out}\n${indent}${line}` : `${out}\n`);
    for (const key of Object.keys(m)) {
      const value = m[key];
      if (value === undefined) continue; // the library leaves out undefined entries
      const comment = comments?.get(key);
      if (comment) add(indentComment(commentString(comment), indent).trimStart());
      add(this.pair(key, value, indent, inner));
    }
    return out ?? '{}';
  }

  /** stringifyPair.js for a key and value without comments of their own. */
  private pair(key: string, value: unknown, indent: string, inner: string): string {
    const k = this.string(key, inner, true);
    const explicit = k.length > 1024;
    const v = this.node(value, inner);
    // A non-empty collection starts on the next line; after a tag (`key: !override`) it already does.
    const below = !explicit && value !== null && typeof value === 'object' && !(value instanceof Tagged) && !isEmptyFlow(v);
    return `${explicit ? `? ${k}\n${indent}:` : `${k}:`}${below ? `\n${inner}` : ' '}${v}`;
  }

  private string(s: string, indent: string, key: boolean): string {
    const quote = !key && this.o.forceQuote?.(s) === true;
    if (quote && QUOTES_AS_IS.test(s)) return `"${s}"`;
    if (!quote && !CONTROL.test(s) && !DOC_MARKER.test(s)) {
      if (!INDICATOR.test(s) && !RESOLVES.test(s)) return s;
      // Not plain, one line, no `"`: yaml double-quotes it.
      if (QUOTES_AS_IS.test(s)) return `"${s}"`;
    }
    const id = `${indent.length}${key ? 'k' : quote ? 'q' : 'v'}${s}`;
    let r = this.rendered.get(id);
    if (r === undefined) this.rendered.set(id, (r = libraryScalar(s, indent, key, quote)));
    return r;
  }
}

/**
 * The library's rendering of one string at context indent `indent` (two spaces or more), as a key or a value:
 * it depends on nothing else, so the string is written at the same depth in a document of nested `a:` keys.
 */
function libraryScalar(s: string, indent: string, key: boolean, doubleQuoted: boolean): string {
  const depth = indent.length / 2;
  let data: unknown = key ? { [s]: null } : { a: s };
  let prefix = '  '.repeat(depth - 1);
  for (let i = depth - 2; i >= 0; i--) {
    data = { a: data };
    prefix = `${'  '.repeat(i)}a:\n${prefix}`;
  }
  const doc = new Document(data);
  if (doubleQuoted) (doc.getIn(Array(depth).fill('a'), true) as Scalar).type = Scalar.QUOTE_DOUBLE;
  const text = doc.toString({ lineWidth: 0 });
  if (!text.startsWith(prefix)) throw new Unsupported(); // another yaml version's layout: let yaml write it all
  const pair = text.slice(prefix.length, -1);
  if (!key) return pair.slice('a: '.length);
  // A key over 1024 characters is written explicit (`? key` then `: null` on the next line).
  const nl = pair.indexOf('\n');
  return nl < 0 ? pair.slice(0, -': null'.length) : pair.slice('? '.length, nl);
}
