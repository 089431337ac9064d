// The smallest set of changes that, merged onto the original project by the Compose rules, turns it
// into the hardened one. Each attribute is expressed by its merge semantics (compose-semantics.md §0, §2):
// scalars are replaced, keyed lists get only their new items, removals need `!reset`/`!override`, and
// where the target Compose cannot express a removal it becomes a manual step instead.
import { UNIQUE, type Indexer } from '../load/merge.ts';
import { isFromList, writtenOf } from '../model/loc.ts';
import type { Project } from '../model/types.ts';
import { asWritten, writtenValue } from '../model/written.ts';
import type { ComposeTarget } from './version.ts';

/** Items to add to a list (the merge appends them, collapsing entries with the same key). */
export class Append {
  constructor(readonly items: unknown[]) {}
}
/** `!override`: replace the whole value. */
export class Override {
  constructor(readonly value: unknown) {}
}
/** `!reset`: remove the value (`null`, `[]` or `{}` written after the tag). */
export class Reset {
  constructor(readonly empty: null | [] | Record<string, never>) {}
}
/** Write this value as it is (scalars, and attributes the merge replaces whole). */
export class Put {
  constructor(readonly value: unknown) {}
}

export type DeltaValue = Append | Override | Reset | Put | DeltaMap;
export interface DeltaMap {
  [key: string]: DeltaValue;
}

export interface ManualStep {
  /** Model path of what cannot be expressed, e.g. ['services','web','ports']. */
  path: string[];
  message: string;
}

export interface DeltaResult {
  delta: DeltaMap;
  manual: ManualStep[];
}

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

const REPLACE = new Set(['command', 'entrypoint']);
const APPEND = new Set(['security_opt', 'group_add', 'device_cgroup_rules', 'volumes_from', 'external_links', 'post_start', 'pre_stop', 'pre_start', 'gpus']);
const KV = new Set(['environment', 'labels', 'annotations', 'sysctls']);
/** Scalars for which an empty string means "unset" to Compose, in every version. */
const EMPTY_UNSETS = new Set(['user', 'pid', 'ipc', 'userns_mode', 'uts', 'cgroup_parent']);
/** Mappings merged key by key where a key removal by `!reset` is reliable (never held as a list). */
const RESETTABLE_MAPS = new Set(['deploy', 'healthcheck', 'logging', 'ulimits', 'storage_opt', 'blkio_config', 'build']);

