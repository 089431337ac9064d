// kb.json is imported without literal types, so its shape, and the facts derived from the prose, are checked here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import data from '../../src/images/kb.json' with { type: 'json' };
import { buildImageKnowledge } from '../../src/images/knowledge.ts';
import { parseImageRef, repoKey, trustedNameKey } from '../../src/images/ref.ts';
import type { KbEntry } from '../../src/images/types.ts';

const kb = data as unknown as KbEntry[];

const CAPS = new Set([
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN', 'DAC_OVERRIDE',
  'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE',
  'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
]);
const FACT_KEYS = new Set([
  'image', 'aliases', 'defaultUser', 'uid', 'gid', 'serviceUser', 'dropsPrivileges', 'rootCapsNeeded', 'runsAsUidDirectly',
  'runsAsUidNote', 'writablePaths', 'ports', 'secretFileEnv', 'dataPaths', 'healthcheck', 'minMemory', 'refusesFileSecrets',
  'fileCaps', 'needsInternet', 'kind', 'confidence', 'sources', 'notes', 'serviceUserEnv', 'serviceUserNeedsWritable',
  'needsRootGroup', 'readOnlyEnv', 'conditionalWritablePaths', 'noTmpfs', 'tmpfsExec', 'refusedFileEnv',
  'secretFileEnvPatterns', 'secretFilesReadByServiceUser', 'runtimeFileCaps', 'optionalCaps', 'needsInternetReason',
  'needsInternetWhenEnv', 'hasInit', 'longRunning', 'usesDockerSocket', 'defaultPasswords', 'ulimits', 'minMemoryNote',
]);
const ENTRY_KEYS = new Set([...FACT_KEYS, 'variants', 'tagMatch', 'notCoveredTags']);
const ENV = /^[A-Za-z_][A-Za-z0-9_]*$/; // gitea keeps app.ini section case: GITEA__database__PASSWD

const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isPath = (p: unknown) => typeof p === 'string' && /^\/[\w./-]*$/.test(p);
const prose = (e: KbEntry) => [e.runsAsUidNote ?? '', e.notes, ...(e.conditionalWritablePaths ?? []).map((c) => c.note)].join(' ');

function checkUser(where: string, user: unknown) {
  assert.type(user, 'string', where);
  assert.match(user as string, /^\d+:\d+$/, where);
}

test('data: every entry has the documented shape', () => {
  for (const e of kb) {
    const w = e.image;
    for (const k of Object.keys(e)) assert.ok(ENTRY_KEYS.has(k), `${w}: unknown field ${k}`);
    assert.ok(isStrings(e.aliases), w);
    assert.type(e.defaultUser, 'string', w);
    assert.ok(Number.isInteger(e.uid) && Number.isInteger(e.gid), w);
    for (const b of ['dropsPrivileges', 'runsAsUidDirectly'] as const) assert.type(e[b], 'boolean', `${w}: ${b}`);
    for (const c of [...e.rootCapsNeeded, ...(e.fileCaps ?? []), ...(e.runtimeFileCaps ?? []), ...Object.keys(e.optionalCaps ?? {})]) {
      assert.ok(CAPS.has(c), `${w}: capability ${c}`);
    }
    for (const p of [...e.writablePaths, ...e.dataPaths, ...(e.tmpfsExec ?? []), ...(e.serviceUserNeedsWritable ?? [])]) assert.ok(isPath(p), `${w}: path ${p}`);
    assert.ok(e.ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536), `${w}: ports`);
    for (const [k, v] of Object.entries(e.secretFileEnv)) {
      assert.ok(ENV.test(k) && v.startsWith(k) && v.endsWith('_FILE'), `${w}: secret ${k} -> ${v}`);
    }
    if (e.healthcheck !== null) {
      assert.ok(isStrings(e.healthcheck) && ['CMD', 'CMD-SHELL'].includes(e.healthcheck[0]), `${w}: healthcheck`);
    }
    if (e.minMemory !== null) assert.match(e.minMemory, /^\d+[mg]$/, `${w}: minMemory`);
    assert.ok(['datastore', 'app'].includes(e.kind), w);
    assert.ok(['verified-in-source', 'from-docs', 'inferred'].includes(e.confidence), w);
    assert.ok(isStrings(e.sources) && e.sources.length > 0, `${w}: sources`);
    assert.type(e.notes, 'string');
    if (e.serviceUser !== undefined) checkUser(`${w}: serviceUser`, e.serviceUser);
    for (const c of e.conditionalWritablePaths ?? []) {
      assert.ok(isPath(c.path) && typeof c.note === 'string' && c.note.length > 0, `${w}: conditional ${c.path}`);
      if (c.env) assert.ok(c.env.every((v) => ENV.test(v)), `${w}: conditional env`);
      if (c.onFailure) assert.ok(['exit', 'ignored'].includes(c.onFailure), `${w}: onFailure`);
      if (c.whenMounted) assert.ok(isPath(c.whenMounted), `${w}: whenMounted`);
    }
    for (const n of e.noTmpfs ?? []) assert.ok(isPath(n.path) && n.reason.length > 0, `${w}: noTmpfs ${n.path}`);
    for (const m of [e.serviceUserEnv, e.readOnlyEnv]) {
      if (m) assert.ok(Object.entries(m).every(([k, v]) => ENV.test(k) && typeof v === 'string'), `${w}: env map`);
    }
    for (const list of [e.refusedFileEnv, e.needsInternetWhenEnv]) if (list) assert.ok(list.every((v) => ENV.test(v)), w);
    for (const p of e.secretFileEnvPatterns ?? []) assert.ok(ENV.test(p.prefix) && p.suffix.endsWith('_FILE'), w);
    if (e.ulimits) assert.ok(Object.values(e.ulimits).every(Number.isInteger), w);
  }
});

