// Merges compose documents the way compose-go v2 does (override/merge.go, override/uncity.go): on plain
// YAML trees, before short syntaxes are made canonical. ../shared/docs/compose-semantics.md §2 is the
// rulebook. Inputs are never mutated: merged containers are new objects that carry their entries'
// source positions over from whichever side supplied them.
import { copyAllMeta, copyEntryMeta, copySelfLoc, selfLoc } from '../model/loc.ts';
import { PathTable, type PathCursor, type PathKey } from './paths.ts';
import { parseDeviceTarget, parseVolumeTarget } from './short-syntax.ts';
import { toText } from '../model/text.ts';

type Tree = Record<string, unknown>;
type Merger = (base: unknown, over: unknown, path: PathKey[]) => unknown;

const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

const SPECIAL = new PathTable<Merger>({
  'networks.*.labels': toSequence,
  'volumes.*.labels': toSequence,
  'secrets.*.labels': toSequence,
  'configs.*.labels': toSequence,
  'networks.*.ipam.config': mergeIpamConfig,
  'services.*.annotations': toSequence,
  'services.*.build': mergeBuild,
  'services.*.build.args': toSequence,
  'services.*.build.additional_contexts': toSequence,
  'services.*.build.extra_hosts': mergeExtraHosts,
  'services.*.build.labels': toSequence,
  'services.*.command': replace,
  'services.*.entrypoint': replace,
  'services.*.depends_on': mergeDependsOn,
  'services.*.deploy.labels': toSequence,
  'services.*.dns': toSequence,
  'services.*.dns_opt': toSequence,
  'services.*.dns_search': toSequence,
  'services.*.env_file': toSequence,
  'services.*.label_file': toSequence,
  'services.*.environment': toSequence,
  'services.*.extra_hosts': mergeExtraHosts,
  'services.*.healthcheck.test': replace,
  'services.*.labels': toSequence,
  'services.*.volumes.*.volume.labels': toSequence,
  'services.*.logging': mergeLogging,
  'services.*.networks': mergeNetworks,
  'services.*.sysctls': toSequence,
  'services.*.tmpfs': toSequence,
  'services.*.ulimits.*': replace,
  'services.*.post_start': appendSeq,
  'services.*.pre_stop': appendSeq,
});

/** Keyed lists: after appending, entries with the same key collapse (later value, earlier position). */
export type Indexer = (item: unknown) => string | undefined;

const keyValue: Indexer = (v) => {
  if (typeof v === 'string') {
    const i = v.indexOf('=');
    return i < 0 ? v : v.slice(0, i);
  }
  return v === null || v === undefined ? undefined : toText(v);
};

const goFmt = (v: unknown, verb: 's' | 'd'): string => {
  // compose-go formats these with %s / %d, so a value of the other type prints Go's error text and
  // does not match its lookalike: reproduce that so duplicates collapse exactly when Compose's do.
  if (verb === 's') return typeof v === 'string' ? v : typeof v === 'number' ? `%!s(int=${v})` : toText(v);
  return typeof v === 'number' ? toText(v) : `%!d(string=${toText(v)})`;
};

export const portIndexer: Indexer = (v) => {
  if (typeof v === 'number') return toText(v);
  if (typeof v === 'string') return v;
  if (isMap(v)) {
    const published = v.published === undefined ? '' : goFmt(v.published, 's');
    const host = v.host_ip === undefined ? '0.0.0.0' : toText(v.host_ip);
    const protocol = v.protocol === undefined ? 'tcp' : toText(v.protocol);
    return `${host}:${published}:${goFmt(v.target, 'd')}/${protocol}`;
  }
  return undefined;
};

const volumeIndexer: Indexer = (v) => {
  if (isMap(v)) return typeof v.target === 'string' ? v.target : undefined;
  if (typeof v === 'string') return parseVolumeTarget(v);
  return undefined;
};

