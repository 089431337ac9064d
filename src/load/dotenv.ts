// `.env` / env_file parsing with the grammar of compose-go v2 `dotenv/parser.go`.
// Its quirks are kept on purpose, because they decide which variables a project really gets:
// - a value after `=`/`:` starts at the first non-blank; an unquoted value ends at the newline, and ` #`
//   (space then hash) starts a comment, so `A=1#2` keeps `1#2`;
// - after a closing quote the rest of the line is parsed as a new statement (`A="x" # c` is fine);
// - `KEY` alone on a line takes KEY from `lookup` (only `lookup`, not earlier lines) when it is defined;
//   on the last line *without* a newline compose-go finds no terminator and stores the text under the empty
//   key instead, so KEY is not inherited there.
// Messages never contain value text: env files hold secrets.

import { InputError } from '../model/errors.ts';
import type { Loc } from '../model/loc.ts';
import { interpolate, InterpolationError } from './interpolate.ts';

export interface DotenvEntry {
  value: string;
  line: number; // 1-based line of the variable name
}

export function parseDotenv(
  text: string,
  file: string,
  lookup: (name: string) => string | undefined,
): Map<string, DotenvEntry> {
  return new DotenvParser(text, file, lookup).parse();
}

// Go unicode.IsSpace
function isWhite(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

// compose-go isSpace: blanks that do not end a line
function isBlank(c: number): boolean {
  return c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x20 || c === 0x85 || c === 0xa0;
}

const KEY_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;

/** KEY_CHAR for one code point; ASCII (nearly every name) without compiling the Unicode class. */
function isKeyChar(cp: number, ch: string): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f || cp === 0x2e || cp === 0x2d || cp === 0x5b || cp === 0x5d;
  }
  return KEY_CHAR.test(ch);
}
const EXPORT_GAP = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20]); // RE2 \s after `export`

const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

// compose-go expandEscapes: the escapes Go's UnquoteChar knows, `\0ooo` octal, and `\$` as `$$` so the
// interpolation that follows leaves a literal `$`. Anything else keeps its backslash.
function expandEscapes(raw: string): string {
  return raw.replace(ESCAPE, (m) => {
    const c = m[1];
    if (c === '$') return '$$';
    if (c === '0') {
      // `\0` is dropped to `\` before Go parses `\ooo`, and that shorter text is what a failed parse leaves.
      const digits = m.slice(2);
      if (/^[0-7]{3}$/.test(digits)) {
        const v = Number.parseInt(digits, 8);
        if (v <= 0xff) return String.fromCharCode(v);
      }
      return '\\' + digits;
    }
    return SIMPLE_ESCAPES[c] ?? m;
  });
}

