import { rule } from '../../src/rules/ch611-apparmor-disabled.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1', security_opt: ['apparmor:docker-custom'] }, { image: 'x:1', security_opt: ['seccomp:unconfined'] }],
  invalid: [
    { service: { image: 'x:1', security_opt: ['apparmor:unconfined'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'AppArmor is disabled', severity: 'high' }] },
    { service: { image: 'x:1', security_opt: ['no-new-privileges', 'apparmor=unconfined'] }, findings: [{ path: ['security_opt', 1], messageIncludes: 'AppArmor' }] },
  ],
  fixes: [
    { name: 'strict removes it', service: { image: 'x:1', security_opt: ['apparmor=unconfined', 'no-new-privileges'] }, policy: { strict: true }, after: { image: 'x:1', security_opt: ['no-new-privileges'] } },
  ],
});