const mountIndexer =
  (base: string): Indexer =>
  (v) => {
    if (typeof v === 'string') return `${base}/${v}`;
    if (isMap(v)) {
      if (typeof v.target === 'string' && v.target !== '') return v.target;
      return `${base}/${toText(v.source)}`;
    }
    return undefined;
  };

const envFileIndexer: Indexer = (v) => (typeof v === 'string' ? v : isMap(v) ? toText(v.path) : undefined);
const exposeIndexer: Indexer = (v) => (v === null || v === undefined ? undefined : toText(v));
const deviceIndexer: Indexer = (v) => {
  if (typeof v === 'string') return parseDeviceTarget(v);
  if (isMap(v)) return typeof v.target === 'string' ? v.target : toText(v.source);
  return undefined;
};

export const UNIQUE = new PathTable<Indexer>({
  'networks.*.labels': keyValue,
  'networks.*.ipam.options': keyValue,
  'volumes.*.labels': keyValue,
  'services.*.annotations': keyValue,
  'services.*.build.args': keyValue,
  'services.*.build.additional_contexts': keyValue,
  'services.*.build.platforms': keyValue,
  'services.*.build.tags': keyValue,
  'services.*.build.labels': keyValue,
  'services.*.cap_add': keyValue,
  'services.*.cap_drop': keyValue,
  'services.*.configs': mountIndexer(''),
  'services.*.deploy.labels': keyValue,
  'services.*.dns': keyValue,
  'services.*.dns_opt': keyValue,
  'services.*.dns_search': keyValue,
  'services.*.environment': keyValue,
  'services.*.env_file': envFileIndexer,
  'services.*.expose': exposeIndexer,
  'services.*.labels': keyValue,
  'services.*.links': keyValue,
  'services.*.networks.*.aliases': keyValue,
  'services.*.networks.*.link_local_ips': keyValue,
  'services.*.ports': portIndexer,
  'services.*.profiles': keyValue,
  'services.*.secrets': mountIndexer('/run/secrets'),
  'services.*.sysctls': keyValue,
  'services.*.tmpfs': keyValue,
  'services.*.volumes': volumeIndexer,
  'services.*.devices': deviceIndexer,
});

/** Merge `over` onto `base` (either may be undefined). Neither input is modified. */
export function mergeTrees(base: unknown, over: unknown): unknown {
  return mergeAt(base, over, []);
}

function mergeAt(base: unknown, over: unknown, path: PathKey[]): unknown {
  if (base === undefined) return over;
  if (over === undefined) return base;
  const special = path.length ? SPECIAL.get(path) : undefined;
  if (special) return special(base, over, path);
  return defaultMerge(base, over, path);
}

function defaultMerge(base: unknown, over: unknown, path: PathKey[]): unknown {
  if (over === null) return base; // null in a later file is not a removal
  if (isMap(base) && isMap(over)) return mergeMaps(base, over, path);
  if (Array.isArray(base) && Array.isArray(over)) return concat(base, over);
  return over;
}

function mergeMaps(base: Tree, over: Tree, path: PathKey[]): Tree {
  const out: Tree = {};
  copyAllMeta(base, out);
  for (const k of Object.keys(base)) out[k] = base[k];
  for (const k of Object.keys(over)) {
    if (k in base) {
      out[k] = mergeAt(base[k], over[k], [...path, k]);
      if (out[k] === over[k] || !selfLoc(out[k])) copyEntryMeta(over, k, out, k);
    } else {
      out[k] = over[k];
      copyEntryMeta(over, k, out, k);
    }
  }
  return out;
}

function concat(a: unknown[], b: unknown[]): unknown[] {
  const out: unknown[] = [];
  copySelfLoc(a, out);
  a.forEach((v, i) => {
    copyEntryMeta(a, i, out, out.length);
    out.push(v);
  });
  b.forEach((v, i) => {
    copyEntryMeta(b, i, out, out.length);
    out.push(v);
  });
  return out;
}

function replace(_base: unknown, over: unknown): unknown {
  return over;
}