/** Equality as Compose sees it: `false`, `""` and absent are the same; mapping order is irrelevant. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    // Numbers written as strings ("2" vs 2) are the same to Compose after its casts.
    if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
      return String(a) === String(b) || (String(a).trim() !== '' && String(b).trim() !== '' && Number(a) === Number(b));
    }
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], bb[i])) return false;
    return true;
  }
  // The set keys of both (unset ones do not count) and their values agree. Counted, not filtered into
  // lists: the verification compares every service of the project this way.
  const ta = a as Tree;
  const tb = b as Tree;
  let set = 0;
  for (const k of Object.keys(ta)) {
    if (isUnset(ta[k])) continue;
    set++;
    if (!sameValue(ta[k], tb[k])) return false;
  }
  for (const k of Object.keys(tb)) if (!isUnset(tb[k])) set--;
  return set === 0;
}

function isUnset(v: unknown): boolean {
  return v === undefined || v === false || v === '';
}

interface Ctx {
  target: ComposeTarget;
  manual: ManualStep[];
}

export function computeDelta(orig: Project, hard: Project, target: ComposeTarget): DeltaResult {
  const ctx: Ctx = { target, manual: [] };
  const delta: DeltaMap = {};
  const services: DeltaMap = {};
  const all = new Set([...Object.keys(orig.services), ...Object.keys(orig.disabledServices), ...Object.keys(hard.services), ...Object.keys(hard.disabledServices)]);
  for (const name of all) {
    const a = orig.services[name] ?? orig.disabledServices[name];
    const b = hard.services[name] ?? hard.disabledServices[name];
    const path = ['services', name];
    if (!b) {
      if (target.reset) services[name] = new Reset({});
      else ctx.manual.push({ path, message: `remove service ${name} (needs !reset, Compose >= 2.19)` });
      continue;
    }
    if (!a) {
      services[name] = new Put(writtenValue(b));
      continue;
    }
    const d = diffMap(a as Tree, b as Tree, path, ctx, 'service');
    if (d && Object.keys(d).length) services[name] = d;
  }
  if (Object.keys(services).length) delta.services = services;
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const d = diffResources(orig[kind] as Tree, hard[kind] as Tree, kind, ctx);
    if (d) delta[kind] = d;
  }
  return { delta, manual: ctx.manual };
}

function diffResources(a: Tree, b: Tree, kind: string, ctx: Ctx): DeltaMap | undefined {
  const out: DeltaMap = {};
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const path = [kind, name];
    if (!(name in b)) {
      if (ctx.target.reset) out[name] = new Reset({});
      else ctx.manual.push({ path, message: `remove ${kind} ${name}` });
    } else if (!(name in a)) out[name] = new Put(writtenValue(b[name]) ?? {});
    else if (!sameValue(a[name], b[name])) {
      const d = isMap(a[name]) && isMap(b[name]) ? diffMap(a[name] as Tree, b[name] as Tree, path, ctx, 'map') : new Put(writtenValue(b[name]));
      if (d && (!(d instanceof Object) || Object.keys(d).length)) out[name] = d;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

type MapKind = 'service' | 'map' | 'resettable';

function diffMap(a: Tree, b: Tree, path: string[], ctx: Ctx, kind: MapKind): DeltaMap | undefined {
  const out: DeltaMap = {};
  const removed: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const av = a[key];
    const bv = b[key];
    if (sameValue(av, bv)) continue;
    const p = [...path, key];
    if (isUnset(bv)) {
      removed.push(key);
      const r = removal(a, key, av, p, ctx, kind);
      if (r) out[key] = r;
      continue;
    }
    const d = diffEntry(a, b, key, p, ctx, kind);
    if (d) out[key] = d;
  }
  void removed;
  return Object.keys(out).length ? out : undefined;
}

function removal(a: Tree, key: string, av: unknown, path: string[], ctx: Ctx, kind: MapKind): DeltaValue | undefined {
  if (kind === 'service' && EMPTY_UNSETS.has(key) && typeof av === 'string') return new Put('');
  if (typeof av === 'boolean') return new Put(false);
  if (kind === 'service' && REPLACE.has(key) && ctx.target.nullClears) return new Put(null);
  if (ctx.target.reset && (kind !== 'map' || true)) return new Reset(Array.isArray(av) ? [] : isMap(av) ? {} : null);
  ctx.manual.push({ path, message: `remove ${path.slice(2).join('.') || path.join('.')} (needs !reset, Compose >= 2.19)` });
  void a;
  return undefined;
}

function diffEntry(a: Tree, b: Tree, key: string, path: string[], ctx: Ctx, kind: MapKind): DeltaValue | undefined {
  const av = a[key];
  const bv = b[key];
  if (kind === 'service') {
    if (REPLACE.has(key)) return new Put(writtenValue(bv));
    if (APPEND.has(key)) return appendList(asList(av), bv as unknown[], path, ctx);
    if (KV.has(key)) return kvDiff(isMap(av) ? av : {}, bv as Tree, path, ctx);
    const indexer = UNIQUE.get(['services', '*', key]);
    if (indexer && Array.isArray(bv)) return keyedList(asList(av), bv, indexer, path, ctx);
    if (key === 'logging' && isMap(av) && isMap(bv) && av.driver !== bv.driver && bv.driver !== undefined) return new Put(writtenValue(bv));
    if (key === 'networks' && isMap(bv)) return networksDiff(isMap(av) ? av : {}, bv, path, ctx);
    if (isMap(av) && isMap(bv)) return diffMap(av, bv, path, ctx, RESETTABLE_MAPS.has(key) ? 'resettable' : 'map');
    return new Put(asWritten(b, key));
  }
  // Inside nested mappings: lists the merge replaces or appends, maps recurse, scalars replace.
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'test' && parent === 'healthcheck') return new Put(writtenValue(bv));
  if (parent === 'ulimits') return new Put(writtenValue(bv));
  if ((last === 'args' || last === 'labels' || last === 'options') && isMap(bv)) return kvDiff(isMap(av) ? av : {}, bv, path, ctx);
  if (Array.isArray(bv)) {
    const indexer = UNIQUE.get(path.map((s, i) => (i === 1 && path[0] === 'services' ? '*' : s)));
    if (indexer) return keyedList(asList(av), bv, indexer, path, ctx);
    return appendList(asList(av), bv, path, ctx);
  }
  if (isMap(av) && isMap(bv)) return diffMap(av, bv, path, ctx, kind);
  return new Put(asWritten(b, key));
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function replaceWhole(value: unknown[] | Tree, path: string[], ctx: Ctx, what: string): DeltaValue | undefined {
  if (ctx.target.override) return new Override(value);
  ctx.manual.push({ path, message: `${what} (needs !override, Compose >= 2.24.4)` });
  return undefined;
}

/** Lists merged by a key: emit only new or changed items when appending them gives exactly `b`. */
function keyedList(a: unknown[], b: unknown[], indexer: Indexer, path: string[], ctx: Ctx): DeltaValue | undefined {
  const byKey = new Map<string, unknown>();
  for (const item of a) {
    const k = indexer(item);
    if (k !== undefined) byKey.set(k, item);
  }
  const added = b.filter((item) => {
    const k = indexer(item);
    return k === undefined || !byKey.has(k) || !sameValue(byKey.get(k), item);
  });
  const merged = dedupeBy([...a, ...added], indexer);
  if (sameValue(merged, b)) return added.length ? new Append(writtenItems(added)) : undefined;
  return replaceWhole(writtenItems(b), path, ctx, `replace ${path.slice(2).join('.')} with the hardened list`);
}

