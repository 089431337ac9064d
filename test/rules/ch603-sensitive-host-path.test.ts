import { rule } from '../../src/rules/ch603-sensitive-host-path.ts';
import { ruleTester } from './tester.ts';

const bind = (source: string, target = '/host', ro = false) => ({ image: 'x:1', volumes: [{ type: 'bind', source, target, ...(ro ? { read_only: true } : {}) }] });
ruleTester(rule, {
  valid: [
    bind('/etc/localtime', '/etc/localtime', true),
    bind('/etc/timezone', '/etc/timezone', true),
    { image: 'x:1', volumes: ['/etc/localtime:/etc/localtime:ro', '/etc/timezone:/etc/timezone:ro'] as never },
    bind('./data', '/data'),
    bind('/srv/app/data', '/data'),
    { name: 'project files under /home once made absolute', service: bind('/work/project/conf', '/conf'), project: { workingDir: '/work/project' } },
    { name: 'project under a home directory', service: { image: 'x:1', volumes: ['./data:/data'] as never }, project: { workingDir: '/home/dev/project' } },
    bind('/var/run/docker.sock', '/var/run/docker.sock'), // CH601
  ],
  invalid: [
    { service: bind('/', '/host'), findings: [{ path: ['volumes', 0], messageIncludes: 'host path / is mounted writable at /host', severity: 'critical' }] },
    { service: bind('/', '/host', true), findings: [{ path: ['volumes', 0], messageIncludes: 'read-only', severity: 'high' }] },
    { service: bind('/var/lib/docker/volumes', '/v'), findings: [{ path: ['volumes', 0], messageIncludes: '(under /var/lib/docker)', severity: 'critical' }] },
    { service: bind('/etc/localtime', '/etc/localtime'), findings: [{ path: ['volumes', 0], messageIncludes: 'writable', severity: 'critical' }] },
    { service: bind('/proc', '/host/proc', true), findings: [{ path: ['volumes', 0], messageIncludes: '/proc', severity: 'high' }] },
    { service: bind('/sys/fs/cgroup', '/sys/fs/cgroup'), findings: [{ path: ['volumes', 0], messageIncludes: '(under /sys)', severity: 'high' }] },
    { service: bind('~/.ssh', '/root/.ssh', true), findings: [{ path: ['volumes', 0], messageIncludes: '~/.ssh (under the home directory)', severity: 'high' }] },
    { service: bind('~', '/h'), findings: [{ path: ['volumes', 0], messageIncludes: '~ (the home directory) is mounted writable', severity: 'high' }] },
    { service: bind('/home/alice', '/h'), findings: [{ path: ['volumes', 0], messageIncludes: '/home', severity: 'high' }] },
    {
      name: 'named volume bound to a host path',
      service: { image: 'x:1', volumes: [{ type: 'volume', source: 'hostetc', target: '/e' }] },
      project: { volumes: { hostetc: { driver: 'local', driver_opts: { type: 'none', o: 'bind', device: '/etc' } } } },
      findings: [{ path: ['volumes', 0], messageIncludes: '/etc', severity: 'critical' }],
    },
  ],
  fixes: [
    { name: 'opt-in only', service: bind('/proc', '/host/proc'), after: bind('/proc', '/host/proc') },
    { name: 'opt-in makes it read-only', service: bind('/proc', '/host/proc'), policy: { fix: ['CH603'] }, after: bind('/proc', '/host/proc', true), clears: false },
  ],
});
