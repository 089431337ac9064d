// Short syntaxes → the canonical long forms of compose-semantics.md §5, plus the loader defaults of
// §1 step 13. Works on the merged tree; every produced object keeps the position of what it came from.
import { InputError, type InputProblem } from './errors.ts';
import { copyAllMeta, copyEntryMeta, copySelfLoc, locOf, markFromList, rawOf, setLoc, setRaw, setSelfLoc, setWritten, varsOf, type Loc } from './loc.ts';
import { cleanPath, parseDevice, parsePort, parseVolume, shellSplit, SyntaxError_ } from '../load/short-syntax.ts';
import { enforceUnicity } from '../load/merge.ts';
import { formatPath } from '../load/paths.ts';
import { toText } from './text.ts';

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Ctx {
  problems: InputProblem[];
  path: Array<string | number>;
}

function fail(ctx: Ctx, path: Array<string | number>, message: string, loc: Loc | undefined): void {
  ctx.problems.push({ message: `${formatPath(path)} ${message}`, loc });
}

/** Ports and mount specs are not secret; quote short ones so the user sees what was read. */
function failQuoted(ctx: Ctx, path: Array<string | number>, value: unknown, message: string, loc: Loc | undefined): void {
  const text = toText(value);
  if (text.length <= 60 && !text.includes('\n')) ctx.problems.push({ message: `${formatPath(path)}: ${JSON.stringify(text)} ${message}`, loc });
  else fail(ctx, path, message, loc);
}

/** Canonicalise a merged project tree in place of a copy. Throws one InputError listing every problem. */
export function canonicalize(tree: Tree): Tree {
  const ctx: Ctx = { problems: [], path: [] };
  const out: Tree = { ...tree };
  copyAllMeta(tree, out);
  if (isMap(tree.services)) {
    const services: Tree = {};
    copyAllMeta(tree.services, services);
    for (const [name, svc] of Object.entries(tree.services)) {
      services[name] = isMap(svc) ? canonicalService(svc, name, ctx) : svc === null ? {} : svc;
    }
    out.services = services;
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (isMap(tree[kind])) out[kind] = canonicalResources(tree[kind] as Tree, kind);
  }
  if (ctx.problems.length) throw new InputError(ctx.problems[0].message, ctx.problems[0].loc, ctx.problems);
  // Canonical forms can reveal duplicates the raw forms hid (`8080:80` vs a long-form port).
  return enforceUnicity(out) as Tree;
}

const KV_NULLABLE = ['environment', 'labels', 'annotations', 'sysctls'] as const;
const STRING_LISTS = ['dns', 'dns_search', 'dns_opt', 'tmpfs', 'label_file', 'cap_add', 'cap_drop', 'security_opt', 'profiles', 'links', 'external_links', 'volumes_from'] as const;

