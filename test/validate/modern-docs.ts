// Small Compose documents using what the Compose Specification added after the 2021 schema
// (../shared/docs/compose-semantics.md §7), each with the verdict the current spec gives it.
// Shared by the agreement and message tests.

export interface ModernDoc {
  name: string;
  valid: boolean;
  doc: unknown;
}

const svc = (extra: Record<string, unknown>) => ({ services: { app: { image: 'nginx:1.27', ...extra } } });

export const MODERN_DOCS: ModernDoc[] = [
  // ---- top level
  { name: 'name', valid: true, doc: { name: 'shop', ...svc({}) } },
  { name: 'name not a string', valid: false, doc: { name: 5, ...svc({}) } },
  { name: 'include short form', valid: true, doc: { include: ['a/compose.yaml', 'b/compose.yaml'], ...svc({}) } },
  {
    name: 'include long form',
    valid: true,
    doc: { include: [{ path: ['a/compose.yaml', 'a/override.yaml'], project_directory: 'a', env_file: ['a/.env'] }, { path: 'b.yaml', env_file: 'b.env' }] },
  },
  { name: 'include entry of wrong type', valid: false, doc: { include: [5] } },
  { name: 'include unknown key', valid: false, doc: { include: [{ path: 'a.yaml', projectdir: 'a' }] } },
  { name: 'include not a list', valid: false, doc: { include: 'a.yaml' } },
  {
    name: 'models',
    valid: true,
    doc: { models: { llm: { model: 'ai/smollm2', name: 'small', context_size: 4096, runtime_flags: ['--no-prefill'] } }, ...svc({}) },
  },
  { name: 'model without model', valid: false, doc: { models: { llm: { name: 'x' } } } },
  { name: 'model unknown key', valid: false, doc: { models: { llm: { model: 'ai/x', size: 3 } } } },
  { name: 'model context_size as string', valid: false, doc: { models: { llm: { model: 'ai/x', context_size: '4096' } } } },
  { name: 'model extension key', valid: true, doc: { models: { llm: { model: 'ai/x', 'x-note': { any: 1 } } } } },

  // ---- new service keys
  { name: 'service models list', valid: true, doc: { ...svc({ models: ['llm'] }), models: { llm: { model: 'ai/x' } } } },
  { name: 'service models map', valid: true, doc: svc({ models: { llm: { endpoint_var: 'LLM_URL', model_var: 'LLM_MODEL' } } }) },
  { name: 'service models map unknown key', valid: false, doc: svc({ models: { llm: { url_var: 'X' } } }) },
  { name: 'annotations map', valid: true, doc: svc({ annotations: { 'com.example.team': 'web', n: 1 } }) },
  { name: 'annotations list', valid: true, doc: svc({ annotations: ['com.example.team=web'] }) },
  { name: 'annotations nested', valid: false, doc: svc({ annotations: { a: { b: 1 } } }) },
  { name: 'attach', valid: true, doc: svc({ attach: false }) },
  { name: 'attach as string', valid: true, doc: svc({ attach: 'false' }) },
  { name: 'attach as number', valid: false, doc: svc({ attach: 0 }) },
  { name: 'cgroup', valid: true, doc: svc({ cgroup: 'private' }) },
  { name: 'cgroup bad value', valid: false, doc: svc({ cgroup: 'shared' }) },
  { name: 'uts', valid: true, doc: svc({ uts: 'host' }) },
  {
    name: 'develop watch',
    valid: true,
    doc: svc({
      develop: {
        watch: [
          { action: 'sync', path: './src', target: '/app/src', ignore: ['node_modules/'], include: '*.js', initial_sync: true },
          { action: 'rebuild', path: 'package.json' },
          { action: 'sync+exec', path: './conf', target: '/etc/app', exec: { command: ['kill', '-HUP', '1'], user: 'root' } },
        ],
      },
    }),
  },
  { name: 'develop null', valid: true, doc: svc({ develop: null }) },
  { name: 'develop watch without action', valid: false, doc: svc({ develop: { watch: [{ path: '.' }] } }) },
  { name: 'develop watch bad action', valid: false, doc: svc({ develop: { watch: [{ path: '.', action: 'copy' }] } }) },
  { name: 'develop watch unknown key', valid: false, doc: svc({ develop: { watch: [{ path: '.', action: 'sync', dest: '/x' }] } }) },
  { name: 'gpus all', valid: true, doc: svc({ gpus: 'all' }) },
  {
    name: 'gpus list',
    valid: true,
    doc: svc({ gpus: [{ driver: 'nvidia', count: 2, capabilities: ['gpu'], device_ids: ['0', '1'], options: { a: 'b' } }] }),
  },
  // the spec puts additionalProperties on the list, so unknown keys inside a GPU request pass
  { name: 'gpus list item with unknown key', valid: true, doc: svc({ gpus: [{ driver: 'nvidia', vendor: 'x' }] }) },
  { name: 'gpus other string', valid: false, doc: svc({ gpus: 'some' }) },
  { name: 'gpus number', valid: false, doc: svc({ gpus: 1 }) },
  { name: 'label_file string', valid: true, doc: svc({ label_file: './app.labels' }) },
  { name: 'label_file list', valid: true, doc: svc({ label_file: ['a.labels', 'b.labels'] }) },
  { name: 'label_file number', valid: false, doc: svc({ label_file: 3 }) },
  {
    name: 'post_start and pre_stop hooks',
    valid: true,
    doc: svc({
      post_start: [{ command: 'chown -R app /data', user: 'root', privileged: true, working_dir: '/data', environment: { A: '1' } }],
      pre_stop: [{ command: ['./drain.sh'], environment: ['B=2'] }],
    }),
  },
  { name: 'hook without command', valid: false, doc: svc({ post_start: [{ user: 'root' }] }) },
  { name: 'hook unknown key', valid: false, doc: svc({ pre_stop: [{ command: 'x', timeout: 3 }] }) },
  { name: 'hook privileged as string', valid: true, doc: svc({ post_start: [{ command: 'x', privileged: 'true' }] }) },
  {
    name: 'provider',
    valid: true,
    doc: { services: { db: { provider: { type: 'awesomecloud', options: { type: 'mysql', size: 256, tls: true, zones: ['a', 'b', 1] } } } } },
  },
  { name: 'provider without type', valid: false, doc: { services: { db: { provider: { options: { size: 1 } } } } } },
  { name: 'provider option mapping', valid: false, doc: { services: { db: { provider: { type: 'x', options: { nested: { a: 1 } } } } } } },
  { name: 'pull_refresh_after', valid: true, doc: svc({ pull_refresh_after: '24h' }) },
  { name: 'use_api_socket', valid: true, doc: svc({ use_api_socket: true }) },
  { name: 'use_api_socket as string', valid: false, doc: svc({ use_api_socket: 'true' }) },

  // ---- build
  {
    name: 'build additions',
    valid: true,
    doc: svc({
      build: {
        context: '.',
        dockerfile_inline: 'FROM alpine\nRUN true\n',
        additional_contexts: { base: 'docker-image://alpine:3' },
        cache_to: ['type=local,dest=/tmp/cache'],
        no_cache: true,
        pull: 'true',
        ssh: ['default'],
        secrets: ['npmrc', { source: 'token', target: 'tok', mode: '0400' }],
        tags: ['registry/app:1'],
        platforms: ['linux/amd64', 'linux/arm64'],
        privileged: 'false',
        ulimits: { nofile: { soft: 1024, hard: 2048 } },
        entitlements: ['network.host'],
        provenance: 'mode=max',
        sbom: true,
        extra_hosts: { registry: ['10.0.0.1', '10.0.0.2'] },
      },
    }),
  },
  { name: 'build tags not a list', valid: false, doc: svc({ build: { context: '.', tags: 'app:1' } }) },
  { name: 'build unknown key', valid: false, doc: svc({ build: { context: '.', dockerfil: 'Dockerfile' } }) },
  { name: 'build ulimits bad name', valid: true, doc: svc({ build: { context: '.', ulimits: { NOFILE: 3 } } }) },

  // ---- changed service keys
  { name: 'depends_on restart and required', valid: true, doc: svc({ depends_on: { db: { condition: 'service_healthy', restart: true, required: false } } }) },
  { name: 'depends_on required as string', valid: false, doc: svc({ depends_on: { db: { condition: 'service_started', required: 'false' } } }) },
  { name: 'depends_on without condition', valid: false, doc: svc({ depends_on: { db: { restart: true } } }) },
  { name: 'deploy limits pids', valid: true, doc: svc({ deploy: { resources: { limits: { pids: 100, cpus: '0.5', memory: '256M' } } } }) },
  { name: 'deploy limits pids boolean', valid: false, doc: svc({ deploy: { resources: { limits: { pids: true } } } }) },
  { name: 'deploy replicas as string', valid: true, doc: svc({ deploy: { replicas: '3', restart_policy: { max_attempts: '5' } } }) },
  { name: 'device request without capabilities', valid: false, doc: svc({ deploy: { resources: { reservations: { devices: [{ driver: 'nvidia' }] } } } }) },
  { name: 'devices long form', valid: true, doc: svc({ devices: ['/dev/fuse', { source: '/dev/ttyUSB0', target: '/dev/ttyUSB0', permissions: 'rwm' }] }) },
  { name: 'devices long form without source', valid: false, doc: svc({ devices: [{ target: '/dev/x' }] }) },
  { name: 'devices may repeat', valid: true, doc: svc({ devices: ['/dev/fuse', '/dev/fuse'] }) },
  { name: 'env_file objects', valid: true, doc: svc({ env_file: ['.env', { path: './local.env', required: false }, { path: 'raw.env', format: 'raw', required: 'true' }] }) },
  { name: 'env_file object without path', valid: false, doc: svc({ env_file: [{ required: false }] }) },
  { name: 'env_file object unknown key', valid: false, doc: svc({ env_file: [{ path: 'a.env', optional: true }] }) },
  { name: 'healthcheck start_interval and strings', valid: true, doc: svc({ healthcheck: { test: ['CMD', 'true'], start_interval: '1s', start_period: '30s', retries: '3', disable: 'false' } }) },
  { name: 'healthcheck start_interval number', valid: false, doc: svc({ healthcheck: { start_interval: 5 } }) },
  {
    name: 'network attachment additions',
    valid: true,
    doc: svc({ networks: { front: { driver_opts: { 'com.docker.network.endpoint.ifname': 'eth1', mtu: 1400 }, gw_priority: 100, interface_name: 'eth1', mac_address: '02:42:ac:11:00:02', priority: 10 } } }),
  },
  { name: 'network attachment driver_opts nested', valid: false, doc: svc({ networks: { front: { driver_opts: { a: { b: 1 } } } } }) },
  { name: 'network attachment null', valid: true, doc: svc({ networks: { front: null } }) },
  {
    name: 'ports additions',
    valid: true,
    doc: svc({ ports: [{ name: 'web', target: '80', published: '8000-8010', protocol: 'tcp', app_protocol: 'http', host_ip: '127.0.0.1' }, '8443:443', 9000] }),
  },
  { name: 'ports short forms are not checked by the schema', valid: true, doc: svc({ ports: ['80:80:80:80', 'not a port'] }) },
  { name: 'ports object unknown key', valid: false, doc: svc({ ports: [{ target: 80, hostport: 8080 }] }) },
  { name: 'ports boolean', valid: false, doc: svc({ ports: [true] }) },
  { name: 'ports duplicate', valid: false, doc: svc({ ports: ['8080:80', '8080:80'] }) },
  {
    name: 'volume additions',
    valid: true,
    doc: svc({
      volumes: [
        { type: 'bind', source: '.', target: '/src', read_only: 'true', bind: { selinux: 'z', recursive: 'readonly', create_host_path: 'true' } },
        { type: 'volume', source: 'data', target: '/data', volume: { subpath: 'sub', nocopy: 'true', labels: { a: 'b' } } },
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '1777' } },
        { type: 'image', source: 'alpine:3', target: '/img', image: { subpath: 'etc' } },
        { type: 'npipe', source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' },
        { type: 'cluster', source: 'vol', target: '/c' },
      ],
    }),
  },
  { name: 'volume type not in enum', valid: false, doc: svc({ volumes: [{ type: 'nfs', source: 'a', target: '/a' }] }) },
  { name: 'volume bind selinux bad', valid: false, doc: svc({ volumes: [{ type: 'bind', source: '.', target: '/a', bind: { selinux: 'x' } }] }) },
  { name: 'volume image unknown key', valid: false, doc: svc({ volumes: [{ type: 'image', source: 'a', target: '/a', image: { path: 'x' } }] }) },
  {
    name: 'string-accepting booleans',
    valid: true,
    doc: svc({ privileged: 'false', read_only: 'true', init: 'true', tty: 'false', stdin_open: 'false', oom_kill_disable: 'false' }),
  },
  { name: 'boolean as number', valid: false, doc: svc({ read_only: 1 }) },
  {
    name: 'string-accepting numbers',
    valid: true,
    doc: svc({ scale: '2', cpu_count: '2', cpu_percent: '50', oom_score_adj: '-500', mem_swappiness: '10', blkio_config: { weight: '300', weight_device: [{ path: '/dev/sda', weight: '200' }] }, ulimits: { nproc: '65535', nofile: { soft: '1024', hard: '2048' } } }),
  },
  { name: 'cpu_percent above 100', valid: false, doc: svc({ cpu_percent: 150 }) },
  { name: 'oom_score_adj below -1000', valid: false, doc: svc({ oom_score_adj: -2000 }) },
  { name: 'ulimits without hard', valid: false, doc: svc({ ulimits: { nofile: { soft: 1 } } }) },
  { name: 'secret and config mode as string', valid: true, doc: { ...svc({ secrets: [{ source: 's', mode: '0400' }], configs: [{ source: 'c', mode: '0444' }] }), secrets: { s: { file: './s' } }, configs: { c: { file: './c' } } } },
  { name: 'command and entrypoint null', valid: true, doc: svc({ command: null, entrypoint: null }) },
  { name: 'command number', valid: false, doc: svc({ command: 5 }) },
  { name: 'extra_hosts with several addresses', valid: true, doc: svc({ extra_hosts: { db: ['10.0.0.2', '::1'], cache: '10.0.0.3' } }) },
  { name: 'extra_hosts nested mapping', valid: false, doc: svc({ extra_hosts: { db: { ip: '10.0.0.2' } } }) },
  { name: 'pull_policy newer values', valid: true, doc: { services: { a: { image: 'a', pull_policy: 'daily' }, b: { image: 'b', pull_policy: 'every_12h' }, c: { image: 'c', pull_policy: 'refresh' } } } },
  { name: 'pull_policy unknown', valid: false, doc: svc({ pull_policy: 'sometimes' }) },
  { name: 'container_name', valid: true, doc: svc({ container_name: 'shop-web.1' }) },
  { name: 'container_name with no valid run', valid: false, doc: svc({ container_name: '-' }) },
  { name: 'expose ranges and durations are no longer formats', valid: true, doc: svc({ expose: ['8000-8010/tcp', 3000], stop_grace_period: '1m30s', healthcheck: { interval: 'soon' } }) },

  // ---- top-level resources
  { name: 'networks enable_ipv4 and string booleans', valid: true, doc: { ...svc({}), networks: { front: { enable_ipv4: 'false', enable_ipv6: 'true', internal: 'true', attachable: 'true' }, ext: { external: 'true' } } } },
  { name: 'networks enable_ipv4 number', valid: false, doc: { networks: { front: { enable_ipv4: 1 } } } },
  { name: 'configs content and environment', valid: true, doc: { configs: { a: { content: 'debug=1\n' }, b: { environment: 'APP_CONF' }, c: { external: 'true' } } } },
  { name: 'configs content not a string', valid: false, doc: { configs: { a: { content: 5 } } } },
  { name: 'secrets environment', valid: true, doc: { secrets: { token: { environment: 'TOKEN' } } } },
  { name: 'secrets environment list', valid: false, doc: { secrets: { token: { environment: ['TOKEN'] } } } },
  { name: 'volumes external as string', valid: true, doc: { volumes: { data: { external: 'true' } } } },

  // ---- general structure
  { name: 'unknown top-level key', valid: false, doc: { service: {} } },
  { name: 'unknown service key', valid: false, doc: svc({ imgae: 'x' }) },
  { name: 'extension keys everywhere', valid: true, doc: { 'x-common': { a: 1 }, services: { app: { image: 'a', 'x-meta': 1, build: { context: '.', 'x-b': 1 } } } } },
  { name: 'bad service name', valid: false, doc: { services: { 'my app': { image: 'a' } } } },
  { name: 'not a mapping', valid: false, doc: ['services'] },
];
