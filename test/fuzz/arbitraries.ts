// Random Compose projects built from the shapes the schema allows: each attribute in its several
// spellings (short and long syntax, list and map, numbers and strings), references only to things that
// exist, no dependency cycles. Every generated project is meant to be valid; a test treats a refusal of one
// as a finding unless the refusal is located inside the input.
import fc from 'fast-check';
import { stringify } from 'yaml';

type Tree = Record<string, unknown>;

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}([._-][a-z0-9]{1,3})?$/);
const image = fc.constantFrom('nginx:1.27', 'postgres:16', 'redis:7-alpine', 'example/app:1.2.3', 'ghcr.io/acme/api@sha256:' + 'a'.repeat(64), 'busybox', 'node:20-slim', 'mysql:8');
const port = fc.integer({ min: 1, max: 65535 });
const envKey = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/);
const envValue = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9 ._:/-]{0,16}$/), fc.integer({ min: 0, max: 9999 }).map(String), fc.constantFrom('true', 'false', ''));
const duration = fc.oneof(
  fc.integer({ min: 1, max: 90 }).map((n) => `${n}s`),
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 59 })).map(([m, s]) => `${m}m${s}s`),
  fc.integer({ min: 100, max: 5000 }).map((n) => `${n}ms`),
  fc.constantFrom('1h', '1.5s', '30s'),
);
const sizeText = fc.tuple(fc.integer({ min: 8, max: 4096 }), fc.constantFrom('m', 'M', 'mb', 'MiB', 'k', 'g', 'G', 'gb')).map(([n, u]) => (u.toLowerCase().startsWith('g') ? `${Math.max(1, n % 8)}${u}` : `${n}${u}`));
/** Where the schema takes a number or a string (mem_limit, shm_size, tmpfs size); deploy limits take strings only. */
const size = fc.oneof(sizeText, fc.integer({ min: 8 * 1024 * 1024, max: 2 * 1024 ** 3 }));
const cap = fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'CHOWN', 'NET_BIND_SERVICE', 'SETUID', 'SETGID', 'ALL', 'SYS_PTRACE', 'DAC_OVERRIDE');
/** `$` would be interpolated and `__proto__` is refused as a key: keep extension data plain. */
function plain(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('$', '$$$$');
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '__proto__').map(([k, x]) => [k, plain(x)]));
  return v;
}
const ext = fc.dictionary(fc.stringMatching(/^x-[a-z]{1,6}$/), fc.jsonValue({ maxDepth: 2 }).map(plain), { maxKeys: 2 });

const portSpec = fc.oneof(
  port,
  port.map(String),
  fc.tuple(port, port).map(([h, c]) => `${h}:${c}`),
  fc.tuple(port, port, fc.constantFrom('tcp', 'udp')).map(([h, c, p]) => `127.0.0.1:${h}:${c}/${p}`),
  fc.record({ target: port, published: fc.oneof(port, port.map(String)), protocol: fc.constantFrom('tcp', 'udp') }, { requiredKeys: ['target'] }),
);

const environment = fc.oneof(
  fc.dictionary(envKey, fc.oneof(envValue, fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.constant(null)), { maxKeys: 5 }),
  fc.uniqueArray(fc.tuple(envKey, envValue), { maxLength: 5, selector: ([k]) => k }).map((l) => l.map(([k, v]) => `${k}=${v}`)),
);

const command = fc.oneof(fc.constantFrom('npm start', 'sh -c "echo hi && sleep 1"', './run --port 8080'), fc.array(fc.stringMatching(/^[a-z0-9=.-]{1,8}$/), { minLength: 1, maxLength: 4 }));

interface Ctx {
  networks: string[];
  volumes: string[];
  secrets: string[];
  earlier: string[];
}

