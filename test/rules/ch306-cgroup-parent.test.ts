import { rule } from '../../src/rules/ch306-cgroup-parent.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'example/app:1' }, { image: 'example/app:1', cgroup_parent: '' }],
  invalid: [{ service: { image: 'example/app:1', cgroup_parent: '/custom' }, findings: [{ path: ['cgroup_parent'], messageIncludes: '/custom', severity: 'info' }] }],
});
