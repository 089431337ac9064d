import { rule } from '../../src/rules/ch204-mount-propagation.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', volumes: [{ type: 'bind', source: '/mnt', target: '/mnt', bind: { propagation: 'rprivate' } }] },
    { image: 'example/app:1', volumes: ['/mnt:/mnt:ro,z'] as never },
  ],
  invalid: [
    { service: { image: 'example/app:1', volumes: [{ type: 'bind', source: '/mnt', target: '/mnt', bind: { propagation: 'rshared' } }] }, findings: [{ path: ['volumes', 0, 'bind', 'propagation'], messageIncludes: 'rshared', severity: 'medium' }] },
    { service: { image: 'example/app:1', volumes: ['/mnt/a:/a', '/mnt/b:/b:rslave'] as never }, findings: [{ path: ['volumes', 1], messageIncludes: 'rslave', severity: 'low' }] },
  ],
});
