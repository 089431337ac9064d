import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { imageView } from './image.ts';
import { cleanPath, mounts } from './mounts.ts';
import { truthy } from './normalize.ts';

export const SOCKETS = [
  /^\/(var\/)?run\/docker\.sock$/,
  /^\/(var\/)?run\/containerd\/containerd\.sock$/,
  /^\/(var\/)?run\/crio\/crio\.sock$/,
  /^\/(var\/)?run\/podman\/podman\.sock$/,
  /^\/(var\/)?run\/dockershim\.sock$/,
  /^\/run\/k3s\/containerd\/containerd\.sock$/,
  /^\/run\/systemd\/private$/,
  /^\/run\/user\/\d+\/(docker\.sock|podman\/podman\.sock)$/,
  /\/\.docker\/run\/docker\.sock$/, // Docker Desktop and rootless setups under a home directory
  /^\\\\\.\\pipe\\docker_engine$/i, // Windows named pipe
];
/** Directories whose mount hands over the socket inside them. */
export const SOCKET_DIRS = [
  /^\/(var\/)?run$/,
  /^\/(var\/)?run\/(containerd|crio|podman|docker|systemd)$/,
  /^\/run\/k3s(\/containerd)?$/,
  /^\/run\/user\/\d+(\/podman|\/docker)?$/,
  /\/\.docker\/run$/,
];

/** What kind of engine endpoint this host path is, or undefined. */
export function engineSocket(hostPath: string): 'socket' | 'directory' | undefined {
  const pipe = hostPath.startsWith('\\\\');
  // Every pattern but the Windows pipe has "run" in it: most paths are settled without compiling fifteen of them.
  if (!pipe && !hostPath.includes('run')) return undefined;
  const p = pipe ? hostPath : cleanPath(hostPath);
  if (SOCKETS.some((r) => r.test(p))) return 'socket';
  if (SOCKET_DIRS.some((r) => r.test(p))) return 'directory';
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'CH601',
    title: 'Container engine socket mounted',
    severity: 'critical',
    fix: 'report',
    refs: ['CIS 5.32', 'OWASP #1', 'KICS d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b', 'PSS-B HostPath Volumes', 'semgrep exposing-docker-socket-volume', 'compose-lint CL-0001'],
    rationale:
      'The engine API can start a privileged container with the host root mounted, so access to the socket equals ' +
      'root on the host. A :ro mount changes nothing: read-only applies to the socket file, not to the API. Remove ' +
      'it, redesign, or put a socket proxy that allows only the needed read-only endpoints in front of it on an ' +
      'internal network; otherwise keep it with a reasoned exception.',
    example: {
      before: 'services:\n  agent:\n    image: example/agent:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      after:
        'services:\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy:0.3\n    environment: {CONTAINERS: 1}\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]\n' +
        '    x-compose-harden: {skip: [CH601], reason: "read-only API proxy on an internal network"}\n  agent:\n    image: example/agent:1\n    environment: {DOCKER_HOST: "tcp://socket-proxy:2375"}\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    const usual = imageView(service, ctx).facts?.usesDockerSocket ? '; this image is commonly deployed this way, so prefer a socket proxy or a reasoned exception' : '';
    for (const m of mounts(service, ctx.project)) {
      const p = m.type === 'npipe' ? m.source : m.hostPath;
      const kind = p ? engineSocket(p) : undefined;
      if (!kind) continue;
      const ro = m.readOnly ? ' (read-only does not limit the API)' : '';
      out.push({
        ...at(ctx, 'volumes', m.index),
        key: m.target,
        message: (kind === 'socket' ? `container engine socket ${p} is mounted${ro}: full control of the host` : `host directory ${p} holding the container engine socket is mounted${ro}`) + usual,
      });
    }
    // The value of DOCKER_HOST is never printed: environment values are treated as secrets.
    const host = service.environment?.DOCKER_HOST;
    if (typeof host === 'string' && /^tcp:\/\//i.test(host.trim())) {
      const tls = truthy(service.environment?.DOCKER_TLS_VERIFY) || /:2376\/?$/.test(host.trim());
      // A socket proxy in the same project is the recommended design; its own socket mount is reported there.
      const target = /^tcp:\/\/([^:/]+)/i.exec(host.trim())?.[1];
      const proxy = target !== undefined && target in ctx.project.services && target !== ctx.serviceName;
      if (!tls && !proxy) out.push({ ...at(ctx, 'environment', 'DOCKER_HOST'), key: 'DOCKER_HOST', severity: 'high', message: 'DOCKER_HOST points at an engine TCP endpoint without TLS verification' });
    }
    return out;
  },
};
