// Source positions travel beside the plain JS model, not inside it: rules, merge and output see ordinary
// objects and arrays, while every container remembers where each of its entries was written.
// Primitives cannot carry metadata, so the position of a scalar is stored on the container that holds it.

export interface Loc {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

type Key = string | number;

interface Meta {
  self?: Loc; // where the container itself starts (its value node)
  // Where each entry was written, flat: key, value position, key position, then the next entry. One array per
  // container instead of two Maps: positions were most of a loaded project's memory (a Map costs about 230 bytes
  // however few entries it holds). Searched linearly while short; `index` finds an entry once there are many.
  ent?: unknown[];
  used: number; // slots of `ent` in use (it doubles when full)
  index?: Map<Key, number>; // key → its offset in `ent`, for containers with more than INDEXED entries
  raw?: Map<Key, string>; // the text before interpolation, when it differed
  vars?: Map<Key, string[]>; // variables an interpolated value used
  written?: unknown; // for an item made canonical: the item as the user wrote it (`${VAR}` kept)
  writtenOf?: string; // the item's JSON when `written` was recorded: a fix that changed it makes `written` stale
  fromList?: boolean; // a key/value mapping Compose holds as a `K=V` list (per-key !reset cannot reach it)
  shared: number; // bits of SHARED_BIT: maps this container shares with another, copied on its first write
}

// Kept on the object itself under a non-enumerable symbol: invisible to Object.keys, JSON, spread and
// for-in like a WeakMap entry would be, but without a WeakMap's cost (every container of a large project
// in one ephemeron table made garbage collection the largest single cost of a run).
const META_KEY = Symbol('compose-harden.meta');
const META = {
  get(obj: object): Meta | undefined {
    return (obj as { [META_KEY]?: Meta })[META_KEY];
  },
  set(obj: object, m: Meta): void {
    Object.defineProperty(obj, META_KEY, { value: m, writable: true, configurable: true, enumerable: false });
  },
};
// Maps that copyAllMeta gave to two containers are copied on their first write (clones of large projects
// otherwise spent most of their time copying position maps that nobody changes). Which of a container's maps
// are shared is a bit each in its metadata: a WeakSet of maps made garbage collection slower for every map.
const SHARED_BIT = { ent: 1, raw: 4, vars: 8 } as const;
const INDEXED = 12;

function meta(obj: object): Meta {
  let m = META.get(obj);
  if (!m) {
    // Every field present from the start: one object shape for all metadata keeps property access fast.
    m = { self: undefined, ent: undefined, used: 0, index: undefined, raw: undefined, vars: undefined, written: undefined, writtenOf: undefined, fromList: undefined, shared: 0 };
    META.set(obj, m);
  }
  return m;
}

/** A map of `m` that may be written: its own, new or copied from a shared one. */
function writable<F extends 'raw' | 'vars'>(m: Meta, field: F): NonNullable<Meta[F]> {
  const cur = m[field] as Map<Key, unknown> | undefined;
  const bit = SHARED_BIT[field];
  if (cur && !(m.shared & bit)) return cur as NonNullable<Meta[F]>;
  const fresh = cur ? new Map(cur) : new Map();
  m[field] = fresh as Meta[F];
  m.shared &= ~bit;
  return fresh as NonNullable<Meta[F]>;
}

/** The offset of `key`'s entry in `m.ent`, or -1. */
function slot(m: Meta | undefined, key: Key): number {
  const ent = m?.ent;
  if (!ent) return -1;
  if (m!.index) return m!.index.get(key) ?? -1;
  // Only key slots can hold a string or a number (the others hold positions or nothing), and the unused
  // half left by doubling only repeats keys that come first below it, so the builtin search finds the
  // entry itself, and runs fast even before V8 has compiled any of our code.
  return ent.indexOf(key);
}

function valLocAt(m: Meta | undefined, key: Key): Loc | undefined {
  const i = slot(m, key);
  return i < 0 ? undefined : (m!.ent![i + 1] as Loc | undefined);
}

function keyLocAt(m: Meta | undefined, key: Key): Loc | undefined {
  const i = slot(m, key);
  return i < 0 ? undefined : (m!.ent![i + 2] as Loc | undefined);
}

export function setSelfLoc(obj: object, loc: Loc | undefined): void {
  if (loc) meta(obj).self = loc;
}

export function selfLoc(obj: unknown): Loc | undefined {
  return obj !== null && typeof obj === 'object' ? META.get(obj)?.self : undefined;
}

export function setLoc(obj: object, key: Key, value: Loc | undefined, keyLoc?: Loc): void {
  if (!value && !keyLoc) return;
  const m = meta(obj);
  if (m.shared & SHARED_BIT.ent) {
    m.ent = m.ent!.slice();
    if (m.index) m.index = new Map(m.index);
    m.shared &= ~SHARED_BIT.ent;
  }
  const i = slot(m, key);
  if (i >= 0) {
    if (value) m.ent![i + 1] = value;
    if (keyLoc) m.ent![i + 2] = keyLoc;
    return;
  }
  if (!m.ent) {
    m.ent = [key, value, keyLoc];
    m.used = 3;
    return;
  }
  const at = m.used;
  if (at === m.ent.length) {
    // Doubled by concatenating the list with itself: exact sizes (push would reserve 16 more slots in every
    // container), in a builtin. The copied half only repeats keys found first in the lower half, and is
    // overwritten as entries are added.
    m.ent = m.ent.concat(m.ent);
  }
  m.ent[at] = key;
  m.ent[at + 1] = value;
  m.ent[at + 2] = keyLoc;
  m.used = at + 3;
  if (m.index) m.index.set(key, at);
  else if (at >= INDEXED * 3) {
    const index = new Map<Key, number>();
    for (let j = 0; j <= at; j += 3) index.set(m.ent[j] as Key, j);
    m.index = index;
  }
}

/** Where the value at `obj[key]` was written (falls back to the key, then to the value's own start). */
export function locOf(obj: unknown, key: Key): Loc | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const m = META.get(obj);
  const v = (obj as Record<Key, unknown>)[key];
  return valLocAt(m, key) ?? selfLoc(v) ?? keyLocAt(m, key);
}

