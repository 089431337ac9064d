// Synthetic Compose projects for the benchmark: deterministic for a seed, and written the way real
// files are (short and long syntax side by side, anchors and merge keys, interpolation, env files),
// so the loader's slow paths for each syntax are exercised at scale rather than one uniform shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: tiny, fast and good enough to vary shapes; Math.random would break determinism. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['nginx:1.27-alpine', 'postgres:16', 'redis:7.4', 'node:20-slim', 'python:3.12-slim', 'grafana/grafana:11.2.0', 'busybox:1.36', 'traefik:v3.1'];
const RESTARTS = ['unless-stopped', 'always', 'on-failure:3', 'no'];
// Chains stay short: real projects have a few levels of depends_on, not thousands.
const CHAIN = 6;

const q = (s) => JSON.stringify(s); // a double-quoted YAML scalar is a JSON string
/**
 * Services per compose file. The loader refuses files over 1 MB (about 1,300 services here), so big
 * projects are split the way big real ones are: several files given with `-f`, merged in order.
 */
export const SERVICES_PER_FILE = 500;

// Anchors belong to one YAML file, so every part carries its own.
const ANCHORS = [
  'x-logging: &logging',
  '  driver: json-file',
  '  options:',
  '    max-size: "10m"',
  '    max-file: "3"',
  '',
  'x-common: &common',
  '  restart: unless-stopped',
  '  logging: *logging',
  '  labels:',
  '    com.example.team: platform',
  '',
];

/** Name of the compose file holding part `k` (0-based) of a project. */
const partName = (k) => (k === 0 ? 'compose.yaml' : `compose.part-${String(k + 1).padStart(2, '0')}.yaml`);

/**
 * Files of a project with `n` services, keyed by path relative to the project directory.
 * `compose.yaml` is the main file, followed (past SERVICES_PER_FILE services) by `compose.part-NN.yaml`
 * files in order (see composeFiles); `.env` feeds interpolation and `env/common.env` the env_files.
 * `anchors: false` leaves out the `<<: *common` merge keys (one alias per service in 40% of them),
 * to tell alias-resolution costs apart from the rest when profiling.
 */
