import { securityOptExample, securityOptRule } from './security-opt-rule.ts';

export const rule = securityOptRule(
  {
    id: 'CH613',
    title: 'Masked paths removed',
    severity: 'high',
    fix: 'opt-in',
    refs: ['PSS-B /proc Mount Type', 'Polaris procMount'],
    rationale:
      'systempaths=unconfined unmasks /proc and /sys entries Docker normally hides, exposing kernel tunables and host ' +
      'information. Removing the entry is opt-in (--fix CH613).',
    example: securityOptExample('systempaths=unconfined', 'CH613'),
    breaks: 'Nested container runtimes that need an unmasked /proc.',
  },
  (o) => (o.key === 'systempaths' && o.value.trim().toLowerCase() === 'unconfined' ? { message: '/proc and /sys are unmasked (systempaths=unconfined)', remove: true } : undefined),
);
