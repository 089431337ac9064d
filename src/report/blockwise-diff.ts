// A unified diff of two rendered configurations, computed block by block (each service, each top-level
// section) and put back together with absolute line numbers. One diff over a whole large project is
// quadratic in practice (jsdiff on a megabyte with thousands of edits takes tens of seconds); blocks keep it linear.
import { structuredPatch, type StructuredPatchHunk } from 'diff';

interface Block {
  key: string;
  start: number; // 0-based line index in the whole text
  text: string;
}

/** Split rendered YAML into top-level sections, and `services` into one block per service. */
function blocks(text: string): Map<string, Block> {
  const lines = text.split('\n');
  const out = new Map<string, Block>();
  let key = '';
  let start = 0;
  let section = '';
  const flush = (end: number) => {
    if (end > start || key) out.set(key, { key, start, text: lines.slice(start, end).join('\n') + (end < lines.length ? '\n' : '') });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const top = /^([^\s#][^:]*):/.exec(l);
    const svc = section === 'services' ? /^ {2}(\S[^:]*):/.exec(l) : null;
    if (top || svc) {
      flush(i);
      start = i;
      if (top) {
        section = top[1];
        key = section;
      } else key = `services/${svc![1]}`;
    }
  }
  flush(lines.length);
  return out;
}

export function blockwisePatch(before: string, after: string, context = 3): StructuredPatchHunk[] {
  const a = blocks(before);
  const b = blocks(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  // Keep the order of the "after" text, with removed blocks where they stood before.
  keys.sort((x, y) => (b.get(x)?.start ?? a.get(x)!.start) - (b.get(y)?.start ?? a.get(y)!.start));
  const hunks: StructuredPatchHunk[] = [];
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    if (x?.text === y?.text) continue;
    const p = structuredPatch('a', 'b', x?.text ?? '', y?.text ?? '', '', '', { context });
    for (const h of p.hunks) {
      hunks.push({ ...h, oldStart: h.oldStart + (x?.start ?? y!.start), newStart: h.newStart + (y?.start ?? x!.start) });
    }
  }
  return hunks;
}