test('data: every name parses, and the fast index key agrees with the full parser', () => {
  for (const e of kb) {
    for (const name of [e.image, ...e.aliases]) {
      const text = name.replace(/:[^/:]*\*[^/]*$/, ''); // tag globs name a family of tags
      const ref = parseImageRef(text);
      assert.ok(ref && !ref.digest, `${e.image}: alias ${name}`);
      assert.is(trustedNameKey(name).key, repoKey(ref), name);
      assert.is(trustedNameKey(name).tag, name === text ? ref.tag : undefined, name);
    }
  }
  // would throw on two entries claiming the same repository
  buildImageKnowledge(kb);
});

test('data: tag patterns compile and variants only touch known fields', () => {
  for (const e of kb) {
    for (const re of [e.tagMatch, e.notCoveredTags]) if (re !== undefined) new RegExp(re);
    for (const v of e.variants ?? []) {
      new RegExp(v.tag);
      assert.match(v.name, /^[a-z]+$/, `${e.image}: variant names are joined with '-' on lookup`);
      for (const k of [...Object.keys(v.set ?? {}), ...(v.unset ?? [])]) assert.ok(FACT_KEYS.has(k), `${e.image}/${v.name}: ${k}`);
      if (v.set?.serviceUser !== undefined) checkUser(`${e.image}/${v.name}`, v.set.serviceUser);
    }
  }
});

test('data: serviceUser is the one the fact sheet names for that variant', () => {
  for (const e of kb) {
    const users = [e.serviceUser, ...(e.variants ?? []).map((v) => v.set?.serviceUser)].filter((u): u is string => u !== undefined);
    for (const u of users) {
      const [uid, gid] = u.split(':');
      const text = prose(e);
      // non-root images: the image's own user; root starters: the uid the prose names.
      if (e.uid !== 0) assert.is(e.serviceUser, `${e.uid}:${e.gid}`, e.image);
      else assert.ok(text.includes(u) || (new RegExp(`\\b${uid}\\b`).test(text) && new RegExp(`\\b${gid}\\b`).test(text)), `${e.image}: ${u} not in its notes`);
    }
    if (e.serviceUser === undefined && !e.tagMatch) {
      // no service user: the sheet says a plain `user:` is not known to work out of the box
      assert.ok(!e.runsAsUidDirectly || e.uid === 0, `${e.image}: non-root image without serviceUser`);
    }
    if (e.needsRootGroup) assert.ok(e.serviceUser?.endsWith(':0'), `${e.image}: needsRootGroup keeps gid 0`);
    if (!e.runsAsUidDirectly) assert.is(e.serviceUser, undefined, `${e.image}: cannot start as its uid`);
  }
});

test('data: structured traps name what the prose names', () => {
  for (const e of kb) {
    const text = prose(e);
    for (const v of [
      ...Object.keys(e.serviceUserEnv ?? {}), ...Object.keys(e.readOnlyEnv ?? {}), ...(e.refusedFileEnv ?? []),
      ...(e.conditionalWritablePaths ?? []).flatMap((c) => c.env ?? []),
    ]) {
      assert.ok(text.includes(v), `${e.image}: ${v} is not mentioned in its notes`);
    }
    if (e.refusesFileSecrets) {
      assert.ok(e.refusedFileEnv?.length, e.image);
      assert.ok(e.refusedFileEnv!.every((v) => !Object.values(e.secretFileEnv).includes(v)), e.image);
    }
    if (e.fileCaps) assert.match(text, /\+ep/, `${e.image}: fileCaps without a file capability in its notes`);
    if (e.tmpfsExec) assert.match(text, /\bexec\b/, e.image);
    if (e.needsInternet || e.needsInternetWhenEnv) assert.ok(e.needsInternetReason, `${e.image}: say why it needs the internet`);
    for (const n of e.noTmpfs ?? []) {
      const tail = n.path.split('/').slice(-2).join('/');
      assert.ok(text.includes(n.path) || text.includes(tail), `${e.image}: noTmpfs ${n.path} not in its notes`);
    }
  }
});

test('data: known traps from the fact sheets are encoded', () => {
  const get = (image: string) => kb.find((e) => e.image === image)!;
  assert.is(get('rabbitmq').refusesFileSecrets, true);
  assert.equal(get('caddy').fileCaps, ['NET_BIND_SERVICE']);
  assert.equal(get('hashicorp/vault').readOnlyEnv, { SKIP_SETCAP: 'true' });
  assert.ok(get('nextcloud').conditionalWritablePaths?.some((c) => c.env?.includes('REDIS_HOST') && c.onFailure === 'exit'));
  assert.ok(get('apache/kafka').noTmpfs?.some((n) => n.path === '/tmp' && n.unlessEnv?.includes('KAFKA_LOG_DIRS')));
  assert.equal(get('telegraf').runtimeFileCaps, ['NET_RAW', 'NET_BIND_SERVICE']);
  assert.is(get('postgres').variants?.find((v) => v.name === 'alpine')?.set?.serviceUser, '70:70');
});

test.run();
