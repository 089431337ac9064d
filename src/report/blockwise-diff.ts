// A unified diff of two rendered configurations, computed block by block (each service, each top-level
// section) and put back together with absolute line numbers. One diff over a whole large project is
// quadratic in practice (jsdiff on a megabyte with thousands of edits takes tens of seconds); blocks keep it linear.
// Each block's hunks are jsdiff's, from line-diff.ts.
import { lineHunks, type Hunk } from './line-diff.ts';

interface Block {
  key: string;
  start: number; // 0-based line index in the whole text
  text: string;
}

const TOP_KEY = /^([^\s#][^:]*):/;
const SERVICE_NAME = /^ {2}(\S[^:]*):/;
const SPACE = 0x20;

/** Split rendered YAML into top-level sections, and `services` into one block per service. */
function blocks(text: string): Map<string, Block> {
  const out = new Map<string, Block>();
  let key = '';
  let start = 0; // line index
  let startAt = 0; // its offset in `text`
  let section = '';
  let count = 0;
  const flush = (end: number, endAt: number) => {
    if (end > start || key) out.set(key, { key, start, text: text.slice(startAt, endAt) });
  };
  // Walks line offsets rather than splitting: a block's text is then one slice, and only lines that can
  // start a block (nothing or two spaces of indentation) are matched against a pattern.
  for (let at = 0; ; count++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const c = text.charCodeAt(at);
    let top: RegExpExecArray | null = null;
    let svc: RegExpExecArray | null = null;
    if (at < end && c !== SPACE) top = TOP_KEY.exec(text.slice(at, end));
    else if (section === 'services' && c === SPACE && end - at > 2 && text.charCodeAt(at + 1) === SPACE && text.charCodeAt(at + 2) !== SPACE) svc = SERVICE_NAME.exec(text.slice(at, end));
    if (top || svc) {
      flush(count, at);
      start = count;
      startAt = at;
      if (top) {
        section = top[1];
        key = section;
      } else key = `services/${svc![1]}`;
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  flush(count + 1, text.length);
  return out;
}

export function blockwisePatch(before: string, after: string, context = 3): Hunk[] {
  const a = blocks(before);
  const b = blocks(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  // Keep the order of the "after" text, with removed blocks where they stood before.
  keys.sort((x, y) => (b.get(x)?.start ?? a.get(x)!.start) - (b.get(y)?.start ?? a.get(y)!.start));
  const hunks: Hunk[] = [];
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    if (x?.text === y?.text) continue;
    // Lines both sides share at the top, beyond the context the first hunk shows, are left out of the diff:
    // the line diff takes a shared start as one run before anything else, so the hunks are the same.
    const skip = x && y ? sharedStart(x.text, y.text, context) : { lines: 0, chars: 0 };
    for (const h of lineHunks((x?.text ?? '').slice(skip.chars), (y?.text ?? '').slice(skip.chars), context)) {
      hunks.push({ ...h, oldStart: h.oldStart + skip.lines + (x?.start ?? y!.start), newStart: h.newStart + skip.lines + (y?.start ?? x!.start) });
    }
  }
  return hunks;
}

/** Whole lines `a` and `b` begin with, less the `keep` last of them: how many, and how many characters. */
export function sharedStart(a: string, b: string, keep: number): { lines: number; chars: number } {
  const n = Math.min(a.length, b.length);
  let d = 0;
  while (d < n && a.charCodeAt(d) === b.charCodeAt(d)) d++;
  const ends: number[] = [];
  for (let i = a.indexOf('\n'); i >= 0 && i < d; i = a.indexOf('\n', i + 1)) ends.push(i + 1);
  const lines = ends.length - Math.max(0, keep);
  return lines > 0 ? { lines, chars: ends[lines - 1] } : { lines: 0, chars: 0 };
}
