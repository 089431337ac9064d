import { securityOptExample, securityOptRule } from './security-opt-rule.ts';

export const rule = securityOptRule(
  {
    id: 'CH610',
    title: 'Seccomp disabled',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.22', 'OWASP #6', 'KICS 404fde2c-bc4b-4371-9747-7054132ac953', 'PSS-B Seccomp', 'PSS-R Seccomp', 'semgrep seccomp-confinement-disabled', 'compose-lint CL-0009'],
    rationale:
      'The default seccomp profile blocks dozens of rarely needed, historically exploitable syscalls; disabling it ' +
      'exposes the shared kernel. A custom profile file is fine. Removing the entry is opt-in (--fix CH610).',
    example: securityOptExample('seccomp:unconfined', 'CH610'),
    breaks: "Headless browsers relying on their own sandbox, debuggers and profilers, software using newer syscalls than the host's profile knows.",
  },
  (o) => (o.key === 'seccomp' && o.value.trim().toLowerCase() === 'unconfined' ? { message: 'seccomp is disabled (seccomp:unconfined)', remove: true } : undefined),
);