function appendSeq(base: unknown, over: unknown, path: PathKey[]): unknown {
  if (over === null) return base;
  return defaultMerge(base, over, path);
}

/** Lists, mappings and single strings all become `K=V` sequences and are appended (compose-go convertIntoSequence). */
function toSequence(base: unknown, over: unknown): unknown {
  if (over === null) return base;
  return concat(asSequence(base), asSequence(over));
}

export function asSequence(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) {
    const out: unknown[] = [];
    copySelfLoc(v, out);
    for (const k of Object.keys(v)) {
      const val = v[k];
      copyEntryMeta(v, k, out, out.length);
      out.push(val === null || val === undefined ? k : `${k}=${scalarText(val)}`);
    }
    return out;
  }
  if (v === null || v === undefined) return [];
  return [v];
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(scalarText).join(',');
  return toText(v);
}

function mergeBuild(base: unknown, over: unknown, path: PathKey[]): unknown {
  const b = typeof base === 'string' ? withLoc({ context: base }, base) : base;
  const o = typeof over === 'string' ? withLoc({ context: over }, over) : over;
  return defaultMerge(b, o, path);
}

function withLoc(obj: Tree, _from: unknown): Tree {
  return obj;
}

function mergeDependsOn(base: unknown, over: unknown, path: PathKey[]): unknown {
  return defaultMerge(dependsOnMap(base), dependsOnMap(over), path);
}

function dependsOnMap(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: Tree = {};
  copySelfLoc(v, out);
  v.forEach((name, i) => {
    const key = toText(name);
    out[key] = { condition: 'service_started', required: true };
    copyEntryMeta(v, i, out, key);
  });
  return out;
}

function mergeNetworks(base: unknown, over: unknown, path: PathKey[]): unknown {
  return defaultMerge(networksMap(base), networksMap(over), path);
}

function networksMap(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: Tree = {};
  copySelfLoc(v, out);
  v.forEach((name, i) => {
    const key = toText(name);
    out[key] = null;
    copyEntryMeta(v, i, out, key);
  });
  return out;
}

function mergeLogging(base: unknown, over: unknown, path: PathKey[]): unknown {
  if (isMap(base) && isMap(over)) {
    const bd = base.driver;
    const od = over.driver;
    if (bd === undefined || od === undefined || bd === od) return mergeMaps(base, over, path);
    return over;
  }
  return defaultMerge(base, over, path);
}

function mergeExtraHosts(base: unknown, over: unknown): unknown {
  if (over === null) return base;
  const a = hostsSequence(base);
  const b = hostsSequence(over);
  const seen = new Set(a.map(String));
  const out = concat(a, []);
  b.forEach((v, i) => {
    if (seen.has(toText(v))) return;
    seen.add(toText(v));
    copyEntryMeta(b, i, out, out.length);
    out.push(v);
  });
  return out;
}

function hostsSequence(v: unknown): unknown[] {
  if (!isMap(v)) return asSequence(v);
  const out: unknown[] = [];
  copySelfLoc(v, out);
  for (const k of Object.keys(v)) {
    const val = v[k];
    const ips = Array.isArray(val) ? val : [val];
    for (const ip of ips) {
      copyEntryMeta(v, k, out, out.length);
      out.push(`${k}=${toText(ip)}`);
    }
  }
  return out;
}

function mergeIpamConfig(base: unknown, over: unknown, path: PathKey[]): unknown {
  if (!Array.isArray(base) || !Array.isArray(over)) return defaultMerge(base, over, path);
  const out: unknown[] = concat(base, []);
  const bySubnet = new Map<string, number>();
  out.forEach((c, i) => {
    if (isMap(c) && typeof c.subnet === 'string') bySubnet.set(c.subnet, i);
  });
  over.forEach((c, j) => {
    const i = isMap(c) && typeof c.subnet === 'string' ? bySubnet.get(c.subnet) : undefined;
    if (i === undefined) {
      copyEntryMeta(over, j, out, out.length);
      out.push(c);
    } else {
      out[i] = mergeMaps(out[i] as Tree, c as Tree, [...path, i]);
      copyEntryMeta(over, j, out, i);
    }
  });
  return out;
}

