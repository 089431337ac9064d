import { rule } from '../../src/rules/ch610-seccomp-disabled.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', security_opt: ['seccomp:./profile.json', 'no-new-privileges'] }, { image: 'x:1', security_opt: ['seccomp=/etc/docker/seccomp.json'] }],
  invalid: [
    { service: { image: 'x:1', security_opt: ['no-new-privileges:true', 'seccomp:unconfined'] }, findings: [{ path: ['security_opt', 1], messageIncludes: 'seccomp is disabled', severity: 'high' }] },
    { service: { image: 'x:1', security_opt: ['seccomp=UNCONFINED'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'seccomp' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1', security_opt: ['seccomp:unconfined'] }, after: { image: 'x:1', security_opt: ['seccomp:unconfined'] } },
    {
      name: 'removes only that entry, keeps the others in order',
      service: { image: 'x:1', security_opt: ['label:disable', 'seccomp=unconfined', 'no-new-privileges:true'] },
      policy: { fix: ['CH610'] },
      after: { image: 'x:1', security_opt: ['label:disable', 'no-new-privileges:true'] },
    },
  ],
});
