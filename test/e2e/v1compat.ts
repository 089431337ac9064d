// The smallest rewrite of an effective configuration (`compose-harden config --format json`) that the
// only Compose on these machines, Debian's docker-compose 1.29.2, accepts. Each step exists because 1.29.2
// rejected the file without it; none changes a setting the probes check:
//
// - top-level `name`: unknown to 1.29.2; the project name is passed with -p instead.
// - `deploy.resources.limits.pids`: rejected by its schema; `pids_limit` is its spelling of the same limit.
// - `depends_on.<svc>.required`: rejected; `true` (the only value the tool writes) is 1.29.2's behaviour.
// - `volumes[].bind.create_host_path`: rejected; 1.29.2 needs every long-syntax bind source to exist anyway,
//   and prepareHostPaths creates them.
// - long-syntax `ports` with `host_ip`, and long-syntax `devices`: rejected; written in the short syntax
//   ("127.0.0.1:9090:9090/tcp", "/dev/kmsg:/dev/kmsg:rwm"), which says the same.
// - secrets with an `environment:` source: rejected (Compose >= 2.23.1 only). Compose v2 copies the value into
//   the container at /run/secrets/<name>, mode 0444, owned by the service's user (compose pkg/compose/secrets.go,
//   createTar/copyFileToContainer); here the value goes into a host file with that owner and mode, bound as a
//   file secret, so the container sees the same file.
//
// Host paths: absolute bind sources (/, /proc, /var/run/docker.sock, ...) are re-rooted under a scratch
// directory, so no test container ever sees, or makes the engine create, anything on the real host. The
// container side of the mount is kept, so what the probes look for (a docker.sock target, a read-only host
// mount, its propagation) is unchanged.
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { expectedIds, type Json, type Passwd } from './expect.ts';

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SecretFileToWrite {
  /** Absolute host path. */
  path: string;
  /** Name of the variable whose value goes in. */
  variable: string;
  uid: number;
  gid: number;
  mode: number;
}

export interface HostPath {
  /** Absolute path under the scratch root. */
  path: string;
  /** A socket or other single file is bound as a file, everything else as a directory. */
  kind: 'file' | 'dir';
}

export interface V1File {
  doc: Json;
  secretFiles: SecretFileToWrite[];
  hostPaths: HostPath[];
}

/** A long-syntax port with host_ip, in the short syntax 1.29.2 accepts; others are kept. */
export function shortPort(p: unknown): unknown {
  if (!isRecord(p) || typeof p.host_ip !== 'string' || p.host_ip === '') return p;
  const proto = typeof p.protocol === 'string' ? `/${p.protocol}` : '';
  const host = p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip;
  return `${host}:${p.published ?? ''}:${p.target}${proto}`;
}

/** A host path's stand-in under root: "/" → root, "/var/run/docker.sock" → root/var/run/docker.sock. */
export function rerooted(root: string, hostPath: string): string {
  const rel = hostPath.replace(/\/+$/, '');
  return rel ? join(root, rel) : root;
}

function hostPathKind(p: string): 'file' | 'dir' {
  return /\.sock$/.test(p) ? 'file' : 'dir';
}

/** Re-roots one volume entry (short "src:dst[:opts]" or long form) when its source is an absolute host path. */
export function rerootVolume(v: unknown, root: string, hostPaths: HostPath[]): unknown {
  if (typeof v === 'string') {
    const [src, ...rest] = v.split(':');
    if (!src.startsWith('/') || rest.length === 0) return v;
    const path = rerooted(root, src);
    hostPaths.push({ path, kind: hostPathKind(src) });
    return [path, ...rest].join(':');
  }
  if (isRecord(v) && v.type === 'bind' && typeof v.source === 'string' && v.source.startsWith('/') && !v.source.startsWith(root)) {
    const path = rerooted(root, v.source);
    hostPaths.push({ path, kind: hostPathKind(v.source) });
    return { ...v, source: path };
  }
  return v;
}

/**
 * The v1-compatible copy of an effective configuration. Relative paths are already absolute in the
 * effective configuration; bind sources inside projectDir are the project's own files and stay.
 */
