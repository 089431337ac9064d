// The expectation rules of the examples suite (expect.ts), without an engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bytesOf, DOCKER_DEFAULT_CAPS, environmentOf, expectedCaps, expectedIds, internalByName, memoryLimit, movedToFile,
  networksOf, noNewPrivileges, parsePasswd, pidsLimit, plansDockerSocket, publishedPortsOf, secretMounts, tmpfsPaths,
} from './expect.ts';

const IMAGE = parsePasswd('root:x:0:0::/root:/bin/sh\npostgres:x:999:999::/:/bin/sh\n', 'root:x:0:\npostgres:x:999:\nstaff:x:50:\n');
const ALL = [...DOCKER_DEFAULT_CAPS, 'NET_ADMIN', 'SYS_ADMIN'].sort();

test('bytesOf: compose units are powers of 1024; numbers are bytes', () => {
  assert.is(bytesOf('512m'), 512 * 1024 ** 2);
  assert.is(bytesOf('1g'), 1024 ** 3);
  assert.is(bytesOf('64kb'), 64 * 1024);
  assert.is(bytesOf('1.5g'), 1.5 * 1024 ** 3);
  assert.is(bytesOf(1000), 1000);
  assert.is(bytesOf(undefined), undefined);
  assert.throws(() => bytesOf('lots'), /not a byte size/);
});

test('limits: deploy first, then the service-level keys; unlimited is null', () => {
  assert.is(memoryLimit({ deploy: { resources: { limits: { memory: '512m' } } }, mem_limit: '1g' }), 512 * 1024 ** 2);
  assert.is(memoryLimit({ mem_limit: '32m' }), 32 * 1024 ** 2);
  assert.is(memoryLimit({}), null);
  assert.is(pidsLimit({ deploy: { resources: { limits: { pids: 200 } } } }), 200);
  assert.is(pidsLimit({ pids_limit: 50 }), 50);
  assert.is(pidsLimit({ pids_limit: -1 }), null);
});

test('expectedIds resolves user: the way runc does against the image', () => {
  assert.equal(expectedIds({ user: '70:70' }, IMAGE), [70, 70]);
  assert.equal(expectedIds({ user: '999' }, IMAGE), [999, 999]);
  assert.equal(expectedIds({ user: '1234' }, IMAGE), [1234, 0]);
  assert.equal(expectedIds({ user: 'postgres:staff' }, IMAGE), [999, 50]);
  assert.equal(expectedIds({}, IMAGE), [0, 0]);
  assert.throws(() => expectedIds({ user: 'nobody' }, IMAGE), /not in the image/);
});

test('expectedCaps: bounding from drop/add, effective only for uid 0, privileged gets all', () => {
  const hardened = { cap_drop: ['ALL'], cap_add: ['CAP_CHOWN', 'setuid'] };
  assert.equal(expectedCaps(hardened, 0, ALL), { bounding: ['CHOWN', 'SETUID'], effective: ['CHOWN', 'SETUID'] });
  assert.equal(expectedCaps(hardened, 999, ALL), { bounding: ['CHOWN', 'SETUID'], effective: [] });
  assert.equal(expectedCaps({ cap_drop: ['ALL'] }, 0, ALL), { bounding: [], effective: [] });
  const partial = expectedCaps({ cap_drop: ['NET_RAW'], cap_add: ['NET_ADMIN'] }, 0, ALL);
  assert.ok(partial.bounding.includes('NET_ADMIN') && !partial.bounding.includes('NET_RAW'));
  assert.is(partial.bounding.length, DOCKER_DEFAULT_CAPS.length);
  assert.equal(expectedCaps({ privileged: true, cap_drop: ['ALL'] }, 0, ALL).bounding, ALL);
});

test('noNewPrivileges accepts both spellings and nothing else', () => {
  assert.ok(noNewPrivileges({ security_opt: ['no-new-privileges:true'] }));
  assert.ok(noNewPrivileges({ security_opt: ['no-new-privileges'] }));
  assert.not.ok(noNewPrivileges({ security_opt: ['no-new-privileges:false'] }));
  assert.not.ok(noNewPrivileges({}));
});

test('tmpfsPaths from tmpfs (string or list) and tmpfs volumes', () => {
  assert.equal(tmpfsPaths({ tmpfs: ['/tmp:size=64m,mode=1777', '/run'], volumes: [{ type: 'tmpfs', target: '/cache' }] }), ['/tmp', '/run', '/cache']);
  assert.equal(tmpfsPaths({ tmpfs: '/tmp' }), ['/tmp']);
});

test('secretMounts default to /run/secrets/<source>; relative targets go there too', () => {
  assert.equal(secretMounts({ secrets: ['a', { source: 'b', target: '/etc/b' }, { source: 'c', target: 'cc' }] }), [
    { source: 'a', target: '/run/secrets/a' },
    { source: 'b', target: '/etc/b' },
    { source: 'c', target: '/run/secrets/cc' },
  ]);
});

test('environmentOf reads both forms; movedToFile finds NAME replaced by NAME_FILE', () => {
  assert.equal(environmentOf({ environment: ['A=1', 'B', 'C=x=y'] }), { A: '1', B: null, C: 'x=y' });
  const before = { environment: { POSTGRES_PASSWORD: 'x', POSTGRES_USER: 'u', OTHER_FILE: '/f' } };
  const after = { environment: { POSTGRES_PASSWORD_FILE: '/run/secrets/p', POSTGRES_USER: 'u', OTHER_FILE: '/f' } };
  assert.equal(movedToFile(before, after), [['POSTGRES_PASSWORD', '/run/secrets/p']]);
  assert.equal(movedToFile(before, before), []);
});

test('publishedPortsOf: one entry per published port, unset host_ip is 0.0.0.0, unpublished skipped', () => {
  const svc = { ports: [{ target: 80, published: '8080', protocol: 'tcp' }, { target: 53, published: '53', protocol: 'udp', host_ip: '127.0.0.1' }, { target: 9000 }] };
  assert.equal(publishedPortsOf(svc), [
    { key: '53/udp', hostIp: '127.0.0.1', hostPort: '53' },
    { key: '80/tcp', hostIp: '0.0.0.0', hostPort: '8080' },
  ]);
});

test('networksOf and internalByName use explicit names, else <project>_<key>', () => {
  const project = { networks: { back: { name: 'shop_back', internal: true }, front: {} } };
  assert.equal(networksOf({ networks: { back: null, front: null } }, project, 'p'), { names: ['p_front', 'shop_back'] });
  assert.equal(networksOf({}, project, 'p'), { names: ['p_default'] });
  assert.equal(networksOf({ network_mode: 'none' }, project, 'p'), { mode: 'none', names: [] });
  assert.equal([...internalByName(project, 'p')], [['shop_back', true], ['p_front', false]]);
});

test('plansDockerSocket sees either side of short and long volumes', () => {
  assert.ok(plansDockerSocket({ volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'] }));
  assert.ok(plansDockerSocket({ volumes: [{ type: 'bind', source: '/x/docker.sock', target: '/s' }] }));
  assert.not.ok(plansDockerSocket({ volumes: ['data:/var/lib/data', { type: 'bind', source: '/srv', target: '/srv' }] }));
});

test.run();
