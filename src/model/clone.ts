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
  for (const k of Object.keys(v as object)) {
    const x = cloneTree((v as Record<string, unknown>)[k]);
    // A key named __proto__ is data: assigning it would set the copy's prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}
