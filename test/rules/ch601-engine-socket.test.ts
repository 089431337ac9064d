import { rule } from '../../src/rules/ch601-engine-socket.ts';
import { ruleTester } from './tester.ts';

const bind = (source: string, extra: object = {}) => ({ image: 'example/agent:1', volumes: [{ type: 'bind', source, target: '/sock', ...extra }] });
ruleTester(rule, {
  valid: [
    bind('/var/lib/app'),
    bind('/run-data'),
    { image: 'example/app:1', volumes: [{ type: 'volume', source: 'data', target: '/var/run' }] },
    { image: 'example/app:1', environment: { DOCKER_HOST: 'tcp://dind:2376', DOCKER_TLS_VERIFY: '1' } },
    { name: 'socket proxy in the same project', service: { image: 'example/app:1', environment: { DOCKER_HOST: 'tcp://socket-proxy:2375' } }, others: { 'socket-proxy': { image: 'tecnativa/docker-socket-proxy:0.3' } } },
  ],
  invalid: [
    { service: bind('/var/run/docker.sock'), findings: [{ path: ['volumes', 0], messageIncludes: 'engine socket /var/run/docker.sock is mounted', severity: 'critical' }] },
    { name: 'read-only changes nothing', service: bind('/run/docker.sock', { read_only: true }), findings: [{ path: ['volumes', 0], messageIncludes: 'read-only does not limit the API' }] },
    { service: { image: 'x:1', volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'] as never }, findings: [{ path: ['volumes', 0], messageIncludes: 'docker.sock' }] },
    { service: bind('/run/containerd/containerd.sock'), findings: [{ path: ['volumes', 0], messageIncludes: 'containerd.sock' }] },
    { service: bind('/run/user/1000/podman/podman.sock'), findings: [{ path: ['volumes', 0], messageIncludes: 'podman.sock' }] },
    { service: bind('~/.docker/run/docker.sock'), findings: [{ path: ['volumes', 0], messageIncludes: 'docker.sock' }] },
    { service: bind('/var/run'), findings: [{ path: ['volumes', 0], messageIncludes: 'host directory /var/run holding' }] },
    { service: bind('/var/run/'), findings: [{ path: ['volumes', 0], messageIncludes: 'host directory /var/run holding' }] },
    {
      name: 'named volume that is a local bind of the socket',
      service: { image: 'x:1', volumes: [{ type: 'volume', source: 'sock', target: '/var/run/docker.sock' }] },
      project: { volumes: { sock: { driver_opts: { type: 'none', o: 'bind', device: '/var/run/docker.sock' } } } },
      findings: [{ path: ['volumes', 0], messageIncludes: 'docker.sock' }],
    },
    { service: { image: 'x:1', volumes: [{ type: 'npipe', source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' }] }, findings: [{ path: ['volumes', 0], messageIncludes: 'docker_engine' }] },
    { name: 'plain TCP engine endpoint; the value is never printed', service: { image: 'x:1', environment: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }, findings: [{ path: ['environment', 'DOCKER_HOST'], messageIncludes: 'without TLS', severity: 'high' }] },
  ],
});
