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
  // A spread copies the entries (not the metadata, which is not enumerable) in one step, with the source's
  // shape; only the containers among them are then replaced by their copies.
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const k of Object.keys(out)) {
    const x = out[k];
    if (x === null || typeof x !== 'object') continue;
    // A key named __proto__ is data: assigning it would set the copy's prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: cloneTree(x), writable: true, enumerable: true, configurable: true });
    else out[k] = cloneTree(x);
  }
  copyAllMeta(v as object, out);
  return out as T;
}