function dedupeBy(list: unknown[], indexer: Indexer): unknown[] {
  const pos = new Map<string, number>();
  const out: unknown[] = [];
  for (const item of list) {
    const k = indexer(item);
    const at = k === undefined ? undefined : pos.get(k);
    if (at === undefined) {
      if (k !== undefined) pos.set(k, out.length);
      out.push(item);
    } else out[at] = item;
  }
  return out;
}

/** Lists appended without de-duplication: only a pure extension of `a` can be expressed by appending. */
function appendList(a: unknown[], b: unknown[], path: string[], ctx: Ctx): DeltaValue | undefined {
  const prefix = a.length <= b.length && a.every((x, i) => sameValue(x, b[i]));
  if (prefix) return b.length > a.length ? new Append(writtenItems(b.slice(a.length))) : undefined;
  return replaceWhole(writtenItems(b), path, ctx, `replace ${path.slice(2).join('.')} with the hardened list`);
}

/** Items as the user wrote them; a short-syntax range that expanded into several items is written once. */
function writtenItems(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  let lastWritten: unknown = undefined;
  for (const item of items) {
    const w = writtenOf(item);
    if (w !== undefined && typeof w === 'string' && w === lastWritten && /\d-\d/.test(w)) continue;
    lastWritten = w;
    out.push(writtenValue(item));
  }
  return out;
}

function kvDiff(a: Tree, b: Tree, path: string[], ctx: Ctx): DeltaValue | undefined {
  const removedKeys = Object.keys(a).filter((k) => !(k in b));
  if (removedKeys.length && ctx.target.reset && !isFromList(a)) {
    // Compose holds this mapping as a mapping: remove just those keys, repeating nothing else
    // (a rewritten mapping would copy the user's other values, secrets included, into the override).
    const out: DeltaMap = {};
    for (const k of removedKeys) out[k] = new Reset(null);
    for (const k of Object.keys(b)) if (!(k in a) || !sameValue(a[k], b[k])) out[k] = new Put(asWritten(b, k));
    return out;
  }
  if (removedKeys.length) {
    // Per-key `!reset` silently does nothing once Compose holds the attribute as a list
    // (docker/compose#11816), so removals rewrite the whole mapping.
    const whole: Tree = {};
    for (const k of Object.keys(b)) whole[k] = asWritten(b, k);
    return replaceWhole(whole, path, ctx, `remove ${removedKeys.length} entr${removedKeys.length === 1 ? 'y' : 'ies'} from ${path.slice(2).join('.')}`);
  }
  const out: DeltaMap = {};
  for (const k of Object.keys(b)) if (!(k in a) || !sameValue(a[k], b[k])) out[k] = new Put(asWritten(b, k));
  return Object.keys(out).length ? out : undefined;
}

function networksDiff(a: Tree, b: Tree, path: string[], ctx: Ctx): DeltaValue | undefined {
  const removed = Object.keys(a).filter((k) => !(k in b));
  if (removed.length) {
    const whole: Tree = {};
    for (const k of Object.keys(b)) whole[k] = writtenValue(b[k]);
    return replaceWhole(whole, path, ctx, `detach from network${removed.length > 1 ? 's' : ''} ${removed.join(', ')}`);
  }
  const out: DeltaMap = {};
  for (const k of Object.keys(b)) {
    if (!(k in a)) out[k] = new Put(writtenValue(b[k]));
    else if (!sameValue(a[k], b[k])) {
      const d = isMap(a[k]) && isMap(b[k]) ? diffMap(a[k] as Tree, b[k] as Tree, [...path, k], ctx, 'map') : new Put(writtenValue(b[k]));
      if (d) out[k] = d;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
