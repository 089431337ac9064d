import { rule } from '../../src/rules/ch105-no-new-privileges.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', security_opt: ['no-new-privileges:true'] },
    { image: 'example/app:1', security_opt: ['no-new-privileges'] },
    { image: 'example/app:1', security_opt: ['no-new-privileges=true'] },
    { image: 'example/app:1', security_opt: ['seccomp:./profile.json', 'no-new-privileges:TRUE'] },
    { image: 'example/app:1', security_opt: ['no-new-privileges:false', 'no-new-privileges:true'] },
  ],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: ['security_opt'], messageIncludes: 'not set' }] },
    { service: { image: 'example/app:1', security_opt: ['label:type:svirt_t'] }, findings: [{ path: ['security_opt'], messageIncludes: 'not set' }] },
    { service: { image: 'example/app:1', security_opt: ['apparmor=x', 'no-new-privileges=false'] }, findings: [{ path: ['security_opt', 1], messageIncludes: 'switched off' }] },
  ],
  fixes: [
    { service: { image: 'example/app:1' }, after: { image: 'example/app:1', security_opt: ['no-new-privileges:true'] } },
    {
      name: 'other options kept, the false entry replaced',
      service: { image: 'example/app:1', security_opt: ['seccomp:./p.json', 'no-new-privileges:false', 'label:level:s0'] },
      after: { image: 'example/app:1', security_opt: ['seccomp:./p.json', 'label:level:s0', 'no-new-privileges:true'] },
    },
    {
      name: 'non-root service relying on file capabilities: opt-in only',
      service: { image: 'caddy:2', user: '1000:1000' },
      after: { image: 'caddy:2', user: '1000:1000' },
    },
    {
      name: 'root start with file caps is unaffected',
      service: { image: 'caddy:2' },
      after: { image: 'caddy:2', security_opt: ['no-new-privileges:true'] },
    },
    {
      name: 'opt-in for file caps',
      service: { image: 'caddy:2', user: '1000:1000' },
      policy: { fix: ['CH105'] },
      after: { image: 'caddy:2', user: '1000:1000', security_opt: ['no-new-privileges:true'] },
    },
  ],
});
