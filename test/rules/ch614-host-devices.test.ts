import { rule } from '../../src/rules/ch614-host-devices.ts';
import { ruleTester } from './tester.ts';

const dev = (source: string) => ({ source, target: source, permissions: 'rwm' });
ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', devices: [] }],
  invalid: [
    { service: { image: 'x:1', devices: [dev('/dev/sda')] }, findings: [{ path: ['devices', 0], messageIncludes: '/dev/sda', severity: 'critical' }] },
    { service: { image: 'x:1', devices: [dev('/dev/mem'), dev('/dev/nvme0n1')] }, findings: [{ path: ['devices', 0], messageIncludes: 'kernel memory', severity: 'critical' }, { path: ['devices', 1], messageIncludes: 'nvme', severity: 'critical' }] },
    { service: { image: 'x:1', devices: [dev('/dev/net/tun'), dev('/dev/fuse')] }, findings: [{ path: ['devices', 0], messageIncludes: 'TUN', severity: 'medium' }, { path: ['devices', 1], messageIncludes: 'FUSE', severity: 'medium' }] },
    { service: { image: 'x:1', devices: [dev('/dev/dri/renderD128'), dev('/dev/ttyUSB0')] }, findings: [{ path: ['devices', 0], messageIncludes: 'GPU', severity: 'low' }, { path: ['devices', 1], messageIncludes: 'serial', severity: 'low' }] },
    { service: { image: 'x:1', devices: ['/dev/sdb:/dev/xvdb:rw'] as never }, findings: [{ path: ['devices', 0], messageIncludes: '/dev/sdb', severity: 'critical' }] },
    {
      service: { image: 'x:1', device_cgroup_rules: ['c 1:3 mr', 'a *:* rwm', 'b 8:* rw'] },
      findings: [
        { path: ['device_cgroup_rules', 0], messageIncludes: 'opens host devices', severity: 'medium' },
        { path: ['device_cgroup_rules', 1], messageIncludes: 'every device', severity: 'critical' },
        { path: ['device_cgroup_rules', 2], messageIncludes: 'every device', severity: 'critical' },
      ],
    },
  ],
});
