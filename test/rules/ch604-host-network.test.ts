import { rule } from '../../src/rules/ch604-host-network.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', network_mode: 'bridge' }, { image: 'x:1', network_mode: 'service:vpn' }],
  invalid: [{ service: { image: 'x:1', network_mode: 'host' }, findings: [{ path: ['network_mode'], messageIncludes: 'host network', severity: 'high' }] }],
  fixes: [{ name: 'report only', service: { image: 'x:1', network_mode: 'host' }, policy: { strict: true }, after: { image: 'x:1', network_mode: 'host' } }],
});
