// Are the capabilities the knowledge base gives a root-starting, privilege-dropping image what such an
// entrypoint needs? The tool is asked: a postgres service that keeps its root start (an x-compose-harden
// exception skips CH101), so CH103 writes `cap_drop: [ALL]` plus the KB's rootCapsNeeded as cap_add. The
// hardened service, exactly as `compose-harden config` prints it, then runs the e2e-drop-priv image (its
// entrypoint starts as root, chowns /data, drops to 999 with su; images.sh) on a fresh volume and on a
// volume an earlier start initialised; and again with no capability, and with each capability left out.
// The real entrypoint runs here (no idle override): starting is what is tested.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containerLogs, docker, dockerCompose, dockerHost, execIn, inspect, procStatus, serviceContainer, waitFor } from './probe.ts';
import { normCap, parsePasswd, type Json } from './expect.ts';
import { toComposeV1 } from './v1compat.ts';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const DROP_PRIV_IMAGE = 'e2e-drop-priv:latest';
// Any tag of the postgres repository is the KB's postgres; this one exists only in the private engine.
const IMAGE = 'postgres:e2e-drop-priv';

interface Outcome {
  result: 'started' | 'exited';
  detail: string;
}

interface Ctx {
  dir: string;
  project: string;
  toolCaps: string[];
  hardened: Json;
  outcomes: Map<string, Outcome>;
  setupError?: unknown;
  t0: number;
}

function cli(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, out, stderr) =>
      err ? reject(new Error(`compose-harden ${args[0]}: ${stderr.trim() || err.message}`)) : resolve(out),
    ),
  );
}

/** 'started' once pid 1 runs the service command as 999; 'exited' when the container stopped. */
async function outcome(project: string, service: string): Promise<Outcome> {
  const id = await serviceContainer(project, service);
  return waitFor(async () => {
    const info = await inspect(id);
    if (!info.State.Running) {
      const logs = (await containerLogs(id)).trim().split('\n').pop() ?? '';
      return { result: 'exited' as const, detail: `exit ${info.State.ExitCode}: ${logs}` };
    }
    const cmd = await execIn(id, ['cat', '/proc/1/cmdline']);
    const s = await procStatus(id, 1).catch(() => undefined);
    if (cmd.stdout.includes('/bin/idle') && s && s.uid.every((u) => u === 999)) {
      return { result: 'started' as const, detail: `pid 1 uid 999, CapEff [${s.capEff.join(' ')}], CapBnd [${s.capBnd.join(' ')}]` };
    }
    return undefined;
  }, 30_000, `${service} to start or exit`);
}

const kb = suite<Ctx>('knowledge-base capabilities for a privilege-dropping entrypoint', {} as Ctx);