export function generateProject(n, { seed = 1, anchors = true } = {}) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`service count must be a positive integer, not ${n}`);
  const r = rng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const nets = Math.max(2, Math.min(16, Math.ceil(n / 50)));
  const name = (i) => `svc-${String(i).padStart(4, '0')}`;
  const healthy = new Set();
  const parts = [];
  let out = [];
  for (let i = 0; i < n; i++) {
    if (i % SERVICES_PER_FILE === 0) {
      out = i === 0 ? ['name: bench', ''] : [];
      out.push(...ANCHORS, 'services:');
      parts.push(out);
    }
    const s = name(i);
    const net = (k) => `net-${k % nets}`;
    out.push(`  ${s}:`);
    const style = r();
    if (style < 0.4 && anchors) out.push('    <<: *common');
    else out.push(`    restart: ${pick(RESTARTS)}`);
    const image = pick(IMAGES);
    if (r() < 0.3) out.push(`    image: \${REGISTRY:-docker.io}/${image.split(':')[0]}:\${TAG_${i % 7}:-${image.split(':')[1] ?? 'latest'}}`);
    else out.push(`    image: ${image}`);
    out.push(`    container_name: bench-${s}`);
    if (r() < 0.5) out.push(`    command: ["/bin/sh", "-c", ${q(`exec app --port ${8000 + (i % 1000)}`)}]`);
    else out.push(`    command: app --port ${8000 + (i % 1000)} --name ${s}`);

    // Ports: short strings of every shape, and the long form.
    out.push('    ports:');
    const port = 10000 + i * 2;
    const pk = r();
    if (pk < 0.25) out.push(`      - "${port}:80"`);
    else if (pk < 0.45) out.push(`      - "127.0.0.1:${port}:8080/tcp"`);
    else if (pk < 0.6) out.push(`      - ${port}`, `      - "${port + 1}:53/udp"`);
    else if (pk < 0.7) out.push(`      - "\${BIND_ADDR:-0.0.0.0}:${port}:443"`);
    else {
      out.push('      - target: 80', `        published: "${port}"`, '        protocol: tcp', '        mode: host');
      if (r() < 0.5) out.push('      - target: 9090', '        host_ip: 127.0.0.1');
    }

    // Volumes: named, bind (relative and absolute), read-only, tmpfs, long form.
    out.push('    volumes:');
    const vk = r();
    if (vk < 0.3) out.push(`      - data-${i % 25}:/var/lib/data`, `      - ./conf/${s}:/etc/app:ro`);
    else if (vk < 0.5) out.push(`      - /srv/bench/${s}:/srv:rw`, '      - /var/log');
    else if (vk < 0.75) {
      out.push('      - type: volume', `        source: data-${i % 25}`, '        target: /data', '        volume:', '          nocopy: true');
      out.push('      - type: bind', `        source: ./conf/${s}.yml`, '        target: /etc/app.yml', '        read_only: true');
    } else out.push('      - type: tmpfs', '        target: /tmp', '        tmpfs:', '          size: 65536', `      - cache-${i % 10}:/cache`);

    // Environment: list and map forms, interpolation, bare names taken from the environment.
    const ek = r();
    if (ek < 0.45) {
      out.push('    environment:', `      - APP_NAME=${s}`, `      - APP_PORT=${8000 + (i % 1000)}`, '      - LOG_LEVEL=${LOG_LEVEL:-info}', '      - HOME');
    } else {
      out.push('    environment:', `      APP_NAME: ${s}`, `      APP_INDEX: ${i}`, '      DEBUG: "false"', '      DATABASE_URL: postgres://app:${DB_PASSWORD:?set it in .env}@db:5432/app');
    }
    if (r() < 0.3) out.push('    env_file:', '      - path: ./env/common.env', '        required: false');
    else if (r() < 0.3) out.push('    env_file: ./env/common.env');

    // depends_on: a chain through the previous services of the same group, list or map form.
    const pos = i % CHAIN;
    if (pos > 0) {
      const deps = [name(i - 1)];
      if (pos > 2 && r() < 0.5) deps.push(name(i - 3));
      if (r() < 0.5) {
        out.push('    depends_on:');
        for (const d of deps) out.push(`      - ${d}`);
      } else {
        out.push('    depends_on:');
        for (const d of deps) {
          out.push(`      ${d}:`, `        condition: ${healthy.has(d) ? 'service_healthy' : 'service_started'}`);
          if (r() < 0.3) out.push('        restart: true');
        }
      }
    }

    // Networks: list form or map form with aliases and static settings.
    if (r() < 0.5) out.push('    networks:', `      - ${net(i)}`, `      - ${net(i + 1)}`);
    // A second network other than the first: three networks on from it is the first again when there are three (or six...).
    else out.push('    networks:', `      ${net(i)}:`, '        aliases:', `          - ${s}.internal`, `      ${net(i + (nets % 3 === 0 ? 1 : 3))}: {}`);

    if (r() < 0.5) {
      healthy.add(s);
      out.push('    healthcheck:', '      test: ["CMD-SHELL", "wget -qO- http://localhost/health || exit 1"]', '      interval: 30s', '      timeout: 5s', '      retries: 3', '      start_period: 10s');
    }
    if (r() < 0.3) out.push('    deploy:', '      resources:', '        limits:', `          cpus: "0.${1 + (i % 9)}"`, '          memory: 256M');
    if (r() < 0.25) out.push('    read_only: true', '    security_opt:', '      - no-new-privileges:true', '    cap_drop: [ALL]');
    if (r() < 0.15) out.push('    user: "1000:1000"');
    if (r() < 0.1) out.push('    ulimits:', '      nofile:', '        soft: 20000', '        hard: 40000');
    if (r() < 0.2) out.push(`    labels: ["traefik.http.routers.${s}.rule=Host(\`${s}.example.test\`)"]`);
  }

  // Networks and volumes are declared once, in the main file; the merged project sees them all.
  out = parts[0];
  out.push('');
  out.push('networks:');
  for (let k = 0; k < nets; k++) {
    if (k === 0) out.push('  net-0:', '    driver: bridge');
    else if (k === 1) out.push('  net-1:', '    internal: true');
    else out.push(`  net-${k}:`, '    ipam:', '      config:', `        - subnet: 10.${k}.0.0/16`);
  }
  out.push('');
  out.push('volumes:');
  for (let k = 0; k < Math.min(25, n); k++) out.push(`  data-${k}:`);
  for (let k = 0; k < Math.min(10, n); k++) out.push(`  cache-${k}:`, '    labels:', '      purpose: cache');
  out.push('');

  const files = Object.fromEntries(parts.map((lines, k) => [partName(k), `${lines.join('\n')}\n`]));
  return {
    ...files,
    '.env': ['TAG_0=1.27-alpine', 'LOG_LEVEL=warn', 'DB_PASSWORD=bench-only-placeholder', ''].join('\n'),
    'env/common.env': ['TZ=UTC', 'LANG=C.UTF-8', ''].join('\n'),
  };
}

/** Compose files of an `n`-service project, relative to its directory, in `-f` order. */
export function composeFiles(n) {
  return Array.from({ length: Math.max(1, Math.ceil(n / SERVICES_PER_FILE)) }, (_, k) => partName(k));
}

/** Write a generated project under `dir`; returns the absolute paths of its compose files, in `-f` order. */
export function writeProject(dir, n, opts = {}) {
  const files = generateProject(n, opts);
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return composeFiles(n).map((f) => join(dir, f));
}
