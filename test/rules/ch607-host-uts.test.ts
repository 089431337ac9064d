import { rule } from '../../src/rules/ch607-host-uts.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', uts: 'private' }, { image: 'x:1', uts: '' }],
  invalid: [
    { service: { image: 'x:1', uts: 'host' }, findings: [{ path: ['uts'], messageIncludes: 'UTS', severity: 'low' }] },
    { name: 'case-insensitive', service: { image: 'x:1', uts: 'HOST' }, findings: [{ path: ['uts'], messageIncludes: 'UTS' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', uts: 'host' }, after: { image: 'x:1', uts: 'host' } },
    { name: 'opt-in removes the key', service: { image: 'x:1', uts: 'host' }, policy: { fix: ['CH607'] }, after: { image: 'x:1' } },
    { name: 'other values untouched', service: { image: 'x:1', uts: 'private' }, policy: { strict: true }, after: { image: 'x:1', uts: 'private' } },
  ],
});