function serviceArb(ctx: Ctx): fc.Arbitrary<Tree> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {
    ports: fc.array(portSpec, { maxLength: 3 }),
    expose: fc.array(fc.oneof(port, port.map(String)), { maxLength: 2 }),
    environment,
    command,
    entrypoint: fc.oneof(fc.constant(null), command),
    user: fc.constantFrom('1000', '1000:1000', 'root', '0', 'nobody', 'app'),
    read_only: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false')),
    privileged: fc.boolean(),
    init: fc.boolean(),
    cap_add: fc.uniqueArray(cap, { maxLength: 3 }),
    cap_drop: fc.uniqueArray(cap, { maxLength: 2 }),
    security_opt: fc.uniqueArray(fc.constantFrom('no-new-privileges:true', 'no-new-privileges', 'seccomp=unconfined', 'apparmor=unconfined', 'label=disable'), { maxLength: 2 }),
    restart: fc.constantFrom('always', 'unless-stopped', 'on-failure', 'on-failure:3', 'no'),
    healthcheck: fc.record({ test: fc.oneof(fc.constant(['CMD', 'true']), fc.constant('curl -f http://localhost/ || exit 1'), fc.constant(['NONE'])), interval: duration, timeout: duration, retries: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('3')), start_period: duration }, { requiredKeys: ['test'] }),
    stop_grace_period: duration,
    deploy: fc.record({ resources: fc.record({ limits: fc.record({ memory: sizeText, cpus: fc.oneof(fc.constantFrom('0.5', '1', '2.0'), fc.constantFrom(0.25, 1, 2)), pids: fc.integer({ min: 50, max: 500 }) }, { requiredKeys: [] }) }) }, { requiredKeys: [] }),
    legacy: fc.record({ mem_limit: size, cpus: fc.constantFrom(0.5, 1, 2), pids_limit: fc.integer({ min: 50, max: 500 }) }, { requiredKeys: ['mem_limit'] }),
    shm_size: size,
    tmpfs: fc.oneof(fc.constant('/tmp'), fc.array(fc.constantFrom('/run', '/tmp:size=64m', '/var/cache:mode=1777,size=10m'), { maxLength: 2 })),
    labels: fc.oneof(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 3 }), fc.array(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{0,5}$/), { maxLength: 3 })),
    ulimits: fc.record({ nofile: fc.oneof(fc.integer({ min: 1024, max: 65535 }), fc.record({ soft: fc.integer({ min: 1024, max: 4096 }), hard: fc.integer({ min: 4096, max: 65535 }) })) }),
    working_dir: fc.constantFrom('/app', '/srv/data'),
    network_mode: fc.constantFrom('host', 'bridge', 'none'),
    pid: fc.constantFrom('host'),
    volumes: fc.array(
      fc.oneof(
        fc.constantFrom('./data:/data', './conf:/etc/app:ro', '/var/run/docker.sock:/var/run/docker.sock', '/etc:/host/etc:ro', '/tmp/cache:/cache:rw'),
        ...(ctx.volumes.length ? [fc.tuple(fc.constantFrom(...ctx.volumes), fc.constantFrom('/v1', '/v2', '/var/lib/x')).map(([v, t]) => `${v}:${t}`)] : []),
        fc.record({ type: fc.constant('bind'), source: fc.constantFrom('./a', '/srv/b'), target: fc.constantFrom('/mnt/a', '/mnt/b'), read_only: fc.boolean() }),
        fc.record({ type: fc.constant('tmpfs'), target: fc.constantFrom('/scratch', '/work'), tmpfs: fc.record({ size: size }) }),
      ),
      { maxLength: 3 },
    ),
    'x-': ext,
  };
  if (ctx.networks.length) parts.networks = fc.oneof(fc.uniqueArray(fc.constantFrom(...ctx.networks), { minLength: 1 }), fc.uniqueArray(fc.constantFrom(...ctx.networks), { minLength: 1 }).map((l) => Object.fromEntries(l.map((n) => [n, null]))));
  if (ctx.secrets.length) parts.secrets = fc.uniqueArray(fc.constantFrom(...ctx.secrets), { minLength: 1 });
  if (ctx.earlier.length) parts.depends_on = fc.oneof(fc.uniqueArray(fc.constantFrom(...ctx.earlier), { minLength: 1 }), fc.uniqueArray(fc.constantFrom(...ctx.earlier), { minLength: 1 }).map((l) => Object.fromEntries(l.map((n) => [n, { condition: 'service_started' }]))));
  return fc.record({ image: fc.option(image, { nil: undefined, freq: 8 }), parts: fc.record(parts, { requiredKeys: [] }) }).map(({ image: img, parts: p }) => {
    const s: Tree = {};
    if (img) s.image = img;
    else s.build = { context: '.', args: { VERSION: '1' } };
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) continue;
      if (k === 'x-' || k === 'legacy') Object.assign(s, v as Tree);
      else s[k] = v;
    }
    // network_mode and networks cannot be combined; host/none modes cannot publish ports.
    if (s.network_mode) {
      delete s.networks;
      if (s.network_mode !== 'bridge') delete s.ports;
    }
    if (s.deploy && (s.mem_limit !== undefined || s.cpus !== undefined || s.pids_limit !== undefined)) delete s.deploy;
    return s;
  });
}

export interface GeneratedProject {
  text: string;
  tree: Tree;
}

/** A whole project: a few services over shared networks, volumes and secrets, plus `x-` extensions. */
export const projectArb: fc.Arbitrary<GeneratedProject> = fc
  .record({
    names: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
    networks: fc.uniqueArray(name, { maxLength: 2 }),
    volumes: fc.uniqueArray(name, { maxLength: 2 }),
    secrets: fc.uniqueArray(name, { maxLength: 2 }),
    top: ext,
    projectName: fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), { nil: undefined }),
  })
  .chain(({ names, networks, volumes, secrets, top, projectName }) => {
    const services = names.map((n, i) => serviceArb({ networks, volumes, secrets, earlier: names.slice(0, i) }).map((s) => [n, s] as const));
    return fc.tuple(...services).map((entries) => {
      const tree: Tree = {};
      if (projectName) tree.name = projectName;
      tree.services = Object.fromEntries(entries);
      if (networks.length) tree.networks = Object.fromEntries(networks.map((n) => [n, { driver: 'bridge' }]));
      if (volumes.length) tree.volumes = Object.fromEntries(volumes.map((n) => [n, {}]));
      if (secrets.length) tree.secrets = Object.fromEntries(secrets.map((n) => [n, { file: `./${n}.txt` }]));
      Object.assign(tree, top);
      return { tree, text: stringify(tree) };
    });
  });
