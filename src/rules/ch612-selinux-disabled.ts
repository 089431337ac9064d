import { securityOptExample, securityOptRule } from './security-opt-rule.ts';

export const rule = securityOptRule(
  {
    id: 'CH612',
    title: 'SELinux separation disabled',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.3', 'OWASP #6', 'PSS-B SELinux', 'semgrep selinux-separation-disabled', 'compose-lint CL-0009'],
    rationale:
      'On SELinux hosts the container type confines what host files the process can touch; label:disable removes ' +
      'that. Other label: settings are reported as info so they can be reviewed. Removing label:disable is opt-in.',
    example: securityOptExample('label:disable', 'CH612'),
    breaks: 'Bind mounts that were only readable because labels were off (relabel with :z or :Z instead).',
  },
  (o) => {
    if (o.key !== 'label') return undefined;
    if (o.value.trim().toLowerCase() === 'disable') return { message: 'SELinux separation is disabled (label:disable)', remove: true };
    return { severity: 'info', message: 'custom SELinux label setting; check that it keeps the container confined', remove: false };
  },
);
