// One reading of a service's mounts for the filesystem and host-isolation rules. The loader gives the long
// syntax, but the short one is accepted too so that rules also work on hand-built models.
import { posix } from 'node:path';
import type { Project, Service, VolumeMount } from '../model/types.ts';
import { isRecord, truthy } from './normalize.ts';

export interface Mount {
  index: number; // position in `volumes`
  type: string;
  source?: string;
  target: string;
  readOnly: boolean;
  propagation?: string;
  /** Host path for binds and for named volumes that are local binds (`driver_opts: {type: none, device}`). */
  hostPath?: string;
  /** The host path was written relative to the project (`./data`): it lies wherever the project does. */
  relative?: boolean;
}

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];

export function parseShortVolume(spec: string): VolumeMount {
  const parts = spec.split(':');
  // A Windows drive letter (`C:\x:/y`) is not a separator.
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  if (parts.length === 1) return { type: 'volume', target: parts[0] };
  const [source, target, opts = ''] = parts;
  const bind = /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source);
  const flags = opts.split(',').filter(Boolean);
  const m: VolumeMount = { type: bind ? 'bind' : 'volume', source, target };
  if (flags.includes('ro')) m.read_only = true;
  const prop = flags.find((f) => PROPAGATIONS.includes(f));
  if (prop) m.bind = { propagation: prop };
  return m;
}

function expandHostPath(p: string, project: Project | undefined): string {
  if (p === '~' || p.startsWith('~/')) return p; // the home directory stays symbolic: it differs per host user
  if (p.startsWith('/')) return posix.normalize(p).replace(/(.)\/$/, '$1');
  const base = project?.workingDir ?? '/';
  return posix.resolve(base, p);
}

/** Host path behind a named volume declared as a local bind, if it is one. */
export function namedVolumeHostPath(project: Project | undefined, name: string | undefined): string | undefined {
  if (!project || !name) return undefined;
  const def = project.volumes?.[name];
  if (!isRecord(def) || def.external === true) return undefined;
  const o = def.driver_opts;
  if (!isRecord(o) || typeof o.device !== 'string') return undefined;
  const opts = String(o.o ?? '').split(',');
  if (String(o.type ?? '') !== 'none' && !opts.includes('bind') && !opts.includes('rbind')) return undefined;
  return expandHostPath(o.device, project);
}

const isRelative = (p: string): boolean => !p.startsWith('/') && !p.startsWith('~') && !/^[A-Za-z]:[\\/]/.test(p) && !p.startsWith('\\\\');

export function mounts(service: Service, project?: Project): Mount[] {
  const list = Array.isArray(service.volumes) ? (service.volumes as unknown[]) : [];
  const out: Mount[] = [];
  list.forEach((entry, index) => {
    const v = typeof entry === 'string' ? parseShortVolume(entry) : isRecord(entry) ? (entry as VolumeMount) : undefined;
    if (!v || typeof v.target !== 'string') return;
    const m: Mount = { index, type: String(v.type ?? 'volume'), source: v.source, target: v.target, readOnly: truthy(v.read_only) };
    if (isRecord(v.bind) && typeof v.bind.propagation === 'string') m.propagation = v.bind.propagation;
    if (m.type === 'bind' && typeof v.source === 'string') {
      m.hostPath = expandHostPath(v.source, project);
      m.relative = isRelative(v.source);
    }
    if (m.type === 'volume') {
      m.hostPath = namedVolumeHostPath(project, v.source);
      const device = isRecord(project?.volumes?.[v.source ?? '']) ? (project!.volumes[v.source!].driver_opts?.device as unknown) : undefined;
      if (m.hostPath && typeof device === 'string') m.relative = isRelative(device);
    }
    out.push(m);
  });
  return out;
}

export interface TmpfsMount {
  /** Where it is written: `['tmpfs', i]` or `['volumes', i]`. */
  path: ['tmpfs' | 'volumes', number];
  target: string;
  options: string[]; // short-syntax options; long syntax is translated (`size=`, `mode=`)
}

export function tmpfsMounts(service: Service): TmpfsMount[] {
  const out: TmpfsMount[] = [];
  const list = typeof service.tmpfs === 'string' ? [service.tmpfs] : Array.isArray(service.tmpfs) ? service.tmpfs : [];
  list.forEach((t, i) => {
    const s = String(t);
    const c = s.indexOf(':');
    out.push({ path: ['tmpfs', i], target: c < 0 ? s : s.slice(0, c), options: c < 0 ? [] : s.slice(c + 1).split(',').filter(Boolean) });
  });
  (Array.isArray(service.volumes) ? service.volumes : []).forEach((v, i) => {
    if (!isRecord(v) || v.type !== 'tmpfs') return;
    const opts: string[] = [];
    if (isRecord(v.tmpfs) && v.tmpfs.size !== undefined) opts.push(`size=${v.tmpfs.size}`);
    if (isRecord(v.tmpfs) && v.tmpfs.mode !== undefined) opts.push(`mode=${v.tmpfs.mode}`);
    out.push({ path: ['volumes', i], target: String(v.target), options: opts });
  });
  return out;
}

/** Container paths already backed by a volume, bind or tmpfs (a tmpfs there would hide or clash with it). */
export function mountedTargets(service: Service): string[] {
  return [...mounts(service).map((m) => m.target), ...tmpfsMounts(service).map((t) => t.target)].map(cleanPath);
}

/** Something path.normalize would change besides a trailing slash: `//`, a `.` or `..` segment, or nothing. */
const UNCLEAN = /\/\/|(?:^|\/)\.\.?(?:\/|$)|^$/;

// Most paths are clean already; path.normalize goes character by character through every one.
export const cleanPath = (p: string): string =>
  UNCLEAN.test(p) ? posix.normalize(p).replace(/(.)\/$/, '$1') : p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;

/** `/a/b` is `/a/b` or lies under it. */
export function isUnder(path: string, dir: string): boolean {
  const p = cleanPath(path);
  const d = cleanPath(dir);
  return p === d || d === '/' || p.startsWith(d + '/');
}
