import { rule } from '../../src/rules/ch609-host-cgroup.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', cgroup: 'private' }, { image: 'x:1', cgroup: '' }],
  invalid: [
    { service: { image: 'x:1', cgroup: 'host' }, findings: [{ path: ['cgroup'], messageIncludes: 'cgroup', severity: 'medium' }] },
    { name: 'case-insensitive', service: { image: 'x:1', cgroup: 'HOST' }, findings: [{ path: ['cgroup'], messageIncludes: 'cgroup' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', cgroup: 'host' }, after: { image: 'x:1', cgroup: 'host' } },
    { name: 'opt-in removes the key', service: { image: 'x:1', cgroup: 'host' }, policy: { fix: ['CH609'] }, after: { image: 'x:1' } },
    { name: 'other values untouched', service: { image: 'x:1', cgroup: 'private' }, policy: { strict: true }, after: { image: 'x:1', cgroup: 'private' } },
  ],
});
