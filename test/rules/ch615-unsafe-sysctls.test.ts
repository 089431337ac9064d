import { rule } from '../../src/rules/ch615-unsafe-sysctls.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1', sysctls: { 'net.ipv4.ip_unprivileged_port_start': 0, 'net.ipv4.tcp_syncookies': '1' } }],
  invalid: [
    { service: { image: 'x:1', sysctls: { 'net.ipv4.ip_forward': 1 } }, findings: [{ path: ['sysctls', 'net.ipv4.ip_forward'], messageIncludes: 'router', severity: 'medium' }] },
    { service: { image: 'x:1', sysctls: { 'net.ipv4.conf.all.route_localnet': 1, 'net.core.somaxconn': 1024 } }, findings: [
      { path: ['sysctls', 'net.ipv4.conf.all.route_localnet'], messageIncludes: 'weaken', severity: 'medium' },
      { path: ['sysctls', 'net.core.somaxconn'], messageIncludes: 'outside the safe set', severity: 'low' },
    ] },
  ],
});