/**
 * De-duplicate every keyed list in the tree (compose-go EnforceUnicity). Returns a new tree where
 * anything changed; unchanged subtrees are shared.
 */
export function enforceUnicity(tree: unknown): unknown {
  return unique(tree, UNIQUE.start(), true);
}

// Walks only where a keyed-list pattern can still match: most of a project (service keys without lists,
// scalars) is skipped at its first segment.
function unique(tree: unknown, cursor: PathCursor<Indexer>, root: boolean): unknown {
  if (cursor.length === 0) return tree;
  if (Array.isArray(tree)) {
    const indexer = root ? undefined : UNIQUE.valueAt(cursor);
    const items = indexer ? dedupe(tree, indexer) : tree;
    let out: unknown[] | undefined = items === tree ? undefined : items;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (v === null || typeof v !== 'object') continue;
      const nv = unique(v, UNIQUE.step(cursor, i), false);
      if (nv !== v) {
        out ??= cloneArray(items);
        out[i] = nv;
      }
    }
    return out ?? tree;
  }
  if (isMap(tree)) {
    let out: Tree | undefined;
    for (const k of Object.keys(tree)) {
      const v = tree[k];
      if (v === null || typeof v !== 'object') continue;
      const nv = unique(v, UNIQUE.step(cursor, k), false);
      if (nv !== v) {
        if (!out) {
          out = { ...tree };
          copyAllMeta(tree, out);
        }
        out[k] = nv;
      }
    }
    return out ?? tree;
  }
  return tree;
}

function cloneArray(a: unknown[]): unknown[] {
  const out = a.slice();
  copyAllMeta(a, out);
  return out;
}

function dedupe(list: unknown[], indexer: Indexer): unknown[] {
  // Nearly every list has no duplicates: find the first one before copying anything.
  const seen = new Set<string>();
  let first = -1;
  for (let i = 0; i < list.length && first < 0; i++) {
    const key = indexer(list[i]);
    if (key === undefined) continue;
    if (seen.has(key)) first = i;
    else seen.add(key);
  }
  if (first < 0) return list;
  const pos = new Map<string, number>();
  const out: unknown[] = [];
  copySelfLoc(list, out);
  list.forEach((item, i) => {
    const key = indexer(item);
    const at = key === undefined ? undefined : pos.get(key);
    if (at === undefined) {
      if (key !== undefined) pos.set(key, out.length);
      copyEntryMeta(list, i, out, out.length);
      out.push(item);
    } else {
      out[at] = item;
      copyEntryMeta(list, i, out, at);
    }
  });
  return out;
}

/** Delete a path from a tree (for `!reset`/`!override`), copying the containers on the way. */
export function deletePath(tree: unknown, path: PathKey[]): unknown {
  return deletePaths(tree, [path]);
}

/**
 * Delete several paths at once: each container on the way is copied once, however many paths go through
 * it (one path at a time copied the services mapping once per `!reset`, quadratic on large overrides).
 * Same result as deleting them one after the other.
 */
export function deletePaths(tree: unknown, paths: PathKey[][]): unknown {
  if (!paths.length) return tree;
  if (paths.some((p) => p.length === 0)) return undefined;
  if (!isMap(tree)) return tree; // lists and scalars: compose-go finds nothing to delete
  const byHead = new Map<string, PathKey[][]>();
  for (const p of paths) {
    const key = toText(p[0]);
    if (!(key in tree)) continue;
    const list = byHead.get(key);
    if (list) list.push(p.slice(1));
    else byHead.set(key, [p.slice(1)]);
  }
  if (!byHead.size) return tree;
  const out: Tree = { ...tree };
  copyAllMeta(tree, out);
  for (const [key, rests] of byHead) {
    if (rests.some((r) => r.length === 0)) delete out[key];
    else out[key] = deletePaths(tree[key], rests);
  }
  return out;
}
