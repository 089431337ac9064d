import { rule } from '../../src/rules/ch704-privileged-build.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ build: { context: '.' } }, { build: { context: '.', network: 'none', entitlements: [] } }],
  invalid: [
    { service: { build: { context: '.', privileged: true } }, findings: [{ path: ['build', 'privileged'], messageIncludes: 'privileged', severity: 'high' }] },
    {
      service: { build: { context: '.', entitlements: ['network.host', 'security.insecure'], network: 'host' } },
      findings: [
        { path: ['build', 'entitlements', 0], messageIncludes: 'network.host' },
        { path: ['build', 'entitlements', 1], messageIncludes: 'security.insecure' },
        { path: ['build', 'network'], messageIncludes: 'host network' },
      ],
    },
  ],
});
