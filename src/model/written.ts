// The value of a model entry as the user wrote it: interpolated strings go back to their `${VAR}` text,
// canonical items made from short syntax go back to that string. An override that must repeat a value
// (a list rewritten with `!override`) uses this, so it never bakes a variable's current value into a file.
import { rawOf, varsOf, writtenOf } from './loc.ts';

export function asWritten(container: unknown, key: string | number): unknown {
  const v = (container as Record<string | number, unknown>)[key];
  const raw = rawOf(container, key);
  if (raw !== undefined) {
    // A bare `KEY` that took its value from the environment is written bare again.
    if (raw === '' && varsOf(container, key).length) return null;
    return raw;
  }
  return writtenValue(v);
}

/** A value the model holds after interpolation: a `$` in it must be written `$$` to survive loading. */
function escape(v: unknown): unknown {
  return typeof v === 'string' && v.includes('$') ? v.replaceAll('$', '$$$$') : v;
}

export function writtenValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return escape(v);
  const w = writtenOf(v);
  if (w !== undefined) return w;
  if (Array.isArray(v)) return v.map((_, i) => asWritten(v, i));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = asWritten(v, k);
  return out;
}
