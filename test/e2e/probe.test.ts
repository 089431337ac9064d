// The parsing half of probe.ts, which needs no engine (runs with the unit tests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  capsFromHex, mountsDockerSocket, parseCgroupLimit, parseProcStatus, publishedPorts,
  type ContainerInfo,
} from './probe.ts';

test('capsFromHex names Docker’s default capability mask', () => {
  assert.equal(capsFromHex('00000000a80425fb'), [
    'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
    'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
  ]);
});

test('capsFromHex: empty, single bits, highest known bit, unknown bits', () => {
  assert.equal(capsFromHex('0000000000000000'), []);
  assert.equal(capsFromHex('00000000000000c1'), ['CHOWN', 'SETGID', 'SETUID']);
  assert.equal(capsFromHex('0000010000000000'), ['CHECKPOINT_RESTORE']);
  assert.equal(capsFromHex('0000020000000004'), ['CAP_41', 'DAC_READ_SEARCH']);
});

test('capsFromHex rejects what is not a mask', () => {
  assert.throws(() => capsFromHex(''), /not a capability mask/);
  assert.throws(() => capsFromHex('0x1f'), /not a capability mask/);
  assert.throws(() => capsFromHex('12345678901234567'), /not a capability mask/);
});

const STATUS = `Name:\tsleep
Umask:\t0022
State:\tS (sleeping)
Pid:\t1
Uid:\t999\t999\t999\t999
Gid:\t999\t998\t999\t999
Groups:\t999
CapInh:\t0000000000000000
CapPrm:\t0000000000000000
CapEff:\t0000000000000000
CapBnd:\t00000000000000c1
CapAmb:\t0000000000000000
NoNewPrivs:\t1
Seccomp:\t0
`;

test('parseProcStatus reads ids, capability sets and NoNewPrivs', () => {
  assert.equal(parseProcStatus(STATUS), {
    uid: [999, 999, 999, 999],
    gid: [999, 998, 999, 999],
    capEff: [],
    capPrm: [],
    capBnd: ['CHOWN', 'SETGID', 'SETUID'],
    capAmb: [],
    noNewPrivs: true,
  });
  assert.is(parseProcStatus(STATUS.replace('NoNewPrivs:\t1', 'NoNewPrivs:\t0')).noNewPrivs, false);
});

test('parseProcStatus fails loudly on a truncated status', () => {
  assert.throws(() => parseProcStatus(STATUS.replace(/^CapBnd.*\n/m, '')), /no CapBnd line/);
  assert.throws(() => parseProcStatus(STATUS.replace(/^NoNewPrivs.*\n/m, '')), /NoNewPrivs/);
  assert.throws(() => parseProcStatus(STATUS.replace(/^Uid.*\n/m, '')), /bad Uid line/);
});

test('parseCgroupLimit: v2 "max" and v1 page-aligned LONG_MAX mean unlimited', () => {
  assert.is(parseCgroupLimit('max\n'), null);
  assert.is(parseCgroupLimit('9223372036854771712\n'), null);
  assert.is(parseCgroupLimit('67108864\n'), 67108864);
  assert.is(parseCgroupLimit('50'), 50);
  assert.throws(() => parseCgroupLimit('-1'), /not a cgroup limit/);
});

function info(partial: { Mounts?: ContainerInfo['Mounts']; Ports?: ContainerInfo['NetworkSettings']['Ports'] }): ContainerInfo {
  return {
    Mounts: partial.Mounts ?? [],
    NetworkSettings: { Ports: partial.Ports ?? null, Networks: {} },
  } as unknown as ContainerInfo;
}

test('mountsDockerSocket spots the socket by source or destination', () => {
  const bind = (Source: string, Destination: string) => ({ Type: 'bind', Source, Destination, RW: false });
  assert.is(mountsDockerSocket(info({ Mounts: [bind('/var/run/docker.sock', '/var/run/docker.sock')] })), true);
  assert.is(mountsDockerSocket(info({ Mounts: [bind('/tmp/e/docker.sock', '/sock')] })), true);
  assert.is(mountsDockerSocket(info({ Mounts: [bind('/srv/data', '/run/docker.sock')] })), true);
  assert.is(mountsDockerSocket(info({ Mounts: [bind('/srv/docker.socket.d', '/etc/x'), bind('/a', '/b')] })), false);
});

test('publishedPorts flattens bindings and skips exposed-only ports', () => {
  const ports = publishedPorts(info({
    Ports: {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }],
      '9000/tcp': null,
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }, { HostIp: '::1', HostPort: '5353' }],
    },
  }));
  assert.equal(ports, [
    { containerPort: '8080/tcp', hostIp: '127.0.0.1', hostPort: '32768' },
    { containerPort: '53/udp', hostIp: '127.0.0.1', hostPort: '5353' },
    { containerPort: '53/udp', hostIp: '::1', hostPort: '5353' },
  ]);
});

test.run();
