// Every project in examples/, hardened by the built CLI and brought up on the private engine, probed
// inside each container. Three ways up per example:
//
//   effective  `compose-harden harden` (default target, Compose 2.40), then the full effective file from
//              `compose-harden config --format json`, made acceptable to docker-compose 1.29.2 by the
//              smallest rewrite (v1compat.ts says what and why);
//   strict     the same with `harden --strict` (opt-in fixes too: users and capabilities for images the
//              knowledge base does not know, entry-point ports rebound to 127.0.0.1);
//   override   `compose-harden harden --compose-version 1.29` (an override without !reset/!override), then
//              `-f <the project's files> -f compose.override.yaml` as written (base files lose only a
//              top-level `name` and have absolute host paths re-rooted, see v1compat.ts).
//
// Expected values come from the tool's output: the effective configuration of exactly the files brought
// up (`compose-harden config --format json`), the original project's (for what moved to a secret) and the
// harden report (findings it knowingly left). Nothing about an example is written here.
//
// The only e2e-only layer is e2e-probe.yml, given LAST with -f: each service gets `entrypoint: [/bin/idle]`
// and `healthcheck: {test: [CMD, true]}` (1.29.2 merges healthcheck keys and refuses `disable: true` or
// [NONE] beside the planned interval and retries). The images are the busybox probe image tagged under every
// name a project uses (no registry here), so neither the real entrypoint nor the planned healthcheck binary
// exists; both keys touch nothing the probes check (user, capabilities, security options, mounts, limits, networks, ports,
// environment). Containers idle: every probe reads files and settings, nothing is sent on a network.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../../src/load/project.ts';
import {
  capsFromHex, docker, dockerCompose, dockerHost, inspect, mountsDockerSocket, networkInspect, publishedPorts,
  serviceContainer, waitFor, writeProbe, type ContainerInfo,
} from './probe.ts';
import { hostCgroupLimits, snapshot } from './snapshot.ts';
import {
  environmentOf, expectedCaps, expectedIds, internalByName, memoryLimit, movedToFile, networksOf, noNewPrivileges,
  parsePasswd, pidsLimit, plansDockerSocket, publishedPortsOf, secretMounts, tmpfsPaths, type Json, type Passwd,
} from './expect.ts';
import { rewriteBaseYaml, toComposeV1, type HostPath } from './v1compat.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(REPO, 'examples');
const CLI = join(REPO, 'dist', 'cli.js');
const PROBE_IMAGE = 'e2e-probe:latest';
/** Projects up at once: 2 cores, and vfs copies each container's root filesystem. */
const PARALLEL = 3;
const PROBES = ['user', 'caps', 'nnp', 'ro-root', 'tmpfs', 'memory', 'pids', 'secrets', 'env', 'ports', 'networks', 'privileged', 'docker.sock'] as const;
type Probe = (typeof PROBES)[number];
type Mode = 'effective' | 'strict' | 'override';
const MODES: readonly Mode[] = ['effective', 'strict', 'override'];

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Cell {
  ok: boolean | null; // null: nothing to check for this service
  detail: string;
}

interface Run {
  example: string;
  mode: Mode;
  dir: string;
  project: string;
  files: string[];
  profiles: string[];
  env: NodeJS.ProcessEnv;
  expected: Json;
  original: Json;
  report: Json;
  /** Secret name → the value planted for it (never printed). */
  planted: Map<string, string>;
  locks: string[];
  cells: Map<string, Map<Probe, Cell>>;
  error?: string;
  ms: number;
}

interface Ctx {
  runs: Run[];
  hostRoot: string;
  scratch: string;
  /** Every capability the kernel has, and those this machine's root holds (its bounding set). */
  allCaps: string[];
  hostCaps: string[];
  passwd: Passwd;
  setupError?: unknown;
  t0: number;
}

/* ------------------------------------------------------------------ helpers */

