// Smoke suite for the real-engine harness: a hand-hardened compose project and
// a drop-privileges image, probed on the private engine of engine.sh. Run with
// test/e2e/run.sh (starts the engine, builds the images). Containers only
// idle; every probe reads settings or files, nothing is sent on a network.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { chownSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canWrite, cgroupMemoryMax, cgroupPidsMax, containerLogs, dockerHost, down, execIn, inspect,
  mountsDockerSocket, networkInspect, procStatus, publishedPorts, rootMountOptions, serviceContainer,
  stop, tagImages, up, waitFor, writeProbe,
} from './probe.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PROBE_IMAGE = 'e2e-probe:latest';

// Capabilities Docker gives a container by default (moby's default profile).
const DOCKER_DEFAULT_CAPS = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

// Probe results, printed as a table when the file's suites are done.
const results: [string, string, string][] = [];
function record(subject: string, probe: string, value: unknown): void {
  results.push([subject, probe, typeof value === 'string' ? value : JSON.stringify(value)]);
}
function printResults(): void {
  if (results.length === 0) return;
  const widths = [0, 1, 2].map((i) => Math.max(...results.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log('\n' + [line(['container', 'probe', 'observed']), line(widths.map((w) => '-'.repeat(w))), ...results.map(line)].join('\n'));
}

// uvu swallows an error thrown by a `before` hook (its runner returns from a
// `finally`), so the suite would end with 0 passed and exit code 0. Setup
// errors are kept instead and rethrown by every test, which fails loudly.
function setupOnce<C extends { setupError?: unknown }>(setup: (ctx: C) => Promise<void>) {
  return {
    before: async (ctx: C) => {
      try {
        await setup(ctx);
      } catch (err) {
        ctx.setupError = err;
      }
    },
    beforeEach: (ctx: C) => {
      if (ctx.setupError) throw ctx.setupError;
    },
  };
}

/* ---------------------------------------------------------------- hardened */

interface HardenedCtx {
  dir: string;
  project: string;
  secret: string;
  id: Record<'db' | 'web' | 'plain', string>;
  setupError?: unknown;
}

const hardened = suite<HardenedCtx>('hardened project', {} as HardenedCtx);

const hardenedSetup = setupOnce<HardenedCtx>(async (ctx) => {
  dockerHost();
  ctx.dir = mkdtempSync(join(process.env.E2E_TMPDIR ?? tmpdir(), 'ch-e2e-hardened-'));
  cpSync(join(FIXTURES, 'hardened'), ctx.dir, { recursive: true });
  // A file secret reaches the container as a bind mount: the container sees
  // the host file's owner and mode. Owned by 999 with 0400, only the db's
  // user (and no other non-root user) can read it.
  ctx.secret = randomBytes(16).toString('hex');
  mkdirSync(join(ctx.dir, 'secrets'));
  const secretFile = join(ctx.dir, 'secrets', 'db_password');
  writeFileSync(secretFile, ctx.secret, { mode: 0o400 });
  chownSync(secretFile, 999, 999);

  await tagImages(PROBE_IMAGE, ['postgres:16', 'nginx:1.27']);
  ctx.project = `chhard${process.pid}`;
  await up(ctx.dir, ['compose.yaml'], ctx.project);
  ctx.id = {
    db: await serviceContainer(ctx.project, 'db'),
    web: await serviceContainer(ctx.project, 'web'),
    plain: await serviceContainer(ctx.project, 'plain'),
  };
  for (const id of Object.values(ctx.id)) {
    await waitFor(async () => ((await inspect(id)).State.Running ? true : undefined), 15_000, `container ${id.slice(0, 12)} running`);
  }
});
hardened.before(hardenedSetup.before);
hardened.before.each(hardenedSetup.beforeEach);

hardened.after(async (ctx) => {
  if (ctx.project) await down(ctx.dir, ['compose.yaml'], ctx.project);
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

hardened('services run as the configured uid/gid', async ({ id }) => {
  for (const [svc, uid] of [['db', 999], ['web', 101], ['plain', 0]] as const) {
    for (const pid of ['self', 1] as const) {
      const s = await procStatus(id[svc], pid);
      assert.equal(s.uid, [uid, uid, uid, uid], `${svc} pid ${pid} Uid`);
      assert.equal(s.gid, [uid, uid, uid, uid], `${svc} pid ${pid} Gid`);
    }
    record(svc, 'Uid/Gid', `${uid}:${uid}`);
  }
});

hardened('cap_drop ALL leaves no capability at all; no-new-privileges is set', async ({ id }) => {
  for (const svc of ['db', 'web'] as const) {
    for (const pid of ['self', 1] as const) {
      const s = await procStatus(id[svc], pid);
      assert.equal(s.capEff, [], `${svc} pid ${pid} CapEff`);
      assert.equal(s.capPrm, [], `${svc} pid ${pid} CapPrm`);
      assert.equal(s.capBnd, [], `${svc} pid ${pid} CapBnd`);
      assert.equal(s.capAmb, [], `${svc} pid ${pid} CapAmb`);
      assert.is(s.noNewPrivs, true, `${svc} pid ${pid} NoNewPrivs`);
    }
    const info = await inspect(id[svc]);
    assert.equal(info.HostConfig.CapDrop, ['ALL']);
    assert.equal(info.HostConfig.SecurityOpt, ['no-new-privileges:true']);
    record(svc, 'CapEff / CapBnd / NoNewPrivs', 'none / none / 1');
  }
});

hardened('the unhardened control keeps Docker’s default capabilities', async ({ id }) => {
  const s = await procStatus(id.plain, 1);
  assert.equal(s.capBnd, DOCKER_DEFAULT_CAPS);
  assert.equal(s.capEff, DOCKER_DEFAULT_CAPS);
  assert.is(s.noNewPrivs, false);
  record('plain', 'CapEff / CapBnd / NoNewPrivs', `default 14 / default 14 / 0`);
});

hardened('read_only root refuses writes, every tmpfs takes them', async ({ id }) => {
  const tmpfs = { db: ['/tmp', '/var/run/postgresql'], web: ['/tmp', '/var/cache/nginx'] } as const;
  for (const svc of ['db', 'web'] as const) {
    // As root too: root owns /, so only the read-only mount can refuse it.
    for (const user of [undefined, '0']) {
      const w = await writeProbe(id[svc], '/', user);
      assert.is(w.ok, false, `${svc} wrote to / as ${user ?? 'its user'}`);
      assert.match(w.error, 'Read-only file system');
    }
    assert.ok((await rootMountOptions(id[svc])).includes('ro'), `${svc} / not mounted ro`);
    for (const path of tmpfs[svc]) {
      assert.is(await canWrite(id[svc], path), true, `${svc} cannot write ${path}`);
    }
    assert.equal(Object.keys((await inspect(id[svc])).HostConfig.Tmpfs ?? {}).sort(), [...tmpfs[svc]].sort());
    record(svc, 'write / | write tmpfs', `refused (EROFS) | ok: ${tmpfs[svc].join(', ')}`);
  }
  assert.is(await canWrite(id.plain, '/'), true, 'control cannot write to /');
  record('plain', 'write /', 'ok');
});

hardened('cgroup memory and pids limits equal the configured ones', async ({ id }) => {
  const expected = { db: [64 * 1024 * 1024, 50], web: [32 * 1024 * 1024, 20], plain: [null, null] } as const;
  for (const svc of ['db', 'web', 'plain'] as const) {
    const [mem, pids] = expected[svc];
    const seenMem = await cgroupMemoryMax(id[svc]);
    const seenPids = await cgroupPidsMax(id[svc]);
    assert.is(seenMem, mem, `${svc} memory limit`);
    assert.is(seenPids, pids, `${svc} pids limit`);
    const info = await inspect(id[svc]);
    assert.is(info.HostConfig.Memory, mem ?? 0);
    record(svc, 'cgroup memory / pids max', `${seenMem ?? 'unlimited'} / ${seenPids ?? 'unlimited'}`);
  }
});

hardened('the secret is a file under /run/secrets readable by the service user only', async ({ id, secret }) => {
  const file = '/run/secrets/db_password';
  assert.is((await execIn(id.db, ['test', '-f', file])).code, 0, 'secret is not a regular file');
  const stat = await execIn(id.db, ['stat', '-c', '%u:%g:%a', file]);
  assert.is(stat.stdout.trim(), '999:999:400');
  const read = await execIn(id.db, ['cat', file]);
  assert.is(read.code, 0, 'uid 999 cannot read its secret');
  // Compared without printing: the value must never reach a test report.
  assert.ok(read.stdout === secret, 'secret content differs from the planted one');
  const other = await execIn(id.db, ['cat', file], '1000:1000');
  assert.is.not(other.code, 0, 'another non-root uid could read the secret');
  record('db', `${file} (owner:group:mode)`, `${stat.stdout.trim()}, content as planted, unreadable by 1000`);
});

hardened('the secret value is absent from the environment and the container config', async ({ id, secret }) => {
  const environ = await execIn(id.db, ['cat', '/proc/1/environ']);
  assert.is(environ.code, 0);
  const execEnv = await execIn(id.db, ['env']);
  for (const [where, text] of [['/proc/1/environ', environ.stdout.split('\0').join('\n')], ['exec env', execEnv.stdout]]) {
    const names = text.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf('=')));
    assert.ok(names.includes('POSTGRES_PASSWORD_FILE'), `${where}: no POSTGRES_PASSWORD_FILE`);
    assert.not.ok(names.includes('POSTGRES_PASSWORD'), `${where}: POSTGRES_PASSWORD is set`);
    assert.not.ok(text.includes(secret), `${where}: the secret value appears`);
  }
  const info = await inspect(id.db);
  assert.not.ok(JSON.stringify(info).includes(secret), 'the secret value appears in docker inspect');
  record('db', 'env', 'POSTGRES_PASSWORD_FILE only; value nowhere in env/inspect');
});

hardened('inspect: no privileged mode, no docker socket, ports on 127.0.0.1 only', async ({ id }) => {
  for (const svc of ['db', 'web', 'plain'] as const) {
    const info = await inspect(id[svc]);
    assert.is(info.HostConfig.Privileged, false, `${svc} privileged`);
    assert.is(mountsDockerSocket(info), false, `${svc} mounts a docker socket`);
  }
  const web = await inspect(id.web);
  assert.is(web.HostConfig.ReadonlyRootfs, true);
  const ports = publishedPorts(web);
  assert.is(ports.length, 1, 'web publishes exactly one binding');
  assert.is(ports[0].containerPort, '8080/tcp');
  assert.is(ports[0].hostIp, '127.0.0.1');
  assert.match(ports[0].hostPort, /^\d+$/);
  assert.equal(publishedPorts(await inspect(id.db)), []);
  record('web', 'published ports', ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}`).join(', '));
  record('all', 'Privileged / docker.sock mounted', 'false / false');
});

hardened('networks are internal as planned and attached as planned', async ({ id, project }) => {
  const back = await networkInspect(`${project}_back`);
  const front = await networkInspect(`${project}_front`);
  assert.is(back.Internal, true, 'back is not internal');
  assert.is(front.Internal, false, 'front is internal');
  const members = (n: typeof back) => Object.keys(n.Containers ?? {}).sort();
  assert.equal(members(back), [id.db, id.web].sort());
  assert.equal(members(front), [id.web]);
  assert.equal(Object.keys((await inspect(id.db)).NetworkSettings.Networks), [`${project}_back`]);
  assert.equal(Object.keys((await inspect(id.plain)).NetworkSettings.Networks), ['none']);
  record('network back', 'Internal / members', 'true / db, web');
  record('network front', 'Internal / members', 'false / web');
});

hardened.run();

/* ---------------------------------------------------------- drop-privileges */

interface DropCtx {
  dir: string;
  project: string;
  setupError?: unknown;
}

const FRESH = ['min', 'none', 'no-chown', 'no-setuid', 'no-setgid'];
const REUSED = ['reused-min', 'reused-dac-override', 'reused-dac-read-search'];

const dropPriv = suite<DropCtx>('drop-privileges entrypoint', {} as DropCtx);

/** 'started' once PID 1 runs the service command as 999, 'exited' if the container stopped. */
async function outcome(project: string, service: string): Promise<{ id: string; result: 'started' | 'exited' }> {
  const id = await serviceContainer(project, service);
  const result = await waitFor(async () => {
    const info = await inspect(id);
    if (!info.State.Running) return 'exited' as const;
    const cmd = await execIn(id, ['cat', '/proc/1/cmdline']);
    const status = await execIn(id, ['cat', '/proc/1/status']);
    const uid = /^Uid:\s+(\d+)/m.exec(status.stdout)?.[1];
    return cmd.stdout.includes('/bin/idle') && uid === '999' ? ('started' as const) : undefined;
  }, 20_000, `${service} to start or exit`);
  return { id, result };
}

const dropPrivSetup = setupOnce<DropCtx>(async (ctx) => {
  dockerHost();
  ctx.dir = join(FIXTURES, 'drop-priv');
  ctx.project = `chdrop${process.pid}`;
  await up(ctx.dir, ['compose.yaml'], ctx.project, [...FRESH, 'seed']);
  const seeded = await outcome(ctx.project, 'seed');
  if (seeded.result !== 'started') throw new Error(`seed did not start: ${await containerLogs(seeded.id)}`);
  await stop(ctx.dir, ['compose.yaml'], ctx.project, ['seed']);
  await up(ctx.dir, ['compose.yaml'], ctx.project, REUSED);
});
dropPriv.before(dropPrivSetup.before);
dropPriv.before.each(dropPrivSetup.beforeEach);

dropPriv.after(async (ctx) => {
  if (ctx.project) await down(ctx.dir, ['compose.yaml'], ctx.project);
});

dropPriv('starts with exactly CHOWN, SETUID, SETGID and ends as 999 with no effective capability', async ({ project }) => {
  const { id, result } = await outcome(project, 'min');
  assert.is(result, 'started', await containerLogs(id));
  const s = await procStatus(id, 1);
  assert.equal(s.uid, [999, 999, 999, 999]);
  assert.equal(s.gid, [999, 999, 999, 999]);
  assert.equal(s.capEff, []);
  assert.equal(s.capBnd, ['CHOWN', 'SETGID', 'SETUID']);
  assert.is(s.noNewPrivs, true);
  assert.is((await execIn(id, ['stat', '-c', '%u:%g', '/data/sub/seed.txt'])).stdout.trim(), '999:999');
  record('drop-priv min', 'CHOWN,SETUID,SETGID', 'starts; pid 1 uid 999, CapEff none, CapBnd CHOWN,SETGID,SETUID');
});

// Each missing capability stops the entrypoint at the step that needs it.
const failures: [string, string, string][] = [
  ['none', 'no capability', 'chown: /data/sub/seed.txt: Operation not permitted'],
  ['no-chown', 'SETUID,SETGID', 'chown: /data/sub/seed.txt: Operation not permitted'],
  ['no-setuid', 'CHOWN,SETGID', 'su: setuid: Operation not permitted'],
  ['no-setgid', 'CHOWN,SETUID', "su: can't set groups: Operation not permitted"],
  ['reused-min', 'CHOWN,SETUID,SETGID on a reused volume', "chown: /data/pgdata: Permission denied"],
];
for (const [service, caps, reason] of failures) {
  dropPriv(`fails with ${caps} (${service})`, async ({ project }) => {
    const { id, result } = await outcome(project, service);
    assert.is(result, 'exited');
    const info = await inspect(id);
    assert.is.not(info.State.ExitCode, 0);
    const logs = await containerLogs(id);
    assert.ok(logs.includes(reason), `${service} failed for another reason: ${logs}`);
    record(`drop-priv ${service}`, caps, `exits ${info.State.ExitCode}: ${reason}`);
  });
}

for (const [service, extra] of [['reused-dac-override', 'DAC_OVERRIDE'], ['reused-dac-read-search', 'DAC_READ_SEARCH']]) {
  dropPriv(`starts on a reused volume with CHOWN,SETUID,SETGID + ${extra}`, async ({ project }) => {
    const { id, result } = await outcome(project, service);
    assert.is(result, 'started', await containerLogs(id));
    const s = await procStatus(id, 1);
    assert.equal(s.uid, [999, 999, 999, 999]);
    assert.equal(s.capEff, []);
    assert.equal(s.capBnd, ['CHOWN', extra, 'SETGID', 'SETUID'].sort());
    record(`drop-priv ${service}`, `CHOWN,SETUID,SETGID,${extra} on a reused volume`, 'starts; pid 1 uid 999');
  });
}

dropPriv.after(() => printResults());

dropPriv.run();
