// `${…}` substitution with the semantics of compose-go v2 `template.Substitute`, including its quirks:
//
// - compose-go matches an operator form with a greedy regex, so the candidate text runs to the *last* `}` on
//   the line; it then cuts that at the first "balanced" `}` (its counter skips the character right after every
//   `{`) and interpolates the remainder on its own. Scanning the remainder as a continuation of the same string
//   is equivalent, because the remainder always ends on that last `}`, which no name or operator can absorb.
// - Defaults, alternates and messages are interpolated lazily (only when used), so a broken `${` inside an
//   unused default is not an error.
// - `:+`/`+`/`:-`/`-`/`:?`/`?` never warn about an unset variable; only `$VAR` and `${VAR}` do.
//
// compose-go re-runs its regex for every match (quadratic on long lines); here the brace matching and the
// "last `}` on the line" lookups are precomputed tables, so the whole pass is linear in the input length.

export interface Interpolated {
  value: string;
  vars: string[]; // names of variables referenced, in order, deduped
}

export type InterpolationErrorKind = 'invalid' | 'required' | 'depth';

export class InterpolationError extends Error {
  /** Index in the input text where the failing `${…}` starts. */
  readonly offset: number;
  readonly kind: InterpolationErrorKind;
  /** The variable of a failed `:?`/`?` form. */
  readonly variable?: string;
  constructor(message: string, offset: number, kind: InterpolationErrorKind, variable?: string) {
    super(message);
    this.name = 'InterpolationError';
    this.offset = offset;
    this.kind = kind;
    this.variable = variable;
  }
}

export const MAX_NESTING = 1000;
const MAX_SHOWN = 60;

const DOLLAR = 0x24;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COLON = 0x3a;
const NEWLINE = 0x0a;

export function hasInterpolation(text: string): boolean {
  return text.includes('$');
}

export function interpolate(
  text: string,
  lookup: (name: string) => string | undefined,
  onUnset?: (name: string) => void,
): Interpolated {
  if (!text.includes('$')) return { value: text, vars: [] };
  const run = new Run(text, lookup, onUnset);
  const out: string[] = [];
  run.scan(0, text.length, 0, out);
  return { value: out.join(''), vars: run.vars };
}

