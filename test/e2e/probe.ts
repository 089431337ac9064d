// Helpers for end-to-end tests against the private engine of test/e2e/engine.sh.
//
// Every probe reads files or settings (docker inspect, /proc, /sys/fs/cgroup)
// and never makes a container send network traffic.
//
// Facts about Debian's docker-compose 1.29.2 (checked against the engine here):
// - `deploy.resources.limits.memory` is applied by plain `up`; no
//   `--compatibility` flag is needed (HostConfig.Memory is set).
// - `deploy.resources.limits.pids` is rejected by its schema ("value 'pids'
//   does not match any of the regexes: '^x-'"): use the service-level
//   `pids_limit` key instead, which it applies.
// - file secrets are bind mounts of the host file at /run/secrets/<name>; the
//   long syntax's uid/gid/mode are not applied outside swarm, so the container
//   sees the host file's owner and mode.
// - `up` pulls missing images and no registry is reachable: tag every image a
//   project names first (tagImages / images.sh tag).
// - container names are <project>_<service>_<n>; helpers here find containers
//   by the compose labels instead of relying on that.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Resolve with the non-zero code instead of rejecting. */
  allowFailure?: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The engine's DOCKER_HOST; throws when unset so no system docker is ever used by accident. */
export function dockerHost(): string {
  const host = process.env.DOCKER_HOST;
  if (!host) {
    throw new Error('DOCKER_HOST is not set: run the e2e suite with test/e2e/run.sh (it starts the private engine)');
  }
  return host;
}

/** Debian's CLI matches the daemon's version even when another `docker` comes first in PATH. */
export function dockerCli(): string {
  if (process.env.E2E_DOCKER) return process.env.E2E_DOCKER;
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

function run(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env = { ...process.env, ...opts.env, DOCKER_HOST: dockerHost() };
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string };
        if (e.killed || e.signal) {
          return reject(new Error(`${file} ${args[0] ?? ''} timed out or was killed (${e.signal ?? 'timeout'}): ${stderr.trim()}`));
        }
        if (typeof e.code !== 'number') return reject(err);
        if (opts.allowFailure) return resolve({ code: e.code, stdout, stderr });
        reject(new Error(`${file} ${args.slice(0, 2).join(' ')} exited ${e.code}: ${stderr.trim()}`));
      },
    );
  });
}

export function docker(args: string[], opts?: RunOptions): Promise<RunResult> {
  return run(dockerCli(), args, opts);
}

export function dockerCompose(args: string[], opts?: RunOptions): Promise<RunResult> {
  return run('docker-compose', args, opts);
}

function composeArgs(files: string[], projectName: string): string[] {
  return [...files.flatMap((f) => ['-f', f]), '-p', projectName];
}

/** `docker-compose up -d` in projectDir; files are relative to it. Optionally only some services. */
export async function up(
  projectDir: string,
  files: string[],
  projectName: string,
  services: string[] = [],
  opts: RunOptions = {},
): Promise<RunResult> {
  return dockerCompose([...composeArgs(files, projectName), 'up', '-d', '--no-build', ...services], {
    timeoutMs: 120_000,
    ...opts,
    cwd: projectDir,
  });
}

/** Removes the project's containers, networks and named volumes. */
export async function down(projectDir: string, files: string[], projectName: string, opts: RunOptions = {}): Promise<RunResult> {
  return dockerCompose([...composeArgs(files, projectName), 'down', '--volumes', '--remove-orphans', '-t', '2'], {
    timeoutMs: 120_000,
    ...opts,
    cwd: projectDir,
  });
}

/** `docker-compose stop` for some services (all when none are named). */
export async function stop(projectDir: string, files: string[], projectName: string, services: string[] = []): Promise<RunResult> {
  return dockerCompose([...composeArgs(files, projectName), 'stop', '-t', '2', ...services], { cwd: projectDir, timeoutMs: 120_000 });
}

/** Id of the (single) container of a compose service, running or not. */
export async function serviceContainer(projectName: string, service: string): Promise<string> {
  const { stdout } = await docker([
    'ps', '-a', '-q', '--no-trunc',
    '--filter', `label=com.docker.compose.project=${projectName}`,
    '--filter', `label=com.docker.compose.service=${service}`,
  ]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length !== 1) throw new Error(`expected one container for ${projectName}/${service}, found ${ids.length}`);
  return ids[0];
}

