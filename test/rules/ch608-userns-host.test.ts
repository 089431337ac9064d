import { rule } from '../../src/rules/ch608-userns-host.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', userns_mode: 'private' }, { image: 'x:1', userns_mode: '' }],
  invalid: [
    { service: { image: 'x:1', userns_mode: 'host' }, findings: [{ path: ['userns_mode'], messageIncludes: 'userns-remap', severity: 'medium' }] },
    { name: 'case-insensitive', service: { image: 'x:1', userns_mode: 'HOST' }, findings: [{ path: ['userns_mode'], messageIncludes: 'userns-remap' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', userns_mode: 'host' }, after: { image: 'x:1', userns_mode: 'host' } },
    { name: 'opt-in removes the key', service: { image: 'x:1', userns_mode: 'host' }, policy: { fix: ['CH608'] }, after: { image: 'x:1' } },
    { name: 'other values untouched', service: { image: 'x:1', userns_mode: 'private' }, policy: { strict: true }, after: { image: 'x:1', userns_mode: 'private' } },
  ],
});
