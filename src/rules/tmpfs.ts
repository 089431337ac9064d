// Adding tmpfs mounts for paths an image must write: never over a path a volume, bind or tmpfs already
// covers (that would hide it, and Compose rejects two mounts on one path).
import type { Service } from '../model/types.ts';
import { isUnder, mountedTargets } from './mounts.ts';

export const TMPFS_SIZE = '64m';

export interface TmpfsOwner {
  uid: number;
  gid: number;
}

/** `/tmp` stays world-writable (sticky); other paths belong to the service user when it is known. */
export function tmpfsEntry(path: string, owner?: TmpfsOwner, exec = false): string {
  const opts = [`size=${TMPFS_SIZE}`];
  if (path === '/tmp' || !owner) opts.push('mode=1777');
  else opts.push(`uid=${owner.uid}`, `gid=${owner.gid}`);
  if (exec) opts.push('exec');
  return `${path}:${opts.join(',')}`;
}

export function isCovered(service: Service, path: string): boolean {
  return mountedTargets(service).some((t) => isUnder(path, t));
}

/** Append a tmpfs for each path not yet covered; returns the entries added. */
export function addTmpfs(service: Service, paths: string[], owner?: TmpfsOwner, execPaths: string[] = []): string[] {
  const add: string[] = [];
  for (const p of [...new Set(paths)]) {
    if (isCovered(service, p)) continue;
    add.push(tmpfsEntry(p, owner, execPaths.includes(p)));
  }
  if (add.length) service.tmpfs = [...(typeof service.tmpfs === 'string' ? [service.tmpfs] : service.tmpfs ?? []), ...add];
  return add;
}

/** Set environment variables the image needs for a hardened start, keeping any value the user gave. */
export function addEnv(service: Service, env: Record<string, string> | undefined): void {
  if (!env) return;
  for (const [k, v] of Object.entries(env)) {
    if (service.environment && k in service.environment) continue;
    (service.environment ??= {})[k] = v;
  }
}
