// What a container must look like, computed from a service of the effective configuration
// (`compose-harden config --format json`), i.e. from the tool's own output, never hard-coded.
//
// Kept apart from the engine so the rules are unit-tested (expect.test.ts). Byte sizes are parsed here
// on purpose instead of with the tool's own parser, so a unit bug in the tool cannot hide in both.

export type Json = Record<string, unknown>;

// Docker's default capability set (moby oci/caps/defaults.go), named as cap_add/cap_drop spell them.
export const DOCKER_DEFAULT_CAPS = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** "CAP_NET_ADMIN", "net_admin" and "NET_ADMIN" are the same capability to Docker. */
export function normCap(c: string): string {
  return c.trim().toUpperCase().replace(/^CAP_/, '');
}

/** Compose byte sizes: a number is bytes; units b, k, m, g (with optional trailing b) are powers of 1024. */
export function bytesOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmg]?)b?\s*$/i.exec(v);
  if (!m) throw new Error(`not a byte size: ${JSON.stringify(v)}`);
  const pow = { '': 0, b: 0, k: 1, m: 2, g: 3 }[m[2].toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * 1024 ** pow);
}

function limits(svc: Json): Json {
  const deploy = isRecord(svc.deploy) ? svc.deploy : {};
  const resources = isRecord(deploy.resources) ? deploy.resources : {};
  return isRecord(resources.limits) ? resources.limits : {};
}

/** Memory limit in bytes: deploy.resources.limits.memory, else mem_limit; null when none. */
export function memoryLimit(svc: Json): number | null {
  return bytesOf(limits(svc).memory) ?? bytesOf(svc.mem_limit) ?? null;
}

/** PIDs limit: deploy.resources.limits.pids, else pids_limit; null when none (or -1/0, Docker's "unlimited"). */
export function pidsLimit(svc: Json): number | null {
  const v = Number(limits(svc).pids ?? svc.pids_limit ?? 0);
  return v > 0 ? v : null;
}

/** Container paths of the service's tmpfs mounts ("path:options" in compose). */
export function tmpfsPaths(svc: Json): string[] {
  const fromTmpfs = strings(svc.tmpfs).map((t) => t.split(':')[0]);
  const fromVolumes = (Array.isArray(svc.volumes) ? svc.volumes : []).filter((v) => isRecord(v) && v.type === 'tmpfs').map((v) => String((v as Json).target));
  return [...fromTmpfs, ...fromVolumes];
}

export function noNewPrivileges(svc: Json): boolean {
  return strings(svc.security_opt).some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o.trim()));
}

export interface Passwd {
  /** name or uid → [uid, primary gid] */
  users: Map<string, [number, number]>;
  groups: Map<string, number>;
}

export function parsePasswd(passwd: string, group: string): Passwd {
  const users = new Map<string, [number, number]>();
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f.length < 4) continue;
    const ids: [number, number] = [Number(f[2]), Number(f[3])];
    users.set(f[0], ids);
    if (!users.has(f[2])) users.set(f[2], ids);
  }
  const groups = new Map<string, number>();
  for (const line of group.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3) groups.set(f[0], Number(f[2]));
  }
  return { users, groups };
}

/**
 * uid and gid the container runs as, the way runc resolves `user:` against the image's /etc/passwd:
 * no user → the image's (root here); "uid" alone → that uid's primary group, or 0 when it has no entry.
 */
export function expectedIds(svc: Json, image: Passwd, imageUser = '0'): [number, number] {
  const user = typeof svc.user === 'string' && svc.user !== '' ? svc.user : typeof svc.user === 'number' ? String(svc.user) : imageUser;
  const [u, g] = user.split(':');
  const known = image.users.get(u);
  let uid: number;
  if (/^\d+$/.test(u)) uid = Number(u);
  else if (known) uid = known[0];
  else throw new Error(`user ${u} is not in the image's /etc/passwd`);
  let gid: number;
  if (g === undefined) gid = image.users.get(String(uid))?.[1] ?? known?.[1] ?? 0;
  else if (/^\d+$/.test(g)) gid = Number(g);
  else {
    const n = image.groups.get(g);
    if (n === undefined) throw new Error(`group ${g} is not in the image's /etc/group`);
    gid = n;
  }
  return [uid, gid];
}

/**
 * Capability sets of the container's processes. Bounding: Docker's default set, minus cap_drop, plus
 * cap_add (ALL in cap_drop empties the default first); privileged: every capability the kernel has.
 * Effective and permitted: the bounding set for uid 0; empty for any other uid. That last part is what
 * this engine (Docker 20.10.24, runc 1.1.5) does and engine.e2e.ts / examples.e2e.ts observe: it puts
 * the capabilities in the bounding set only for non-root users, never in ambient, so a non-root process
 * holds none (a binary with file capabilities could still raise them up to the bounding set).
 */
