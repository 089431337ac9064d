import { securityOptExample, securityOptRule } from './security-opt-rule.ts';

export const rule = securityOptRule(
  {
    id: 'CH611',
    title: 'AppArmor disabled',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.2', 'OWASP #6', 'PSS-B AppArmor', 'compose-lint CL-0009'],
    rationale:
      'The default AppArmor profile blocks writes to sensitive /proc and /sys entries and mount operations. Removing ' +
      'the entry is opt-in (--fix CH611).',
    example: securityOptExample('apparmor:unconfined', 'CH611'),
    breaks: 'Nested containers, software that mounts filesystems.',
  },
  (o) => (o.key === 'apparmor' && o.value.trim().toLowerCase() === 'unconfined' ? { message: 'AppArmor is disabled (apparmor:unconfined)', remove: true } : undefined),
);
