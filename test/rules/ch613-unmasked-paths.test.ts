import { rule } from '../../src/rules/ch613-unmasked-paths.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', security_opt: ['no-new-privileges'] }],
  invalid: [
    { service: { image: 'x:1', security_opt: ['systempaths=unconfined'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'unmasked', severity: 'high' }] },
    { service: { image: 'x:1', security_opt: ['systempaths:unconfined'] }, findings: [{ path: ['security_opt', 0], messageIncludes: 'systempaths' }] },
  ],
  fixes: [{ name: 'opt-in', service: { image: 'x:1', security_opt: ['systempaths=unconfined'] }, policy: { fix: ['CH613'] }, after: { image: 'x:1', security_opt: [] } }],
});