export function toComposeV1(effective: Json, opts: { hostRoot: string; secretDir: string; projectDir: string; passwd: Passwd }): V1File {
  const doc = structuredClone(effective);
  delete doc.name;
  const secretFiles: SecretFileToWrite[] = [];
  const hostPaths: HostPath[] = [];
  const services = isRecord(doc.services) ? doc.services : {};
  const topSecrets = isRecord(doc.secrets) ? doc.secrets : {};

  for (const svc of Object.values(services)) {
    if (!isRecord(svc)) continue;
    const deploy = isRecord(svc.deploy) ? svc.deploy : undefined;
    const res = deploy && isRecord(deploy.resources) ? deploy.resources : undefined;
    const lim = res && isRecord(res.limits) ? res.limits : undefined;
    if (lim && 'pids' in lim) {
      if (svc.pids_limit === undefined) svc.pids_limit = lim.pids;
      delete lim.pids;
    }
    if (Array.isArray(svc.ports)) svc.ports = svc.ports.map(shortPort);
    if (Array.isArray(svc.devices)) {
      svc.devices = svc.devices.map((d) => (isRecord(d) ? [d.source, d.target ?? d.source, d.permissions].filter((x) => x !== undefined).join(':') : d));
    }
    if (isRecord(svc.depends_on)) {
      for (const d of Object.values(svc.depends_on)) if (isRecord(d)) delete d.required;
    }
    if (Array.isArray(svc.volumes)) {
      svc.volumes = svc.volumes.map((v) => {
        if (isRecord(v) && isRecord(v.bind)) {
          const { create_host_path: _ignored, ...bind } = v.bind;
          v = Object.keys(bind).length ? { ...v, bind } : Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'bind'));
        }
        const src = isRecord(v) ? v.source : undefined;
        if (typeof src === 'string' && src.startsWith(opts.projectDir)) return v;
        return rerootVolume(v, opts.hostRoot, hostPaths);
      });
    }
  }

  for (const [name, s] of Object.entries(topSecrets)) {
    if (!isRecord(s) || typeof s.environment !== 'string') continue;
    // One file per (secret, reading service user): Compose v2 writes one copy per container.
    const readers = Object.values(services).filter(
      (svc) => isRecord(svc) && Array.isArray(svc.secrets) && svc.secrets.some((x) => (typeof x === 'string' ? x : (x as Json).source) === name),
    ) as Json[];
    const owners = new Set(readers.map((svc) => expectedIds(svc, opts.passwd).join(':')));
    if (owners.size > 1) throw new Error(`secret ${name} is read by services with different users; one file cannot stand in for Compose's per-container copies`);
    const [uid, gid] = owners.size ? [...owners][0].split(':').map(Number) : [0, 0];
    const path = join(opts.secretDir, name);
    secretFiles.push({ path, variable: s.environment, uid, gid, mode: 0o444 });
    const { environment: _env, ...rest } = s;
    topSecrets[name] = { ...rest, file: path };
  }
  return { doc, secretFiles, hostPaths };
}

/**
 * The same two steps for a project's own YAML file, for the `-f base -f override` run: drops a top-level
 * `name` (rejected by 1.29.2; the name goes to -p) and re-roots absolute bind sources under hostRoot.
 * Everything else, comments and anchors included, stays as written.
 */
export function rewriteBaseYaml(text: string, hostRoot: string, hostPaths: HostPath[]): string {
  const doc = parseDocument(text);
  doc.delete('name');
  const services = doc.get('services');
  if (isMap(services)) {
    for (const item of services.items) {
      const svc = item.value;
      if (!isMap(svc)) continue;
      const vols = svc.get('volumes');
      if (!isSeq(vols)) continue;
      vols.items = vols.items.map((node) => {
        const v = isScalar(node) ? node.value : isMap(node) ? node.toJSON() : undefined;
        const out = rerootVolume(v, hostRoot, hostPaths);
        if (out === v) return node;
        return doc.createNode(out);
      }) as typeof vols.items;
    }
  }
  return doc.toString();
}
