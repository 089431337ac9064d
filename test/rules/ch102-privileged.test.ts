import { rule } from '../../src/rules/ch102-privileged.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'example/app:1' }, { image: 'example/app:1', privileged: false }, { image: 'example/app:1', privileged: 'false' as never }],
  invalid: [
    { service: { image: 'example/app:1', privileged: true }, findings: [{ path: ['privileged'], messageIncludes: 'runs privileged', severity: 'critical' }] },
    { name: 'boolean as string after interpolation', service: { image: 'example/app:1', privileged: 'true' as never }, findings: [{ path: ['privileged'], messageIncludes: 'privileged' }] },
    { name: 'yes', service: { image: 'example/app:1', privileged: 'yes' as never }, findings: [{ path: ['privileged'], messageIncludes: 'privileged' }] },
  ],
  fixes: [
    { name: 'report by default', service: { image: 'example/vpn:1', privileged: true }, after: { image: 'example/vpn:1', privileged: true } },
    { name: 'opt-in', service: { image: 'example/vpn:1', privileged: true }, policy: { fix: ['CH102'] }, after: { image: 'example/vpn:1', privileged: false } },
    {
      name: 'opt-in adds the capabilities the policy lists, keeping existing ones',
      service: { image: 'example/vpn:1', privileged: true, cap_add: ['cap_net_admin'] },
      policy: { strict: true, images: { 'example/vpn': { capAdd: ['NET_ADMIN', 'NET_RAW'] } } },
      after: { image: 'example/vpn:1', privileged: false, cap_add: ['cap_net_admin', 'NET_RAW'] },
    },
  ],
});