/** Where the key `key` of mapping `obj` was written (falls back to its value). */
export function keyLocOf(obj: unknown, key: Key): Loc | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const m = META.get(obj);
  return keyLocAt(m, key) ?? locOf(obj, key);
}

export function setRaw(obj: object, key: Key, raw: string, vars: string[]): void {
  const m = meta(obj);
  writable(m, 'raw').set(key, raw);
  if (vars.length) writable(m, 'vars').set(key, vars);
}

/** The text the user wrote for `obj[key]` before interpolation, if it contained a `$`. */
export function rawOf(obj: unknown, key: Key): string | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  return META.get(obj)?.raw?.get(key);
}

/** Variables (`${VAR}`) the value at `obj[key]` was interpolated from; empty for literals. */
export function varsOf(obj: unknown, key: Key): string[] {
  if (obj === null || typeof obj !== 'object') return [];
  return META.get(obj)?.vars?.get(key) ?? [];
}

/** Remember the as-written form of a canonical item (a short-syntax string, `${VAR}` kept). */
export function setWritten(obj: object, written: unknown): void {
  const m = meta(obj);
  m.written = written;
  m.writtenOf = JSON.stringify(obj);
}

/** The as-written form, as long as the item is still what that text says (a fix may have changed it since). */
export function writtenOf(obj: unknown): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const m = META.get(obj);
  if (m?.written === undefined) return undefined;
  return m.writtenOf === JSON.stringify(obj) ? m.written : undefined;
}

export function markFromList(obj: object): void {
  meta(obj).fromList = true;
}

/** Whether Compose holds this key/value mapping as a list after merging (written as a list, or merged from two files). */
export function isFromList(obj: unknown): boolean {
  return obj !== null && typeof obj === 'object' && META.get(obj)?.fromList === true;
}

/** Copy everything known about `from[fromKey]` onto `to[toKey]`. */
export function copyEntryMeta(from: object, fromKey: Key, to: object, toKey: Key): void {
  const f = META.get(from);
  if (!f) return;
  const i = slot(f, fromKey);
  if (i >= 0) setLoc(to, toKey, f.ent![i + 1] as Loc | undefined, f.ent![i + 2] as Loc | undefined);
  const r = f.raw?.get(fromKey);
  if (r !== undefined) setRaw(to, toKey, r, f.vars?.get(fromKey) ?? []);
}

/** Copy the container's own position (not its entries). */
export function copySelfLoc(from: unknown, to: object): void {
  const l = selfLoc(from);
  if (l) setSelfLoc(to, l);
}

/** Copy all entry metadata from one container to another with the same keys (shallow clone support). */
export function copyAllMeta(from: object, to: object): void {
  const f = META.get(from);
  if (!f) return;
  const m = meta(to);
  if (f.self) m.self = f.self;
  // Both sides now hold the same maps: whichever writes first copies (the other keeps the original).
  let bits = 0;
  if (f.ent) (m.ent = f.ent), (m.used = f.used), (m.index = f.index), (bits |= SHARED_BIT.ent);
  if (f.raw) (m.raw = f.raw), (bits |= SHARED_BIT.raw);
  if (f.vars) (m.vars = f.vars), (bits |= SHARED_BIT.vars);
  f.shared |= bits;
  m.shared |= bits;
  if (f.written !== undefined) {
    m.written = f.written;
    m.writtenOf = f.writtenOf;
  }
  if (f.fromList) m.fromList = true;
}

export function formatLoc(loc: Loc | undefined, cwd?: string): string {
  if (!loc) return '';
  let file = loc.file;
  if (cwd && file.startsWith(cwd + '/')) file = file.slice(cwd.length + 1);
  return `${file}:${loc.line}:${loc.col}`;
}

/** Follow a path through the model and return the closest known location (deepest match wins). */
export function locAtPath(root: unknown, path: ReadonlyArray<Key>): Loc | undefined {
  let cur: unknown = root;
  let best = selfLoc(root);
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') break;
    const l = locOf(cur, key);
    if (l) best = l;
    cur = (cur as Record<Key, unknown>)[key];
  }
  return best;
}
