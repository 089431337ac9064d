// The docker-compose 1.29.2 rewrite of v1compat.ts, without an engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { parsePasswd } from './expect.ts';
import { rerooted, rewriteBaseYaml, shortPort, toComposeV1, type HostPath } from './v1compat.ts';

const PASSWD = parsePasswd('root:x:0:0::/:/bin/sh\n', 'root:x:0:\n');
const OPTS = { hostRoot: '/s/root', secretDir: '/p/.e2e-secrets', projectDir: '/p', passwd: PASSWD };

test('toComposeV1 drops name, moves pids, drops required and create_host_path', () => {
  const { doc } = toComposeV1({
    name: 'shop',
    services: {
      db: {
        deploy: { resources: { limits: { memory: '512m', pids: 200 } } },
        depends_on: { cache: { condition: 'service_started', required: true } },
        volumes: [{ type: 'bind', source: '/p/data', target: '/data', bind: { create_host_path: true } }],
      },
    },
  }, OPTS);
  assert.equal(doc, {
    services: {
      db: {
        deploy: { resources: { limits: { memory: '512m' } } },
        pids_limit: 200,
        depends_on: { cache: { condition: 'service_started' } },
        volumes: [{ type: 'bind', source: '/p/data', target: '/data' }],
      },
    },
  });
});

test('toComposeV1 rewrites host_ip ports and long devices in the short syntax', () => {
  const { doc } = toComposeV1({
    services: { a: { ports: [{ target: 9090, published: '9090', host_ip: '127.0.0.1', protocol: 'tcp' }, { target: 80, published: '80' }], devices: [{ source: '/dev/kmsg', target: '/dev/kmsg', permissions: 'rwm' }] } },
  }, OPTS);
  const a = (doc.services as Record<string, Record<string, unknown>>).a;
  assert.equal(a.ports, ['127.0.0.1:9090:9090/tcp', { target: 80, published: '80' }]);
  assert.equal(a.devices, ['/dev/kmsg:/dev/kmsg:rwm']);
  assert.is(shortPort({ target: 53, published: '53', host_ip: '::1', protocol: 'udp' }), '[::1]:53:53/udp');
});

test('toComposeV1 turns an environment secret into a file owned by the reading user, 0444', () => {
  const passwd = parsePasswd('root:x:0:0::/:/bin/sh\npg:x:70:70::/:/bin/sh\n', '');
  const v = toComposeV1({
    services: { db: { user: '70:70', secrets: [{ source: 'pw', target: '/run/secrets/pw' }] } },
    secrets: { pw: { environment: 'DB_PASSWORD', name: 'shop_pw' } },
  }, { ...OPTS, passwd });
  assert.equal(v.doc.secrets, { pw: { name: 'shop_pw', file: '/p/.e2e-secrets/pw' } });
  assert.equal(v.secretFiles, [{ path: '/p/.e2e-secrets/pw', variable: 'DB_PASSWORD', uid: 70, gid: 70, mode: 0o444 }]);
});

test('host paths are re-rooted; the project’s own files and named volumes are not', () => {
  const v = toComposeV1({
    services: {
      a: {
        volumes: [
          { type: 'bind', source: '/', target: '/host', read_only: true, bind: { propagation: 'rslave', create_host_path: true } },
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' },
          { type: 'bind', source: '/p/conf', target: '/conf' },
          { type: 'volume', source: 'data', target: '/data' },
        ],
      },
    },
  }, OPTS);
  const vols = (v.doc.services as Record<string, Record<string, unknown>>).a.volumes as Record<string, unknown>[];
  assert.equal(vols.map((x) => x.source), ['/s/root', '/s/root/var/run/docker.sock', '/p/conf', 'data']);
  assert.equal(vols[0].bind, { propagation: 'rslave' });
  assert.equal(v.hostPaths, [{ path: '/s/root', kind: 'dir' }, { path: '/s/root/var/run/docker.sock', kind: 'file' }]);
  assert.is(rerooted('/s/root', '/var/lib/docker/'), '/s/root/var/lib/docker');
});

test('rewriteBaseYaml drops name and re-roots short and long host binds, keeping the rest as written', () => {
  const text = [
    'name: shop # the project',
    'x-d: &d',
    '  restart: always',
    'services:',
    '  a:',
    '    <<: *d',
    '    image: x',
    '    volumes:',
    '      - /:/host:ro,rslave',
    '      - ./conf:/conf',
    '      - type: bind',
    '        source: /dev/disk',
    '        target: /dev/disk',
    '',
  ].join('\n');
  const hostPaths: HostPath[] = [];
  const out = rewriteBaseYaml(text, '/s/root', hostPaths);
  const doc = parse(out, { merge: true }) as Record<string, Record<string, Record<string, unknown>>>;
  assert.is((doc as Record<string, unknown>).name, undefined);
  assert.equal(doc.services.a.volumes, ['/s/root:/host:ro,rslave', './conf:/conf', { type: 'bind', source: '/s/root/dev/disk', target: '/dev/disk' }]);
  assert.is(doc.services.a.restart, 'always');
  assert.match(out, '<<: *d');
  assert.equal(hostPaths.map((h) => h.path), ['/s/root', '/s/root/dev/disk']);
});

test.run();
