// Short-syntax parsers for ports, volumes and devices, after compose-go's format.ParseVolume,
// types.ParsePortConfig (go-connections nat.ParsePortSpec) and loader device parsing.
import { isIP } from '../model/ip.ts';
import type { DeviceMapping, PortConfig, VolumeMount } from '../model/types.ts';

export class SyntaxError_ extends Error {}

const PROPAGATION = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

function isWindowsDrive(s: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(s) || /^[a-zA-Z]:$/.test(s);
}

/** Whether a short-syntax volume source is a host path (bind) rather than a named volume. */
export function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || isWindowsDrive(source) || source.startsWith('\\\\');
}

/** Split `src:dst:opts`, keeping Windows drive letters (`C:\x:/y`) and `\\.\pipe` names intact. */
function splitVolume(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === ':') {
      // `C:` at the start of a part is a drive letter, not a separator.
      if (cur.length === 1 && /[a-zA-Z]/.test(cur) && (spec[i + 1] === '\\' || spec[i + 1] === '/')) {
        cur += c;
        continue;
      }
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

export function parseVolumeTarget(spec: string): string | undefined {
  try {
    return parseVolume(spec).target;
  } catch {
    return undefined;
  }
}

export function parseVolume(spec: string): VolumeMount {
  if (spec === '') throw new SyntaxError_('invalid empty volume spec');
  const parts = splitVolume(spec);
  if (parts.length > 3 || parts.some((p) => p === '')) throw new SyntaxError_('is not a valid volume specification');
  if (parts.length === 1) return { type: 'volume', target: cleanPath(parts[0]), volume: {} };
  const [source, target, opts] = parts;
  const bind = isHostPath(source);
  const v: VolumeMount = { type: bind ? 'bind' : 'volume', source, target: cleanPath(target) };
  const bindOpts: NonNullable<VolumeMount['bind']> = {};
  const volOpts: NonNullable<VolumeMount['volume']> = {};
  if (opts !== undefined) {
    for (const o of opts.split(',')) {
      if (o === 'ro') v.read_only = true;
      else if (o === 'rw') v.read_only = false;
      else if (o === 'z' || o === 'Z') bindOpts.selinux = o;
      else if (PROPAGATION.has(o)) bindOpts.propagation = o;
      else if (o === 'nocopy') volOpts.nocopy = true;
      // compose-go ignores options it does not know (cached, delegated, consistent...)
      else if (o === 'cached' || o === 'delegated' || o === 'consistent') v.consistency = o;
    }
  }
  if (v.read_only === false) delete v.read_only;
  if (bind) v.bind = { ...bindOpts, create_host_path: true };
  else v.volume = volOpts;
  return v;
}

/** path.Clean for container paths (`/a//b/` → `/a/b`), leaving relative and Windows paths alone. */
export function cleanPath(p: string): string {
  if (!p.startsWith('/')) return p;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function parseRange(s: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a) return undefined;
  return [a, b];
}

/** `[ip:][published:]target[/protocol]`, with ranges expanded into one entry per port. */
export function parsePort(spec: string | number): PortConfig[] {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 0 || spec > 65535) throw new SyntaxError_('is not a valid port mapping');
    return [{ mode: 'ingress', target: spec, protocol: 'tcp' }];
  }
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
    if (!/^(tcp|udp|sctp)$/i.test(protocol)) throw new SyntaxError_('is not a valid port mapping');
    protocol = protocol.toLowerCase();
  }
  let ip: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0 || rest[end + 1] !== ':') throw new SyntaxError_('is not a valid port mapping');
    ip = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(':');
  let published: string | undefined;
  let target: string;
  if (ip !== undefined) {
    if (parts.length !== 2) throw new SyntaxError_('is not a valid port mapping');
    [published, target] = parts;
  } else if (parts.length === 1) target = parts[0];
  else if (parts.length === 2) [published, target] = parts;
  else if (parts.length === 3) [ip, published, target] = parts;
  else {
    // An unbracketed IPv6 address: everything but the last two parts.
    target = parts[parts.length - 1];
    published = parts[parts.length - 2];
    ip = parts.slice(0, -2).join(':');
  }
  if (published === '') published = undefined;
  if (ip === '') ip = undefined;
  if (ip !== undefined && isIP(ip) === 0) throw new SyntaxError_('is not a valid port mapping (bad host IP)');
  const t = parseRange(target);
  if (!t) throw new SyntaxError_('is not a valid port mapping');
  const p = published === undefined ? undefined : parseRange(published);
  if (published !== undefined && !p) throw new SyntaxError_('is not a valid port mapping');
  const count = t[1] - t[0] + 1;
  const base = (): Partial<PortConfig> => ({ mode: 'ingress', ...(ip !== undefined ? { host_ip: ip } : {}) });
  const out: PortConfig[] = [];
  if (p && p[1] - p[0] + 1 === count && count > 1) {
    for (let i = 0; i < count; i++) out.push({ ...base(), target: t[0] + i, published: String(p[0] + i), protocol } as PortConfig);
  } else if (count > 1) {
    if (p) throw new SyntaxError_('is not a valid port mapping (port ranges differ in size)');
    for (let i = 0; i < count; i++) out.push({ ...base(), target: t[0] + i, protocol } as PortConfig);
  } else {
    const pub = published === undefined ? undefined : published;
    out.push({ ...base(), target: t[0], ...(pub !== undefined ? { published: pub } : {}), protocol } as PortConfig);
  }
  return out;
}

export function parseDeviceTarget(spec: string): string {
  return parseDevice(spec).target;
}

export function parseDevice(spec: string): DeviceMapping {
  const parts = spec.split(':');
  const source = parts[0];
  if (parts.length === 1) return { source, target: source, permissions: 'rwm' };
  if (parts.length === 2) {
    if (/^[rwm]+$/.test(parts[1]) && !parts[1].startsWith('/')) return { source, target: source, permissions: parts[1] };
    return { source, target: parts[1], permissions: 'rwm' };
  }
  return { source, target: parts[1], permissions: parts[2] || 'rwm' };
}

/** Split a command string the way compose-go does (shellwords: quotes and backslashes, no expansion). */
export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (quote) throw new SyntaxError_('has an unterminated quote');
  if (has) out.push(cur);
  return out;
}