export function expectedCaps(svc: Json, uid: number, allCaps: string[]): { bounding: string[]; effective: string[] } {
  let bounding: Set<string>;
  if (svc.privileged === true) bounding = new Set(allCaps);
  else {
    const drop = new Set(strings(svc.cap_drop).map(normCap));
    const add = new Set(strings(svc.cap_add).map(normCap));
    bounding = drop.has('ALL') ? new Set() : new Set(DOCKER_DEFAULT_CAPS.filter((c) => !drop.has(c)));
    for (const c of add) {
      if (c === 'ALL') allCaps.forEach((a) => bounding.add(a));
      else bounding.add(c);
    }
  }
  const sorted = [...bounding].sort();
  return { bounding: sorted, effective: uid === 0 ? sorted : [] };
}

export interface SecretMount {
  source: string;
  target: string;
}

/** Where each of the service's secrets appears: /run/secrets/<source> unless a target says otherwise. */
export function secretMounts(svc: Json): SecretMount[] {
  return (Array.isArray(svc.secrets) ? svc.secrets : []).map((s) => {
    if (typeof s === 'string') return { source: s, target: `/run/secrets/${s}` };
    const r = s as Json;
    const source = String(r.source);
    const t = typeof r.target === 'string' && r.target !== '' ? r.target : source;
    return { source, target: t.startsWith('/') ? t : `/run/secrets/${t}` };
  });
}

export function environmentOf(svc: Json): Record<string, string | null> {
  const env = svc.environment;
  if (isRecord(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));
  const out: Record<string, string | null> = {};
  for (const e of strings(env)) {
    const i = e.indexOf('=');
    if (i < 0) out[e] = null;
    else out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

/**
 * Variables the hardening took out of the environment and now reads from a file: present before,
 * absent after, and `<NAME>_FILE` added after. Returns [NAME, value of NAME_FILE].
 */
export function movedToFile(before: Json, after: Json): [string, string][] {
  const b = environmentOf(before);
  const a = environmentOf(after);
  return Object.keys(b)
    .filter((k) => !(k in a) && typeof a[`${k}_FILE`] === 'string' && !(`${k}_FILE` in b))
    .map((k) => [k, a[`${k}_FILE`] as string]);
}

export interface PlannedPort {
  /** "8080/tcp", as docker inspect keys it. */
  key: string;
  hostIp: string;
  hostPort: string;
}

/** Published ports, one per host binding; Docker writes an unset host_ip as 0.0.0.0. */
export function publishedPortsOf(svc: Json): PlannedPort[] {
  const out: PlannedPort[] = [];
  for (const p of Array.isArray(svc.ports) ? svc.ports : []) {
    if (!isRecord(p) || p.published === undefined || p.published === null || p.published === '') continue;
    out.push({ key: `${p.target}/${p.protocol ?? 'tcp'}`, hostIp: typeof p.host_ip === 'string' && p.host_ip ? p.host_ip : '0.0.0.0', hostPort: String(p.published) });
  }
  return out.sort((x, y) => (x.key + x.hostPort).localeCompare(y.key + y.hostPort));
}

/** Engine names of the networks a service joins, or its network_mode ("none", "host", ...). */
export function networksOf(svc: Json, project: Json, projectName: string): { mode?: string; names: string[] } {
  if (typeof svc.network_mode === 'string') return { mode: svc.network_mode, names: [] };
  const keys = isRecord(svc.networks) ? Object.keys(svc.networks) : Array.isArray(svc.networks) ? svc.networks.map(String) : ['default'];
  const nets = isRecord(project.networks) ? project.networks : {};
  return {
    names: keys
      .map((k) => {
        const n = nets[k];
        return isRecord(n) && typeof n.name === 'string' ? n.name : `${projectName}_${k}`;
      })
      .sort(),
  };
}

/** Whether a network the project defines is internal, keyed by its engine name. */
export function internalByName(project: Json, projectName: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [k, n] of Object.entries(isRecord(project.networks) ? project.networks : {})) {
    const r = isRecord(n) ? n : {};
    out.set(typeof r.name === 'string' ? r.name : `${projectName}_${k}`, r.internal === true);
  }
  return out;
}

/** True when a volume of the service brings in a Docker engine socket (by either side of the mount). */
export function plansDockerSocket(svc: Json): boolean {
  const sock = (p: unknown) => typeof p === 'string' && /(^|\/)docker\.sock$/.test(p);
  return (Array.isArray(svc.volumes) ? svc.volumes : []).some((v) =>
    isRecord(v) ? sock(v.source) || sock(v.target) : typeof v === 'string' && v.split(':').slice(0, 2).some(sock),
  );
}