function isNameStart(c: number): boolean {
  return c === 0x5f || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

function isOperator(c: number): boolean {
  return c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x3f /* ? */;
}

class Run {
  readonly vars: string[] = [];
  private readonly seen = new Set<string>();
  // Built on the first operator form only: plain `$VAR`/`${VAR}` strings never need them.
  private closeFrom?: Int32Array; // first unmatched `}` reached from i along compose-go's brace walk, or -1
  private lastBrace?: Int32Array; // index of the last `}` at or before i, or -1
  private nextNewline?: Int32Array; // index of the first `\n` at or after i, or text.length

  constructor(
    private readonly text: string,
    private readonly lookup: (name: string) => string | undefined,
    private readonly onUnset?: (name: string) => void,
  ) {}

  /** Interpolate text[from, to) into `out`; with `out === null` only collect the variable names. */
  scan(from: number, to: number, depth: number, out: string[] | null): void {
    const t = this.text;
    let lit = from; // start of the literal text not yet copied to `out`
    let p = from;
    while (p < to) {
      const d = t.indexOf('$', p);
      if (d < 0 || d >= to) break;
      p = d;
      const c = p + 1 < to ? t.charCodeAt(p + 1) : -1;
      if (c === DOLLAR) {
        if (out) out.push(t.slice(lit, p), '$');
        p += 2;
        lit = p;
        continue;
      }
      if (isNameStart(c)) {
        const end = this.nameEnd(p + 1, to);
        if (out) out.push(t.slice(lit, p), this.plain(t.slice(p + 1, end)));
        else this.reference(t.slice(p + 1, end));
        p = end;
        lit = p;
        continue;
      }
      if (c !== LBRACE) {
        p += 1; // `$` before anything else is literal text
        continue;
      }
      if (out) out.push(t.slice(lit, p));
      const next = this.braced(p, to, depth, out);
      // -1 only when collecting names: an invalid form is then passed over like literal text
      p = next < 0 ? p + 1 : next;
      lit = p;
    }
    if (out) out.push(t.slice(lit, to));
  }

  /** Substitute the `${…}` starting at p; returns the index after it (-1: invalid, when only collecting names). */
  private braced(p: number, to: number, depth: number, out: string[] | null): number {
    const t = this.text;
    const ns = p + 2;
    if (ns >= to || !isNameStart(t.charCodeAt(ns))) return this.invalid(p, to, out);
    const ne = this.nameEnd(ns, to);
    const name = t.slice(ns, ne);
    const after = ne < to ? t.charCodeAt(ne) : -1;
    if (after === RBRACE) {
      if (out) out.push(this.plain(name));
      else this.reference(name);
      return ne + 1;
    }
    let opAt = ne;
    if (after === COLON) opAt = ne + 1;
    if (opAt >= to || !isOperator(t.charCodeAt(opAt))) return this.invalid(p, to, out);
    const colon = after === COLON;
    const op = t.charCodeAt(opAt);
    const bodyFrom = opAt + 1;
    const last = this.lastBraceOnLine(bodyFrom, to);
    if (last < 0) return this.invalid(p, to, out);
    const close = this.closingBrace(p);
    const end = close >= 0 && close <= last ? close : last; // index of the `}` ending this form
    this.reference(name);
    if (depth + 1 > MAX_NESTING) {
      throw new InterpolationError(`interpolation nested more than ${MAX_NESTING} levels deep`, p, 'depth');
    }
    if (!out) {
      this.scan(bodyFrom, end, depth + 1, null);
      return end + 1;
    }
    const value = this.lookup(name);
    const present = colon ? value !== undefined && value !== '' : value !== undefined;
    // `-` uses the body when absent, `+` when present; `?` only reads it for the error message
    const useBody = op === 0x2d /* - */ ? !present : op === 0x2b /* + */ ? present : false;
    if (op === 0x3f /* ? */ && !present) {
      const msg: string[] = [];
      this.scan(bodyFrom, end, depth + 1, msg);
      const reason = msg.join('');
      throw new InterpolationError(
        reason ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`,
        p,
        'required',
        name,
      );
    }
    if (useBody) {
      this.scan(bodyFrom, end, depth + 1, out);
    } else {
      out.push(value ?? '');
      this.scan(bodyFrom, end, depth + 1, null); // names in an unused default still count as referenced
    }
    return end + 1;
  }

  private plain(name: string): string {
    this.reference(name);
    const v = this.lookup(name);
    if (v === undefined) {
      this.onUnset?.(name);
      return '';
    }
    return v;
  }

  private reference(name: string): void {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.vars.push(name);
    }
  }

  private nameEnd(i: number, to: number): number {
    const t = this.text;
    while (i < to && isNameChar(t.charCodeAt(i))) i++;
    return i;
  }

  private invalid(p: number, to: number, out: string[] | null): number {
    if (!out) return -1;
    const t = this.text;
    let end = t.indexOf('}', p + 2);
    let stop = t.indexOf('\n', p);
    if (stop < 0 || stop > to) stop = to;
    end = end >= 0 && end < stop ? end + 1 : stop;
    let shown = t.slice(p, end);
    if (shown.length > MAX_SHOWN) shown = shown.slice(0, MAX_SHOWN - 3) + '...';
    throw new InterpolationError(
      `invalid interpolation format for ${JSON.stringify(shown)}: you may need to escape any $ with another $`,
      p,
      'invalid',
    );
  }

  /** compose-go's getFirstBraceClosingIndex for the substring starting at the `$` at p (absolute index). */
  private closingBrace(p: number): number {
    this.buildTables();
    // The walk starts at `$`, counts the `{` at p+1 and skips p+2 (the quirk), so it continues at p+3.
    return this.closeFrom![p + 3] ?? -1;
  }

  /** The last `}` in text[from, min(to, end of line)), or -1: where compose-go's greedy `.*}` stops. */
  private lastBraceOnLine(from: number, to: number): number {
    this.buildTables();
    const stop = Math.min(to, this.nextNewline![from]);
    if (stop <= from) return -1;
    const l = this.lastBrace![stop - 1];
    return l >= from ? l : -1;
  }

  private buildTables(): void {
    if (this.closeFrom) return;
    const t = this.text;
    const n = t.length;
    // closeFrom[u]: walking u, u+1, … where every `{` adds one and skips the next character, every `}`
    // subtracts one: the first `}` that takes the count below zero. A `{` at u is matched by m = closeFrom[u+2],
    // after which the walk resumes at m+1, so each entry is O(1) from entries to its right.
    const close = new Int32Array(n + 3).fill(-1);
    for (let u = n - 1; u >= 0; u--) {
      const c = t.charCodeAt(u);
      if (c === RBRACE) close[u] = u;
      else if (c === LBRACE) {
        const m = close[u + 2];
        close[u] = m < 0 ? -1 : close[m + 1];
      } else close[u] = close[u + 1];
    }
    const last = new Int32Array(n);
    let lb = -1;
    for (let i = 0; i < n; i++) {
      if (t.charCodeAt(i) === RBRACE) lb = i;
      last[i] = lb;
    }
    const nl = new Int32Array(n + 1);
    let nx = n;
    nl[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      if (t.charCodeAt(i) === NEWLINE) nx = i;
      nl[i] = nx;
    }
    this.closeFrom = close;
    this.lastBrace = last;
    this.nextNewline = nl;
  }
}
