// engineSocket settles most paths by a substring test before any pattern runs; it must answer exactly as
// testing every pattern does (the definition it replaced, kept here as the reference).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { engineSocket, SOCKET_DIRS, SOCKETS } from '../../src/rules/ch601-engine-socket.ts';
import { cleanPath } from '../../src/rules/mounts.ts';

function reference(hostPath: string): 'socket' | 'directory' | undefined {
  const p = hostPath.startsWith('\\\\') ? hostPath : cleanPath(hostPath);
  if (SOCKETS.some((r) => r.test(p))) return 'socket';
  if (SOCKET_DIRS.some((r) => r.test(p))) return 'directory';
  return undefined;
}

const words = ['run', 'var', 'ru', 'n', 'docker.sock', 'docker', 'containerd', 'containerd.sock', 'crio', 'podman', 'podman.sock', 'dockershim.sock', 'k3s', 'systemd', 'private', 'user', '1000', '.docker', '..', '.', '~', '\\\\', '\\', 'pipe', 'docker_engine', 'PIPE', 'RUN'];

test('every pattern but the Windows pipe needs "run" in the path, which the shortcut relies on', () => {
  for (const r of [...SOCKETS, ...SOCKET_DIRS]) assert.ok(r.source.includes('run') || r.source.includes('pipe'), r.source);
  assert.is([...SOCKETS, ...SOCKET_DIRS].filter((r) => !r.source.includes('run')).length, 1);
});

test('engineSocket answers as every pattern did, on listed and generated paths', () => {
  const listed = ['/var/run/docker.sock', '/run/docker.sock', '/var/run', '/run', '/var//run/./docker.sock', '/x/../run/docker.sock', '\\\\.\\pipe\\docker_engine', '\\\\.\\PIPE\\Docker_Engine', '/home/a/.docker/run/docker.sock', '/run/user/1000/podman/podman.sock', '/run/k3s', '/var/ru/./n/docker.sock', 'run', ''];
  for (const p of listed) assert.is(engineSocket(p), reference(p), p);
  const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom('/', '//', '/./', '/../'), fc.string({ maxLength: 3 }));
  fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (parts) => engineSocket(parts.join('')) === reference(parts.join(''))), { numRuns: 30000 });
});

test('the generated paths reach every answer', () => {
  const seen = new Set<string | undefined>();
  const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom('/', '//', '/./', '/../'));
  fc.assert(fc.property(fc.array(piece, { maxLength: 6 }), (parts) => void seen.add(reference('/' + parts.join('/')))), { numRuns: 30000 });
  assert.equal([...seen].sort(), ['directory', 'socket', undefined].sort());
});

test.run();
