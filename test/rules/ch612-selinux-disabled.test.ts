import { rule } from '../../src/rules/ch612-selinux-disabled.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', security_opt: ['no-new-privileges'] }],
  invalid: [
    { service: { image: 'x:1', security_opt: ['label:disable'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'SELinux separation is disabled', severity: 'high' }] },
    { service: { image: 'x:1', security_opt: ['label=disable'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'label:disable' }] },
    { service: { image: 'x:1', security_opt: ['label:type:svirt_apache_t'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'custom SELinux label', severity: 'info' }] },
  ],
  fixes: [
    { name: 'opt-in removes label:disable only', service: { image: 'x:1', security_opt: ['label:disable', 'label:level:s0:c100'] }, policy: { fix: ['CH612'] }, after: { image: 'x:1', security_opt: ['label:level:s0:c100'] }, clears: false },
  ],
});
