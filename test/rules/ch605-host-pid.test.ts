import { rule } from '../../src/rules/ch605-host-pid.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', pid: 'private' }, { image: 'x:1', pid: '' }],
  invalid: [
    { service: { image: 'x:1', pid: 'host' }, findings: [{ path: ['pid'], messageIncludes: 'PID', severity: 'high' }] },
    { name: 'case-insensitive', service: { image: 'x:1', pid: 'HOST' }, findings: [{ path: ['pid'], messageIncludes: 'PID' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', pid: 'host' }, after: { image: 'x:1', pid: 'host' } },
    { name: 'opt-in removes the key', service: { image: 'x:1', pid: 'host' }, policy: { fix: ['CH605'] }, after: { image: 'x:1' } },
    { name: 'other values untouched', service: { image: 'x:1', pid: 'private' }, policy: { strict: true }, after: { image: 'x:1', pid: 'private' } },
  ],
});