function node(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`compose-harden ${args[0]} in ${basename(cwd)} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

const profileArgs = (profiles: string[]) => profiles.flatMap((p) => ['--profile', p]);

/** Every profile a service of the example is switched off by: all of them are brought up. */
function profilesOf(dir: string): string[] {
  const p = loadProject({ cwd: dir, readEnvFiles: false });
  return [...new Set(Object.values(p.disabledServices).flatMap((s) => (Array.isArray(s.profiles) ? s.profiles.map(String) : [])))].sort();
}

/** The project's files as docker compose discovers them (compose.yaml, then compose.override.yaml). */
function discoveredFiles(dir: string): string[] {
  return ['compose.yaml', 'compose.override.yaml'].filter((f) => existsSync(join(dir, f)));
}

function services(project: Json): Record<string, Json> {
  return (isRecord(project.services) ? project.services : {}) as Record<string, Json>;
}

function remaining(report: Json, rule: string, service: string): boolean {
  return Array.isArray(report.remaining) && report.remaining.some((r) => isRecord(r) && r.rule === rule && r.service === service);
}

async function pool<T>(items: T[], limit: number, locksOf: (t: T) => string[], fn: (t: T) => Promise<void>): Promise<void> {
  const held = new Set<string>();
  const pending = [...items];
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (pending.length === 0 && active === 0) return resolve();
      for (let i = 0; i < pending.length && active < limit; ) {
        const locks = locksOf(pending[i]);
        if (locks.some((l) => held.has(l))) {
          i++;
          continue;
        }
        const [item] = pending.splice(i, 1);
        active++;
        locks.forEach((l) => held.add(l));
        fn(item).finally(() => {
          active--;
          locks.forEach((l) => held.delete(l));
          pump();
        });
      }
    };
    pump();
  });
}

/* ---------------------------------------------------------------- preparing */

async function prepare(ctx: Ctx, example: string, mode: Mode): Promise<Run> {
  const t = Date.now();
  const dir = join(ctx.scratch, mode, example);
  mkdirSync(join(ctx.scratch, mode), { recursive: true });
  cpSync(join(EXAMPLES, example), dir, { recursive: true, filter: (src) => basename(src) !== 'expected' });
  const run: Run = {
    example, mode, dir, project: '', files: [], profiles: profilesOf(dir), env: { ...process.env }, expected: {}, original: {},
    report: {}, planted: new Map(), locks: [], cells: new Map(), ms: 0,
  };
  const prof = profileArgs(run.profiles);
  run.original = JSON.parse(await node(['config', '--format', 'json', ...prof], dir, run.env)) as Json;
  const name = String(run.original.name);
  run.project = mode === 'effective' ? name : `${name}-${mode === 'strict' ? 'strict' : 'v1'}`;
  const target = mode === 'override' ? ['--compose-version', '1.29'] : mode === 'strict' ? ['--strict'] : [];
  run.report = JSON.parse(await node(['harden', '--format', 'json', ...target, ...prof], dir, run.env)) as Json;

  const expectedFor = async () =>
    JSON.parse(
      await node(
        ['config', '--format', 'json', ...prof, '-p', run.project, ...(mode === 'override' ? discoveredFiles(dir).flatMap((f) => ['-f', f]) : [])],
        dir,
        run.env,
      ),
    ) as Json;
  run.expected = await expectedFor();
  // A random value for every variable an environment-sourced secret reads, so the container's file is
  // known to come from this run; the expectation is then computed again with it.
  const envSecrets = Object.entries(isRecord(run.expected.secrets) ? run.expected.secrets : {}).filter(([, s]) => isRecord(s) && typeof s.environment === 'string');
  for (const [secret, s] of envSecrets) {
    const value = randomBytes(12).toString('hex');
    run.env[String((s as Json).environment)] = value;
    run.planted.set(secret, value);
  }
  if (envSecrets.length) run.expected = await expectedFor();
  for (const [secret, s] of Object.entries(isRecord(run.expected.secrets) ? run.expected.secrets : {})) {
    if (isRecord(s) && typeof s.file === 'string' && existsSync(s.file)) run.planted.set(secret, readFileSync(s.file, 'utf8'));
  }

  const hostPaths: HostPath[] = [];
  const hostRoot = join(ctx.hostRoot, `${mode}-${example}`);
  if (mode !== 'override') {
    const v1 = toComposeV1(run.expected, { hostRoot, secretDir: join(dir, '.e2e-secrets'), projectDir: dir, passwd: ctx.passwd });
    mkdirSync(join(dir, '.e2e-secrets'), { recursive: true });
    for (const f of v1.secretFiles) {
      writeFileSync(f.path, run.env[f.variable] ?? '');
      chownSync(f.path, f.uid, f.gid);
      chmodSync(f.path, f.mode);
    }
    hostPaths.push(...v1.hostPaths);
    writeFileSync(join(dir, 'e2e-effective.yml'), JSON.stringify(v1.doc, null, 2));
    run.files = ['e2e-effective.yml'];
  } else {
    run.files = discoveredFiles(dir);
    for (const f of run.files.filter((f) => f !== 'compose.override.yaml')) {
      const text = readFileSync(join(dir, f), 'utf8');
      const before = hostPaths.length;
      const out = rewriteBaseYaml(text, hostRoot, hostPaths);
      if (hostPaths.length > before || /^name:/m.test(text)) writeFileSync(join(dir, f), out);
    }
  }
  for (const h of hostPaths) {
    if (h.kind === 'dir') mkdirSync(h.path, { recursive: true });
    else {
      mkdirSync(join(h.path, '..'), { recursive: true });
      if (!existsSync(h.path)) writeFileSync(h.path, '');
    }
  }
  const probe = { services: Object.fromEntries(Object.keys(services(run.expected)).map((s) => [s, { entrypoint: ['/bin/idle'], healthcheck: { test: ['CMD', 'true'] } }])) };
  writeFileSync(join(dir, 'e2e-probe.yml'), JSON.stringify(probe, null, 2));
  run.files.push('e2e-probe.yml');

  // Runs that publish the same host port or use the same container_name never run at once.
  for (const svc of Object.values(services(run.expected))) {
    for (const p of publishedPortsOf(svc)) run.locks.push(`port:${p.hostPort}/${p.key.split('/')[1]}`);
    if (typeof svc.container_name === 'string') run.locks.push(`name:${svc.container_name}`);
  }
  run.ms = Date.now() - t;
  return run;
}

async function tagProjectImages(runs: Run[]): Promise<void> {
  const names = new Set<string>();
  for (const r of runs) {
    for (const [name, svc] of Object.entries(services(r.expected))) names.add(typeof svc.image === 'string' ? svc.image : `${r.project}_${name}`);
  }
  for (const n of names) await docker(['tag', PROBE_IMAGE, n]);
}

/* ------------------------------------------------------------------ probing */

function composeArgs(run: Run): string[] {
  return [...profileArgs(run.profiles), '-p', run.project, ...run.files.flatMap((f) => ['-f', f])];
}

async function upAndProbe(ctx: Ctx, run: Run): Promise<void> {
  const t = Date.now();
  let upOk = false;
  try {
    const all = Object.keys(services(run.expected));
    const skip = all.filter((n) => cannotStartHere(ctx, services(run.expected)[n]));
    const opts = { cwd: run.dir, env: run.env, timeoutMs: 120_000, allowFailure: true };
    // Services this machine cannot run are only created, so their engine record is still probed.
    const up = await dockerCompose([...composeArgs(run), 'up', '-d', '--no-build', ...(skip.length ? ['--no-deps', ...all.filter((n) => !skip.includes(n))] : [])], opts);
    upOk = up.code === 0;
    if (up.code !== 0) throw new Error(`docker-compose up failed: ${up.stderr.trim().split('\n').slice(-6).join(' | ')}`);
    if (skip.length) {
      const created = await dockerCompose([...composeArgs(run), 'up', '--no-start', '--no-build', '--no-deps', ...skip], opts);
      if (created.code !== 0) throw new Error(`docker-compose up --no-start failed: ${created.stderr.trim().split('\n').slice(-6).join(' | ')}`);
    }
    await Promise.all(
      Object.keys(services(run.expected)).map(async (name) => {
        run.cells.set(name, await probeService(ctx, run, name));
      }),
    );
  } catch (err) {
    run.error = (err as Error).message;
  } finally {
    const down = await dockerCompose([...composeArgs(run), 'down', '--volumes', '--remove-orphans', '-t', '2'], { cwd: run.dir, env: run.env, timeoutMs: 120_000, allowFailure: true });
    if (down.code !== 0 && upOk) run.error = `${run.error ? `${run.error}; ` : ''}down failed: ${down.stderr.trim()}`;
    run.ms += Date.now() - t;
  }
}

async function probeService(ctx: Ctx, run: Run, name: string): Promise<Map<Probe, Cell>> {
  const svc = services(run.expected)[name];
  const before = services(run.original)[name] ?? {};
  const cells = new Map<Probe, Cell>();
  const set = (p: Probe, ok: boolean | null, detail: string) => cells.set(p, { ok, detail });
  const id = await serviceContainer(run.project, name);
  const unstartable = cannotStartHere(ctx, svc);
  if (unstartable) {
    // Only what the engine's record of the created container can show.
    const info = await inspect(id);
    for (const p of PROBES) set(p, null, `not started: ${unstartable}`);
    probeInspect(run, name, svc, info, set);
    return cells;
  }
  const info = await waitFor(async () => {
    const i = await inspect(id);
    if (i.State.Running) return i;
    if (i.State.Status === 'exited' || i.State.Status === 'dead') throw new Error(`${name} exited ${i.State.ExitCode}: ${i.State.Error}`);
    return undefined;
  }, 30_000, `${run.project}/${name} running`);

  const tmpfs = tmpfsPaths(svc);
  const mounts = secretMounts(svc);
  const snap = await snapshot(id, svc.pid === 'host' ? (info as unknown as { State: { Pid: number } }).State.Pid : 1, tmpfs, mounts.map((m) => m.target));
  const [uid, gid] = expectedIds(svc, parsePasswd(snap.passwd, snap.group));
  const { pid1, self } = snap;
  const quad = (n: number) => [n, n, n, n].join(',');
  set('user', pid1.uid.join(',') === quad(uid) && pid1.gid.join(',') === quad(gid) && self.uid.join(',') === quad(uid) && self.gid.join(',') === quad(gid),
    `${uid}:${gid} expected; pid 1 ${pid1.uid[0]}:${pid1.gid[0]}, exec ${self.uid[0]}:${self.gid[0]}`);

  const caps = expectedCaps(svc, uid, ctx.allCaps);
  const capsOk = [pid1, self].every((s) => s.capBnd.join() === caps.bounding.join() && s.capEff.join() === caps.effective.join() && s.capPrm.join() === caps.effective.join() && s.capAmb.length === 0);
  set('caps', capsOk, `bnd [${pid1.capBnd.join(' ')}] eff [${pid1.capEff.join(' ')}]${capsOk ? '' : `; expected bnd [${caps.bounding.join(' ')}] eff [${caps.effective.join(' ')}]`}`);

  const nnp = noNewPrivileges(svc);
  set('nnp', pid1.noNewPrivs === nnp && self.noNewPrivs === nnp, `NoNewPrivs ${pid1.noNewPrivs ? 1 : 0} (expected ${nnp ? 1 : 0})`);

  // As root: root owns /, so only a read-only mount can refuse it.
  const rootWrite = await writeProbe(id, '/', '0');
  const ro = svc.read_only === true;
  const roMount = (snap.mounts.filter((m) => m[1] === '/').pop()?.[3] ?? '').split(',').includes('ro');
  set('ro-root', ro ? !rootWrite.ok && /Read-only file system/.test(rootWrite.error) && roMount : rootWrite.ok && !roMount,
    ro ? `write / as root refused: ${rootWrite.error || 'no'}` : `writable (read_only not set): ${rootWrite.ok ? 'yes' : rootWrite.error}`);

  if (tmpfs.length) {
    const bad = tmpfs.flatMap((p) => {
      const isTmpfs = snap.mounts.some((m) => m[1] === p && m[2] === 'tmpfs');
      const err = snap.tmpfsWrite.get(p);
      return isTmpfs && err === '' ? [] : [`${p}${isTmpfs ? '' : ' (not a tmpfs)'}${err === '' ? '' : ` (${err ?? 'not probed'})`}`];
    });
    set('tmpfs', bad.length === 0, bad.length ? `not writable by ${uid}: ${bad.join(', ')}` : `tmpfs, writable by ${uid}: ${tmpfs.join(' ')}`);
  } else set('tmpfs', null, 'none planned');

  let limits = { memoryMax: snap.memoryMax, pidsMax: snap.pidsMax };
  let where = '';
  if (limits.memoryMax === undefined || limits.pidsMax === undefined) {
    limits = hostCgroupLimits((info as unknown as { State: { Pid: number } }).State.Pid);
    where = ' (read on the host: a mount hides /sys/fs/cgroup inside)';
  }
  const mem = memoryLimit(svc);
  set('memory', limits.memoryMax === mem && info.HostConfig.Memory === (mem ?? 0), `${limits.memoryMax ?? 'unlimited'} (expected ${mem ?? 'unlimited'})${where}`);
  const pids = pidsLimit(svc);
  set('pids', limits.pidsMax === pids, `${limits.pidsMax ?? 'unlimited'} (expected ${pids ?? 'unlimited'})${where}`);

  if (mounts.length) {
    const bad: string[] = [];
    const seen: string[] = [];
    for (const m of mounts) {
      const planted = run.planted.get(m.source);
      const got = snap.secrets.get(m.target);
      seen.push(`${m.target} ${got?.stat ?? '?'}`);
      if (!got || got.content === undefined) bad.push(`${m.target} unreadable by ${uid}: ${got?.error ?? 'not probed'}`);
      // Compared, never printed.
      else if (planted === undefined) bad.push(`${m.target}: no planted value known for secret ${m.source}`);
      else if (got.content !== planted) bad.push(`${m.target}: content differs from the planted value`);
    }
    set('secrets', bad.length === 0, bad.length ? bad.join('; ') : `${seen.join(', ')}; content as planted, read as ${uid}`);
  } else set('secrets', null, 'none planned');

  const envBad: string[] = [];
  const planned = environmentOf(svc);
  for (const [k, v] of Object.entries(planned)) {
    if (v === null) continue;
    if (!snap.environ.has(k)) envBad.push(`${k} missing`);
    else if (v !== '**redacted**' && snap.environ.get(k) !== v) envBad.push(`${k} differs`);
  }
  const moved = movedToFile(before, svc);
  for (const [k, file] of moved) {
    if (snap.environ.has(k)) envBad.push(`${k} still set`);
    if (snap.environ.get(`${k}_FILE`) !== file) envBad.push(`${k}_FILE is not ${file}`);
    else if (!mounts.some((m) => m.target === file)) envBad.push(`${k}_FILE points at ${file}, which no secret mounts`);
  }
  const inspectText = JSON.stringify(info);
  const environText = [...snap.environ.values()].join('\n');
  for (const m of mounts) {
    const v = run.planted.get(m.source);
    if (v && (environText.includes(v) || inspectText.includes(v))) envBad.push(`the value of secret ${m.source} is in the environment or docker inspect`);
  }
  set('env', envBad.length === 0, envBad.length ? envBad.join('; ') : `${Object.keys(planned).length} vars as planned${moved.length ? `; moved to files: ${moved.map(([k]) => `${k} -> ${k}_FILE`).join(', ')}` : ''}`);

  probeInspect(run, name, svc, info, set);

  const net = networksOf(svc, run.expected, run.project);
  const attached = Object.keys(info.NetworkSettings.Networks ?? {}).sort();
  if (net.mode) set('networks', info.HostConfig.NetworkMode === net.mode, `network_mode ${info.HostConfig.NetworkMode} (expected ${net.mode})`);
  else {
    const internal = internalByName(run.expected, run.project);
    const flags: string[] = [];
    let ok = attached.join() === net.names.join();
    for (const n of attached) {
      const ni = await networkInspect(n);
      if (ni.Internal !== (internal.get(n) ?? false)) ok = false;
      flags.push(`${n}${ni.Internal ? ' (internal)' : ''}`);
    }
    set('networks', ok, `${flags.join(', ')}${attached.join() === net.names.join() ? '' : ` (expected ${net.names.join(', ')})`}`);
  }
  return cells;
}

/**
 * Why the engine here cannot start this service at all, or undefined. A privileged container gets every
 * capability up to cap_last_cap, and runc fails ("unable to apply caps") when the engine itself lacks one:
 * these sandboxes withhold some (CAP_SYS_RESOURCE) from root.
 */
function cannotStartHere(ctx: Ctx, svc: Json): string | undefined {
  const missing = ctx.allCaps.filter((c) => !ctx.hostCaps.includes(c));
  if (svc.privileged === true && missing.length) return `privileged, and this machine's root lacks ${missing.join(', ')} (runc: unable to apply caps)`;
  return undefined;
}