function canonicalService(raw: Tree, name: string, ctx: Ctx): Tree {
  const s: Tree = { ...raw };
  copyAllMeta(raw, s);
  const path = ['services', name];
  const at = (k: string) => locOf(raw, k);

  for (const k of KV_NULLABLE) if (k in s) s[k] = kvMap(s[k], k === 'environment' ? null : '');
  if ('build' in s) s.build = canonicalBuild(s.build);
  if ('deploy' in s && isMap(s.deploy) && 'labels' in s.deploy) {
    const d = { ...s.deploy };
    copyAllMeta(s.deploy, d);
    d.labels = kvMap(d.labels, '');
    s.deploy = d;
  }
  for (const k of STRING_LISTS) {
    if (k in s) {
      const v = s[k];
      if (typeof v === 'string') s[k] = oneItem(v, at(k));
    }
  }
  if ('expose' in s && Array.isArray(s.expose)) s.expose = mapList(s.expose, (v) => toText(v));
  if ('ports' in s && Array.isArray(s.ports)) s.ports = canonicalPorts(s.ports, [...path, 'ports'], ctx);
  if ('volumes' in s && Array.isArray(s.volumes)) s.volumes = canonicalVolumes(s.volumes, [...path, 'volumes'], ctx);
  if ('secrets' in s && Array.isArray(s.secrets)) s.secrets = canonicalRefs(s.secrets, '/run/secrets');
  if ('configs' in s && Array.isArray(s.configs)) s.configs = canonicalRefs(s.configs, undefined);
  if ('devices' in s && Array.isArray(s.devices)) s.devices = mapList(s.devices, (v) => (typeof v === 'string' ? parseDevice(v) : isMap(v) ? { permissions: 'rwm', ...v } : v));
  if ('env_file' in s) s.env_file = canonicalEnvFile(s.env_file, at('env_file'));
  if ('networks' in s && Array.isArray(s.networks)) s.networks = listToMap(s.networks, () => null);
  if ('depends_on' in s) s.depends_on = canonicalDependsOn(s.depends_on);
  for (const k of ['command', 'entrypoint'] as const) {
    if (k in s) {
      if (s[k] === null) delete s[k];
      else if (typeof s[k] === 'string') s[k] = splitCommand(s[k] as string, [...path, k], at(k), ctx);
      else if (Array.isArray(s[k])) s[k] = mapList(s[k] as unknown[], (v) => toText(v));
    }
  }
  if (isMap(s.healthcheck)) s.healthcheck = canonicalHealthcheck(s.healthcheck);
  if ('extra_hosts' in s) s.extra_hosts = canonicalExtraHosts(s.extra_hosts);
  if (s.gpus === 'all') s.gpus = [{ count: 'all' }];
  for (const k of ['post_start', 'pre_stop', 'pre_start'] as const) {
    if (Array.isArray(s[k])) s[k] = mapList(s[k] as unknown[], (h) => canonicalHook(h));
  }
  return s;
}

function oneItem(v: string, loc: Loc | undefined): string[] {
  const out = [v];
  setSelfLoc(out, loc);
  return out;
}

function mapList(list: unknown[], fn: (v: unknown, i: number) => unknown): unknown[] {
  const out = list.map(fn);
  copyAllMeta(list, out);
  list.forEach((v, i) => {
    const nv = out[i];
    if (nv !== null && typeof nv === 'object' && nv !== v) {
      setSelfLoc(nv as object, locOf(list, i));
      // A short-syntax string stays the best way to write this item again (`${VAR}` kept).
      if (typeof v === 'string' || typeof v === 'number') setWritten(nv as object, rawOf(list, i) ?? v);
    }
  });
  return out;
}

/** A list item whose key cannot be held: `__proto__` would set the prototype and vanish; an empty name
 * (`- ""`, `- =x`, or `- ${UNSET}`) is refused as the mapping form `"": x` is. */
function noProto(key: string, list: unknown[], i: number): void {
  if (key === '__proto__') throw new InputError('"__proto__" cannot be used as a name', locOf(list, i));
  if (key === '') throw new InputError('entry has an empty name', locOf(list, i));
}

/** `K=V` lists and mappings → mapping of strings (`K` alone → `bare`). */
export function kvMap(v: unknown, bare: string | null): unknown {
  if (Array.isArray(v)) {
    const out: Tree = {};
    copyAllMeta(v, out);
    markFromList(out);
    v.forEach((item, i) => {
      const text = toText(item);
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      noProto(key, v, i);
      out[key] = eq < 0 ? bare : text.slice(eq + 1);
      copyEntryMeta(v, i, out, key);
      // The raw text of a list item is `KEY=${VAR}`: the entry's own raw text is what follows `KEY=`.
      const raw = rawOf(v, i);
      if (raw !== undefined) {
        const req = raw.indexOf('=');
        if (req >= 0 && !raw.slice(0, req).includes('$')) setRaw(out, key, raw.slice(req + 1), varsOf(v, i));
        else if (eq >= 0) setRaw(out, key, text.slice(eq + 1).replaceAll('$', '$$$$'), []);
      }
    });
    return out;
  }
  if (isMap(v)) {
    const out: Tree = {};
    copyAllMeta(v, out);
    for (const [k, val] of Object.entries(v)) out[k] = val === null ? bare : typeof val === 'string' ? val : toText(val);
    return out;
  }
  return v;
}

