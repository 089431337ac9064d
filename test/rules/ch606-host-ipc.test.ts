import { rule } from '../../src/rules/ch606-host-ipc.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', ipc: 'private' }, { image: 'x:1', ipc: '' }],
  invalid: [
    { service: { image: 'x:1', ipc: 'host' }, findings: [{ path: ['ipc'], messageIncludes: 'IPC', severity: 'high' }] },
    { name: 'case-insensitive', service: { image: 'x:1', ipc: 'HOST' }, findings: [{ path: ['ipc'], messageIncludes: 'IPC' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', ipc: 'host' }, after: { image: 'x:1', ipc: 'host' } },
    { name: 'opt-in removes the key', service: { image: 'x:1', ipc: 'host' }, policy: { fix: ['CH606'] }, after: { image: 'x:1' } },
    { name: 'other values untouched', service: { image: 'x:1', ipc: 'private' }, policy: { strict: true }, after: { image: 'x:1', ipc: 'private' } },
  ],
});