function trimEndWhite(s: string): string {
  let e = s.length;
  while (e > 0 && isWhite(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

class DotenvParser {
  private readonly n: number;
  private readonly out = new Map<string, DotenvEntry>();
  private lineStarts?: number[];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lookup: (name: string) => string | undefined,
  ) {
    this.n = text.length;
  }

  parse(): Map<string, DotenvEntry> {
    let pos = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      pos = this.statementStart(pos);
      if (pos < 0) return this.out;
      pos = this.statement(pos);
    }
  }

  /** Skip blanks, line breaks and `#` comment lines; -1 at the end of the text. */
  private statementStart(pos: number): number {
    const t = this.text;
    for (;;) {
      while (pos < this.n && isWhite(t.charCodeAt(pos))) pos++;
      if (pos >= this.n) return -1;
      if (t.charCodeAt(pos) !== 0x23 /* # */) return pos;
      const nl = t.indexOf('\n', pos);
      if (nl < 0) return -1;
      pos = nl;
    }
  }

  /** Parse one `KEY=value`, `KEY: value` or bare `KEY`; returns where the next statement may start. */
  private statement(pos: number): number {
    const t = this.text;
    if (t.startsWith('export', pos) && EXPORT_GAP.has(t.charCodeAt(pos + 6))) {
      pos += 6;
      while (pos < this.n && isBlank(t.charCodeAt(pos))) pos++;
      if (pos >= this.n) throw this.error('missing variable name after "export"', pos);
    }
    const keyStart = pos;
    let term = -1;
    for (let i = pos; i < this.n; ) {
      const cp = t.codePointAt(i)!;
      if (cp === 0x3d /* = */ || cp === 0x3a /* : */ || cp === 0x0a) {
        term = i;
        break;
      }
      const ch = String.fromCodePoint(cp);
      if (!isBlank(cp) && !isKeyChar(cp, ch)) {
        throw this.error(`unexpected character ${JSON.stringify(ch)} in variable name`, i);
      }
      i += ch.length;
    }
    if (term < 0) {
      // No `=`, `:` or newline before the end: compose-go reads the whole remainder as the value of "".
      return this.value('', keyStart, keyStart);
    }
    const key = trimEndWhite(t.slice(keyStart, term));
    if (key.includes(' ')) throw this.error('variable name cannot contain a space', keyStart);
    if (t.charCodeAt(term) === 0x0a) {
      const inherited = this.lookup(key);
      if (inherited !== undefined) this.set(key, inherited, keyStart);
      return term + 1;
    }
    let vs = term + 1;
    while (vs < this.n && isBlank(t.charCodeAt(vs))) vs++;
    return this.value(key, keyStart, vs);
  }

  private value(key: string, keyStart: number, vs: number): number {
    const t = this.text;
    const q = t.charCodeAt(vs);
    if (q === 0x22 /* " */ || q === 0x27 /* ' */) {
      const parts: string[] = [];
      let lit = vs + 1;
      for (let i = vs + 1; i < this.n; i++) {
        const c = t.charCodeAt(i);
        if (c === 0x5c /* \ */ && i + 1 < this.n) {
          // an escaped quote loses its backslash; any other escaped character keeps it (for expandEscapes)
          if (t.charCodeAt(i + 1) === q) {
            parts.push(t.slice(lit, i));
            lit = i + 1;
          }
          i++;
          continue;
        }
        if (c === q) {
          parts.push(t.slice(lit, i));
          const raw = parts.join('');
          const value = q === 0x22 ? this.expand(expandEscapes(raw), key, vs, false) : raw;
          this.set(key, value, keyStart);
          return i + 1;
        }
      }
      throw this.error(`unterminated quoted value for variable ${key}`, vs);
    }
    const nl = t.indexOf('\n', vs);
    const end = nl < 0 ? this.n : nl;
    let raw = t.slice(vs, end);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    this.set(key, this.expand(trimEndWhite(raw), key, vs, true), keyStart);
    return nl < 0 ? this.n : nl + 1;
  }

  /** Interpolate with the process environment first, then the lines read so far. */
  private expand(value: string, key: string, at: number, exactOffsets: boolean): string {
    try {
      return interpolate(value, (name) => this.lookup(name) ?? this.out.get(name)?.value).value;
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      // escapes shift positions inside a double-quoted value, so there the opening quote is reported
      const where = exactOffsets ? at + e.offset : at;
      if (e.kind === 'invalid') {
        throw this.error(
          `invalid interpolation format in the value of variable ${key}: you may need to escape any $ with another $`,
          where,
        );
      }
      throw this.error(`variable ${key}: ${e.message}`, where);
    }
  }

  private set(key: string, value: string, keyStart: number): void {
    // a repeated key keeps its first position in the map but takes the later value, as in compose-go
    this.out.set(key, { value, line: this.loc(keyStart).line });
  }

  private error(message: string, pos: number): InputError {
    return new InputError(message, this.loc(pos));
  }

  private loc(pos: number): Loc {
    if (!this.lineStarts) {
      const starts = [this.text.charCodeAt(0) === 0xfeff ? 1 : 0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: pos - starts[lo] + 1 };
  }
}