/** Ports, privileged mode and engine socket, from the engine's record of the container. */
function probeInspect(run: Run, name: string, svc: Json, info: ContainerInfo, set: (p: Probe, ok: boolean | null, detail: string) => void): void {
  const internal = internalByName(run.expected, run.project);
  const nets = networksOf(svc, run.expected, run.project);
  // Docker publishes nothing for a container whose every network is internal (no gateway to forward from).
  const onlyInternal = !nets.mode && nets.names.length > 0 && nets.names.every((n) => internal.get(n) === true);
  const planned = publishedPortsOf(svc);
  const wantPorts = onlyInternal ? [] : planned;
  const running = info.State.Running;
  // The engine lists a second binding on :: for 0.0.0.0 when IPv6 is on; the plan has one per address family.
  const seenPorts = running
    ? publishedPorts(info).filter((p) => p.hostIp !== '::').map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}`).sort()
    : Object.entries(info.HostConfig.PortBindings ?? {}).flatMap(([k, bs]) => (bs ?? []).map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort}->${k}`)).sort();
  const wantText = (running ? wantPorts : planned).map((p) => `${p.hostIp}:${p.hostPort}->${p.key}`).sort();
  const open = wantPorts.filter((p) => p.hostIp !== '127.0.0.1' && p.hostIp !== '::1');
  const openLeft = open.length === 0 || remaining(run.report, 'CH501', name);
  const dropped = onlyInternal && planned.length ? ` [planned ${planned.map((p) => `${p.hostIp}:${p.hostPort}->${p.key}`).join(' ')}: not published, every network is internal]` : '';
  set('ports', seenPorts.join() === wantText.join() && openLeft,
    `${seenPorts.join(' ') || 'none published'}${seenPorts.join() === wantText.join() ? '' : ` (expected ${wantText.join(' ') || 'none'})`}${dropped}${open.length ? (openLeft ? ' [not on 127.0.0.1: left by the tool, CH501 reported]' : ' [not on 127.0.0.1 and no CH501 left in the report]') : ''}`);

  const priv = svc.privileged === true;
  const privLeft = remaining(run.report, 'CH102', name);
  set('privileged', info.HostConfig.Privileged === priv && (!priv || privLeft),
    info.HostConfig.Privileged ? `PRIVILEGED${privLeft ? ' (left by the tool, CH102 reported)' : ' and no CH102 left in the report'}` : 'no');
  const sock = plansDockerSocket(svc);
  const sockSeen = mountsDockerSocket(info);
  const sockLeft = remaining(run.report, 'CH601', name);
  set('docker.sock', sockSeen === sock && (!sock || sockLeft),
    sockSeen ? `MOUNTED${sockLeft ? ' (left by the tool, CH601 reported)' : ' and no CH601 left in the report'}` : 'no');
}