kb.before(async (ctx) => {
  ctx.t0 = Date.now();
  ctx.outcomes = new Map();
  try {
    dockerHost();
    ctx.dir = join(process.env.E2E_TMPDIR ?? tmpdir(), `kb-caps-${process.pid}`);
    mkdirSync(ctx.dir, { recursive: true });
    writeFileSync(join(ctx.dir, 'compose.yaml'), [
      'services:',
      '  db:',
      `    image: ${IMAGE}`,
      '    volumes: [data:/data]',
      '    x-compose-harden:',
      '      skip: [CH101]',
      '      reason: e2e keeps the root start, so CH103 adds back what the entrypoint needs',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n'));
    await cli(['harden'], ctx.dir);
    const eff = JSON.parse(await cli(['config', '--format', 'json'], ctx.dir)) as Json;
    ctx.project = String(eff.name);
    ctx.hardened = (eff.services as Record<string, Json>).db;
    ctx.toolCaps = (Array.isArray(ctx.hardened.cap_add) ? ctx.hardened.cap_add : []).map((c) => normCap(String(c))).sort();

    // Variants of the hardened service: the tool's set, none, and each capability left out; on a fresh
    // volume each, and on the volume "seed" initialised.
    const variants: Record<string, { caps: string[]; volume: string }> = {
      'tool-fresh': { caps: ctx.toolCaps, volume: 'fresh-tool' },
      'tool-reused': { caps: ctx.toolCaps, volume: 'seeded' },
      'none-fresh': { caps: [], volume: 'fresh-none' },
    };
    for (const c of ctx.toolCaps) {
      const rest = ctx.toolCaps.filter((x) => x !== c);
      variants[`minus-${c}-fresh`] = { caps: rest, volume: `fresh-minus-${c}` };
      variants[`minus-${c}-reused`] = { caps: rest, volume: 'seeded' };
    }
    const svcOf = (caps: string[], volume: string): Json => {
      const s = structuredClone(ctx.hardened);
      if (caps.length) s.cap_add = caps;
      else delete s.cap_add;
      // The planned healthcheck binary (pg_isready) is not in the image; the check is not what is tested.
      s.healthcheck = { test: ['CMD', 'true'] };
      s.volumes = [{ type: 'volume', source: volume, target: '/data' }];
      return s;
    };
    const doc: Json = {
      ...eff,
      services: { seed: svcOf(ctx.toolCaps, 'seeded'), ...Object.fromEntries(Object.entries(variants).map(([n, v]) => [n, svcOf(v.caps, v.volume)])) },
      volumes: Object.fromEntries([...new Set(['seeded', ...Object.values(variants).map((v) => v.volume)])].map((v) => [v, {}])),
    };
    const passwd = parsePasswd('', '');
    const v1 = toComposeV1(doc, { hostRoot: join(ctx.dir, 'hostroot'), secretDir: join(ctx.dir, 'secrets'), projectDir: ctx.dir, passwd });
    writeFileSync(join(ctx.dir, 'e2e.yml'), JSON.stringify(v1.doc, null, 2));

    await docker(['tag', DROP_PRIV_IMAGE, IMAGE]);
    const args = ['-p', ctx.project, '-f', 'e2e.yml'];
    const opts = { cwd: ctx.dir, timeoutMs: 120_000 };
    await dockerCompose([...args, 'up', '-d', '--no-build', 'seed'], opts);
    const seeded = await outcome(ctx.project, 'seed');
    if (seeded.result !== 'started') throw new Error(`seed did not start with the tool's capabilities: ${seeded.detail}`);
    await dockerCompose([...args, 'stop', '-t', '2', 'seed'], opts);
    // Failing variants exit at once; compose still reports success for a container that started.
    await dockerCompose([...args, 'up', '-d', '--no-build', ...Object.keys(variants)], opts);
    for (const n of Object.keys(variants)) ctx.outcomes.set(n, await outcome(ctx.project, n));
  } catch (err) {
    ctx.setupError = err;
  }
});
kb.before.each((ctx) => {
  if (ctx.setupError) throw ctx.setupError;
});

kb.after(async (ctx) => {
  if (ctx.outcomes?.size) {
    const rows = [...ctx.outcomes].map(([n, o]) => `  ${n.padEnd(32)} ${o.result.padEnd(8)} ${o.detail}`);
    console.log(`\nKB caps for ${IMAGE} (tool wrote cap_add [${ctx.toolCaps?.join(' ')}]):\n${rows.join('\n')}\nkb-caps suite: ${((Date.now() - ctx.t0) / 1000).toFixed(1)}s\n`);
  }
  if (ctx.project) await dockerCompose(['-p', ctx.project, '-f', 'e2e.yml', 'down', '--volumes', '-t', '2'], { cwd: ctx.dir, timeoutMs: 120_000, allowFailure: true });
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

kb('the tool keeps the root start and writes cap_drop ALL plus a cap_add from the knowledge base', ({ hardened, toolCaps }) => {
  assert.is(hardened.user, undefined, 'CH101 was skipped, so no user: is set');
  assert.equal((hardened.cap_drop as string[]).map(normCap), ['ALL']);
  assert.ok(toolCaps.length > 0, 'no cap_add for an image that starts as root and drops privileges');
  assert.ok((hardened.security_opt as string[]).some((o) => o.startsWith('no-new-privileges')), 'no-new-privileges not set');
});

kb('with exactly the tool’s capabilities it starts, on a fresh and on an initialised volume, and ends with none effective', ({ outcomes, toolCaps }) => {
  for (const n of ['tool-fresh', 'tool-reused']) {
    const o = outcomes.get(n)!;
    assert.is(o.result, 'started', `${n}: ${o.detail}`);
    assert.ok(o.detail.includes('CapEff []'), `${n}: ${o.detail}`);
    assert.ok(o.detail.includes(`CapBnd [${toolCaps.join(' ')}]`), `${n}: ${o.detail}`);
  }
});

kb('with no capability the same image fails', ({ outcomes }) => {
  const o = outcomes.get('none-fresh')!;
  assert.is(o.result, 'exited', o.detail);
  assert.match(o.detail, /Operation not permitted/);
});

kb('every capability the fixture needs is in the tool’s set; the ones it does not need are listed', ({ outcomes, toolCaps }) => {
  const needed = toolCaps.filter((c) => outcomes.get(`minus-${c}-fresh`)!.result === 'exited' || outcomes.get(`minus-${c}-reused`)!.result === 'exited');
  const unneeded = toolCaps.filter((c) => !needed.includes(c));
  console.log(`  KB caps needed by the drop-privileges fixture: [${needed.join(' ')}]; not exercised by it: [${unneeded.join(' ')}]`);
  assert.ok(needed.length > 0, 'leaving out any single capability still starts: the set is not tied to the entrypoint');
  for (const c of needed) {
    const o = [outcomes.get(`minus-${c}-fresh`)!, outcomes.get(`minus-${c}-reused`)!].find((x) => x.result === 'exited')!;
    assert.match(o.detail, /Operation not permitted|Permission denied/, `without ${c}: ${o.detail}`);
  }
});

kb.run();