export async function tagImages(source: string, names: string[]): Promise<void> {
  for (const name of names) await docker(['tag', source, name]);
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

export interface MountInfo {
  Type: string;
  Source: string;
  Destination: string;
  RW: boolean;
}

/** The parts of `docker inspect` the probes read; the rest is kept untyped. */
export interface ContainerInfo {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; ExitCode: number; Error: string };
  Config: { User: string; Env: string[] | null; Image: string };
  HostConfig: {
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    CapAdd: string[] | null;
    CapDrop: string[] | null;
    SecurityOpt: string[] | null;
    Memory: number;
    PidsLimit: number | null;
    Tmpfs: Record<string, string> | null;
    NetworkMode: string;
    PortBindings: Record<string, PortBinding[] | null> | null;
  };
  Mounts: MountInfo[];
  NetworkSettings: {
    Ports: Record<string, PortBinding[] | null> | null;
    Networks: Record<string, { NetworkID: string }>;
  };
  [key: string]: unknown;
}

export interface NetworkInfo {
  Name: string;
  Id: string;
  Driver: string;
  Internal: boolean;
  Containers: Record<string, { Name: string }> | null;
  [key: string]: unknown;
}

export async function inspect(container: string): Promise<ContainerInfo> {
  const { stdout } = await docker(['inspect', '--type', 'container', container]);
  return (JSON.parse(stdout) as ContainerInfo[])[0];
}

export async function networkInspect(name: string): Promise<NetworkInfo> {
  const { stdout } = await docker(['network', 'inspect', name]);
  return (JSON.parse(stdout) as NetworkInfo[])[0];
}

/** Host-side bindings of published ports, from the running container's settings. */
export function publishedPorts(info: ContainerInfo): { containerPort: string; hostIp: string; hostPort: string }[] {
  return Object.entries(info.NetworkSettings.Ports ?? {}).flatMap(([containerPort, bindings]) =>
    (bindings ?? []).map((b) => ({ containerPort, hostIp: b.HostIp, hostPort: b.HostPort })),
  );
}

/** True when any mount brings a Docker engine socket into the container. */
export function mountsDockerSocket(info: ContainerInfo): boolean {
  return info.Mounts.some((m) => /(^|\/)docker\.sock$/.test(m.Source) || /(^|\/)docker\.sock$/.test(m.Destination));
}

/** Runs cmd in a running container (as its configured user unless user is given). Never fails on a non-zero exit. */
export function execIn(container: string, cmd: string[], user?: string, opts: RunOptions = {}): Promise<RunResult> {
  const userArgs = user === undefined ? [] : ['-u', user];
  return docker(['exec', ...userArgs, container, ...cmd], { timeoutMs: 30_000, ...opts, allowFailure: true });
}