function listToMap(list: unknown[], value: (v: unknown) => unknown): Tree {
  const out: Tree = {};
  setSelfLoc(out, locOf({ l: list }, 'l'));
  list.forEach((item, i) => {
    const key = toText(item);
    noProto(key, list, i);
    out[key] = value(item);
    copyEntryMeta(list, i, out, key);
  });
  return out;
}

function canonicalBuild(v: unknown): unknown {
  if (typeof v === 'string') return { context: v };
  if (!isMap(v)) return v;
  const b: Tree = { ...v };
  copyAllMeta(v, b);
  if (!('context' in b)) b.context = '.';
  for (const k of ['args'] as const) if (k in b) b[k] = kvMap(b[k], null);
  for (const k of ['labels'] as const) if (k in b) b[k] = kvMap(b[k], '');
  if ('extra_hosts' in b) b.extra_hosts = canonicalExtraHosts(b.extra_hosts);
  return b;
}

function canonicalPorts(list: unknown[], path: Array<string | number>, ctx: Ctx): unknown[] {
  const out: unknown[] = [];
  copySelfLoc(list, out);
  const push = (v: unknown, loc: Loc | undefined) => {
    setLoc(out, out.length, loc);
    out.push(v);
  };
  list.forEach((item, i) => {
    const loc = locOf(list, i);
    if (isMap(item)) {
      const p: Tree = { ...item };
      copyAllMeta(item, p);
      if (typeof p.target === 'string' && /^\d+$/.test(p.target)) p.target = Number(p.target);
      if (typeof p.published === 'number') p.published = toText(p.published);
      p.mode ??= 'ingress';
      p.protocol ??= 'tcp';
      push(p, loc);
      return;
    }
    if (typeof item === 'string' || typeof item === 'number') {
      try {
        // Ranges expand to several entries; each keeps the position of the entry it came from.
        for (const p of parsePort(item)) {
          setSelfLoc(p, loc);
          setWritten(p, rawOf(list, i) ?? item);
          push(p, loc);
        }
      } catch (e) {
        if (!(e instanceof SyntaxError_)) throw e;
        failQuoted(ctx, [...path, i], item, e.message, loc);
      }
      return;
    }
    push(item, loc);
  });
  return out;
}

function canonicalVolumes(list: unknown[], path: Array<string | number>, ctx: Ctx): unknown[] {
  return mapList(list, (item, i) => {
    if (typeof item === 'string') {
      try {
        return parseVolume(item);
      } catch (e) {
        if (!(e instanceof SyntaxError_)) throw e;
        failQuoted(ctx, [...path, i], item, e.message, locOf(list, i));
        return item;
      }
    }
    if (isMap(item)) {
      const v: Tree = { ...item };
      copyAllMeta(item, v);
      if (typeof v.target === 'string') v.target = cleanPath(v.target);
      if (typeof v.read_only === 'string') v.read_only = /^(true|yes|on|y)$/i.test(v.read_only);
      return v;
    }
    return item;
  });
}

function canonicalRefs(list: unknown[], base: string | undefined): unknown[] {
  return mapList(list, (item) => {
    const r: Tree = typeof item === 'string' ? { source: item } : isMap(item) ? { ...item } : { source: toText(item) };
    if (isMap(item)) copyAllMeta(item, r);
    if (base) {
      if (typeof r.target !== 'string' || r.target === '') r.target = `${base}/${toText(r.source)}`;
      else if (!r.target.startsWith('/') && !/^[a-zA-Z]:/.test(r.target)) r.target = `${base}/${r.target}`;
    }
    for (const k of ['uid', 'gid'] as const) if (typeof r[k] === 'number') r[k] = toText(r[k]);
    return r;
  });
}

