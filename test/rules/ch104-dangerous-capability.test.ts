import { rule } from '../../src/rules/ch104-dangerous-capability.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1' },
    { image: 'example/app:1', cap_add: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE', 'cap_kill', 'sys_chroot'] },
    { image: 'example/app:1', cap_add: ['${EXTRA_CAP}'] },
  ],
  invalid: [
    { service: { image: 'example/app:1', cap_add: ['SYS_ADMIN'] }, findings: [{ path: ['cap_add', 0], messageIncludes: 'SYS_ADMIN grants mount', severity: 'critical' }] },
    { service: { image: 'example/app:1', cap_add: ['CHOWN', 'cap_net_admin'] }, findings: [{ path: ['cap_add', 1], messageIncludes: 'NET_ADMIN', severity: 'high' }] },
    { service: { image: 'example/app:1', cap_add: ['all'] }, findings: [{ path: ['cap_add', 0], messageIncludes: 'as good as privileged', severity: 'critical' }] },
    { service: { image: 'example/app:1', cap_add: ['SYS_PTRACE', 'NET_RAW'] }, findings: [{ path: ['cap_add', 0], messageIncludes: 'SYS_PTRACE', severity: 'medium' }, { path: ['cap_add', 1], messageIncludes: 'raw sockets', severity: 'medium' }] },
    { service: { image: 'example/app:1', cap_add: ['WAKE_ALARM'] }, findings: [{ path: ['cap_add', 0], messageIncludes: 'outside the Pod Security Baseline', severity: 'medium' }] },
    { name: 'KB notes a known use, still reported', service: { image: 'example/elastic:8', cap_add: ['IPC_LOCK'] }, findings: [{ path: ['cap_add', 0], messageIncludes: 'known use for this image: memory locking', severity: 'high' }] },
  ],
});