/** Output of a command that must succeed inside the container. */
async function readIn(container: string, cmd: string[], user?: string): Promise<string> {
  const r = await execIn(container, cmd, user);
  if (r.code !== 0) throw new Error(`${cmd.join(' ')} in ${container.slice(0, 12)} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export async function containerLogs(container: string): Promise<string> {
  const r = await docker(['logs', container], { allowFailure: true });
  return r.stdout + r.stderr;
}

// Capability numbers from linux/capability.h, named as compose's cap_add/cap_drop spell them.
const CAP_NAMES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID',
  'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW',
  'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD',
  'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
] as const;

/** Capability names of a /proc status mask such as "00000000a80425fb", sorted by name; unknown bits as CAP_<n>. */
export function capsFromHex(hex: string): string[] {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new Error(`not a capability mask: ${JSON.stringify(hex)}`);
  let mask = BigInt(`0x${hex}`);
  const names: string[] = [];
  for (let bit = 0; mask !== 0n; bit++, mask >>= 1n) {
    if (mask & 1n) names.push(CAP_NAMES[bit] ?? `CAP_${bit}`);
  }
  return names.sort();
}

export interface ProcStatus {
  /** Real, effective, saved, filesystem ids. */
  uid: [number, number, number, number];
  gid: [number, number, number, number];
  capEff: string[];
  capPrm: string[];
  capBnd: string[];
  capAmb: string[];
  noNewPrivs: boolean;
}

function idQuad(value: string | undefined, field: string): [number, number, number, number] {
  const n = (value ?? '').trim().split(/\s+/).map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isInteger(x))) throw new Error(`bad ${field} line in /proc status`);
  return [n[0], n[1], n[2], n[3]];
}

export function parseProcStatus(text: string): ProcStatus {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const caps = (key: string): string[] => {
    const v = fields.get(key);
    if (v === undefined) throw new Error(`no ${key} line in /proc status`);
    return capsFromHex(v);
  };
  const nnp = fields.get('NoNewPrivs');
  if (nnp !== '0' && nnp !== '1') throw new Error('no NoNewPrivs line in /proc status');
  return {
    uid: idQuad(fields.get('Uid'), 'Uid'),
    gid: idQuad(fields.get('Gid'), 'Gid'),
    capEff: caps('CapEff'),
    capPrm: caps('CapPrm'),
    capBnd: caps('CapBnd'),
    capAmb: caps('CapAmb'),
    noNewPrivs: nnp === '1',
  };
}

/**
 * /proc/<pid>/status inside the container. 'self' is a process started by
 * `docker exec` (which gets the container's user, capabilities and
 * no-new-privileges); 1 is the container's main process.
 */
export async function procStatus(container: string, pid: number | 'self' = 'self', user?: string): Promise<ProcStatus> {
  return parseProcStatus(await readIn(container, ['cat', `/proc/${pid}/status`], user));
}

/** cgroup v2 has a single unified hierarchy with cgroup.controllers at its root. */
export async function cgroupVersion(container: string): Promise<1 | 2> {
  const r = await execIn(container, ['test', '-f', '/sys/fs/cgroup/cgroup.controllers']);
  return r.code === 0 ? 2 : 1;
}

// cgroup v1 writes "no limit" as the largest page-aligned 64-bit value; v2 writes "max".
const V1_UNLIMITED = 2n ** 62n;

/** A cgroup limit in bytes/count, or null when unlimited. */
export function parseCgroupLimit(text: string): number | null {
  const v = text.trim();
  if (v === 'max') return null;
  if (!/^\d+$/.test(v)) throw new Error(`not a cgroup limit: ${JSON.stringify(v)}`);
  if (BigInt(v) >= V1_UNLIMITED) return null;
  return Number(v);
}

/** Memory limit the container's cgroup enforces, in bytes (null: unlimited). */
export async function cgroupMemoryMax(container: string): Promise<number | null> {
  const file = (await cgroupVersion(container)) === 2 ? '/sys/fs/cgroup/memory.max' : '/sys/fs/cgroup/memory/memory.limit_in_bytes';
  return parseCgroupLimit(await readIn(container, ['cat', file]));
}

/** Process limit the container's cgroup enforces (null: unlimited). */
export async function cgroupPidsMax(container: string): Promise<number | null> {
  const file = (await cgroupVersion(container)) === 2 ? '/sys/fs/cgroup/pids.max' : '/sys/fs/cgroup/pids/pids.max';
  return parseCgroupLimit(await readIn(container, ['cat', file]));
}

/** Tries to create (and remove) a file in dir; error is the shell's message when it fails. */
export async function writeProbe(container: string, dir: string, user?: string): Promise<{ ok: boolean; error: string }> {
  const script = 'f="$1/.e2e-write-probe.$$"; : > "$f" && rm -f "$f"';
  const r = await execIn(container, ['sh', '-c', script, 'sh', dir], user);
  return { ok: r.code === 0, error: r.stderr.trim() };
}

export async function canWrite(container: string, dir: string, user?: string): Promise<boolean> {
  return (await writeProbe(container, dir, user)).ok;
}

/** Mount options of the container's root filesystem, from its main process's mount table. */
export async function rootMountOptions(container: string): Promise<string[]> {
  const mounts = await readIn(container, ['cat', '/proc/1/mounts']);
  const root = mounts.split('\n').map((l) => l.split(' ')).filter((f) => f[1] === '/').pop();
  if (!root) throw new Error('no / entry in /proc/1/mounts');
  return root[3].split(',');
}

/** Polls check until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