function canonicalEnvFile(v: unknown, loc: Loc | undefined): unknown {
  const list = typeof v === 'string' ? oneItem(v, loc) : v;
  if (!Array.isArray(list)) return v;
  return mapList(list, (item) => {
    if (typeof item === 'string') return { path: item, required: true };
    if (isMap(item)) {
      const e: Tree = { ...item };
      copyAllMeta(item, e);
      if (typeof e.required === 'string') e.required = !/^(false|no|off|n)$/i.test(e.required);
      e.required ??= true;
      return e;
    }
    return item;
  });
}

function canonicalDependsOn(v: unknown): unknown {
  if (Array.isArray(v)) return listToMap(v, () => ({ condition: 'service_started', required: true }));
  if (!isMap(v)) return v;
  const out: Tree = {};
  copyAllMeta(v, out);
  for (const [k, d] of Object.entries(v)) {
    if (isMap(d)) {
      const nd: Tree = { ...d };
      copyAllMeta(d, nd);
      nd.condition ??= 'service_started';
      nd.required ??= true;
      out[k] = nd;
    } else out[k] = { condition: 'service_started', required: true };
  }
  return out;
}

function splitCommand(text: string, path: Array<string | number>, loc: Loc | undefined, ctx: Ctx): unknown {
  try {
    const out = shellSplit(text);
    setSelfLoc(out, loc);
    return out;
  } catch (e) {
    if (!(e instanceof SyntaxError_)) throw e;
    fail(ctx, path, e.message, loc);
    return text;
  }
}

function canonicalHealthcheck(h: Tree): Tree {
  const out: Tree = { ...h };
  copyAllMeta(h, out);
  if (typeof out.test === 'string') out.test = ['CMD-SHELL', out.test];
  else if (Array.isArray(out.test)) out.test = mapList(out.test, (v) => toText(v));
  else if (out.test === null) delete out.test;
  if (typeof out.disable === 'string') out.disable = /^(true|yes|on|y)$/i.test(out.disable);
  return out;
}

function canonicalHook(h: unknown): unknown {
  if (!isMap(h)) return h;
  const out: Tree = { ...h };
  copyAllMeta(h, out);
  if (typeof out.command === 'string') out.command = shellSplit(out.command);
  if ('environment' in out) out.environment = kvMap(out.environment, null);
  return out;
}

function canonicalExtraHosts(v: unknown): unknown {
  const entries: Array<[string, string, number]> = [];
  let seq = 0;
  if (Array.isArray(v)) {
    for (const item of v) {
      const text = toText(item);
      const eq = text.indexOf('=');
      const sep = eq >= 0 ? eq : text.indexOf(':');
      if (sep < 0) entries.push([text, '', seq++]);
      else entries.push([text.slice(0, sep), text.slice(sep + 1), seq++]);
    }
  } else if (isMap(v)) {
    for (const [host, ips] of Object.entries(v)) for (const ip of Array.isArray(ips) ? ips : [ips]) entries.push([host, toText(ip), seq++]);
  } else return v;
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
  const out = entries.map(([h, ip]) => `${h}=${ip}`);
  if (Array.isArray(v) || isMap(v)) setSelfLoc(out, locOf({ v }, 'v'));
  return out;
}

function canonicalResources(map: Tree, kind: string): Tree {
  const out: Tree = {};
  copyAllMeta(map, out);
  for (const [name, def] of Object.entries(map)) {
    if (def === null || def === undefined) {
      out[name] = {};
      continue;
    }
    if (!isMap(def)) {
      out[name] = def;
      continue;
    }
    const d: Tree = { ...def };
    copyAllMeta(def, d);
    if ('labels' in d) d.labels = kvMap(d.labels, '');
    // Legacy `external: {name: x}` → external: true, name: x.
    if (isMap(d.external)) {
      if (typeof d.external.name === 'string') d.name ??= d.external.name;
      d.external = true;
    }
    for (const k of ['external', 'internal', 'attachable', 'enable_ipv6', 'enable_ipv4'] as const) {
      if (typeof d[k] === 'string') d[k] = /^(true|yes|on|y)$/i.test(d[k] as string);
    }
    void kind;
    out[name] = d;
  }
  return out;
}
