// Deep copies of model trees that keep every position, raw text and written form (loc.ts), so a
// hardened copy can still say where each unchanged value came from and how it was written.
import { copyAllMeta } from './loc.ts';

export function cloneTree<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map(cloneTree);
    copyAllMeta(v, out);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  copyAllMeta(v as object, out);
  for (const k of Object.keys(v as object)) out[k] = cloneTree((v as Record<string, unknown>)[k]);
  return out as T;
}