/* ------------------------------------------------------------------- report */

function printTable(ctx: Ctx): void {
  const head = ['example', 'mode', 'service', ...PROBES];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of ctx.runs) {
    if (r.error) {
      rows.push([r.example, r.mode, '(project)', ...PROBES.map(() => 'FAIL')]);
      notes.push(`FAIL ${r.example}/${r.mode}: ${r.error}`);
    }
    for (const [svc, cells] of r.cells) {
      rows.push([r.example, r.mode, svc, ...PROBES.map((p) => {
        const c = cells.get(p);
        return !c ? '?' : c.ok === null ? '-' : c.ok ? 'pass' : 'FAIL';
      })]);
      for (const p of PROBES) {
        const c = cells.get(p);
        if (c && c.ok === false) notes.push(`FAIL ${r.example}/${r.mode}/${svc} ${p}: ${c.detail}`);
        else if (c && (/left by the tool|moved to files|planned .*not published|read on the host/.test(c.detail) || (p === 'secrets' && c.ok) || (p === 'ports' && /127\.0\.0\.1/.test(c.detail)) || (p === 'caps' && !c.detail.startsWith('bnd []')))) notes.push(`note ${r.example}/${r.mode}/${svc} ${p}: ${c.detail}`);
      }
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  console.log(`\nexamples × service × probe (${ctx.runs.length} runs, ${rows.length} rows; '-' = nothing planned to check)\n${out.join('\n')}`);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  const per = ctx.runs.map((r) => `${r.example}/${r.mode} ${(r.ms / 1000).toFixed(1)}s`).join(', ');
  console.log(`\nper run (prepare + up + probe + down): ${per}\nexamples suite total: ${((Date.now() - ctx.t0) / 1000).toFixed(1)}s\n`);
}

/* -------------------------------------------------------------------- suite */

const examples = suite<Ctx>('hardened examples on a real engine', {} as Ctx);

examples.before(async (ctx) => {
  ctx.t0 = Date.now();
  ctx.runs = [];
  try {
    dockerHost();
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (test/e2e/run.sh does)`);
    ctx.scratch = join(process.env.E2E_TMPDIR ?? tmpdir(), `examples-${process.pid}`);
    // Absolute host paths of the examples (/, /proc, /var/run/docker.sock) are re-rooted here. A bind mount
    // of the directory onto itself, made shared, so `rslave` propagation (node-exporter) is accepted: the
    // real / of these machines is a private mount.
    ctx.hostRoot = join(ctx.scratch, 'hostroot');
    mkdirSync(ctx.hostRoot, { recursive: true });
    await sh('mount', ['--bind', ctx.hostRoot, ctx.hostRoot]);
    await sh('mount', ['--make-rshared', ctx.hostRoot]);
    const last = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'));
    ctx.allCaps = capsFromHex(((1n << BigInt(last + 1)) - 1n).toString(16));
    ctx.hostCaps = capsFromHex(/^CapBnd:\s*([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0');
    const pw = await docker(['run', '--rm', '--network', 'none', '--entrypoint', 'cat', PROBE_IMAGE, '/etc/passwd', '/etc/group']);
    ctx.passwd = parsePasswd(pw.stdout.split('\n').filter((l) => l.split(':').length >= 7).join('\n'), pw.stdout.split('\n').filter((l) => l.split(':').length === 4).join('\n'));

    const names = readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(EXAMPLES, d.name, 'compose.yaml'))).map((d) => d.name).sort();
    const jobs = names.flatMap((n) => MODES.map((m) => [n, m] as const));
    const prepared: Run[] = [];
    await pool(jobs, 2, () => [], async ([n, m]) => {
      try {
        prepared.push(await prepare(ctx, n, m));
      } catch (err) {
        prepared.push({ example: n, mode: m, error: (err as Error).message, cells: new Map(), ms: 0 } as Run);
      }
    });
    ctx.runs = prepared.sort((a, b) => `${a.example}/${a.mode}`.localeCompare(`${b.example}/${b.mode}`));
    const ready = ctx.runs.filter((r) => !r.error);
    await tagProjectImages(ready);
    await pool(ready, PARALLEL, (r) => r.locks, (r) => upAndProbe(ctx, r));
  } catch (err) {
    ctx.setupError = err;
  }
});

examples.after(async (ctx) => {
  if (ctx.runs?.length) printTable(ctx);
  if (ctx.hostRoot) await sh('umount', [ctx.hostRoot]).catch(() => undefined);
  if (ctx.scratch) rmSync(ctx.scratch, { recursive: true, force: true });
});

function sh(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(cmd, args, (err, _o, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve())));
}

examples('setup', (ctx) => {
  if (ctx.setupError) throw ctx.setupError;
  assert.ok(ctx.runs.length >= 2, 'no example was run');
});

// One test per example and mode; uvu needs them declared before run(), so the names come from the folder.
for (const example of readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(EXAMPLES, d.name, 'compose.yaml'))).map((d) => d.name).sort()) {
  for (const mode of MODES) {
    examples(`${example} (${mode}): every service starts and every probe passes`, (ctx) => {
      if (ctx.setupError) throw ctx.setupError;
      const run = ctx.runs.find((r) => r.example === example && r.mode === mode);
      assert.ok(run, `${example}/${mode} was not run`);
      if (run.error) assert.unreachable(run.error);
      assert.equal([...run.cells.keys()].sort(), Object.keys(services(run.expected)).sort(), 'a service was not probed');
      const failures = [...run.cells].flatMap(([svc, cells]) => [...cells].filter(([, c]) => c.ok === false).map(([p, c]) => `${svc} ${p}: ${c.detail}`));
      assert.equal(failures, [], failures.join('\n'));
    });
  }
}

examples.run();

