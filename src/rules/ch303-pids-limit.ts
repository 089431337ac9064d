import { limitRule } from './limit-rule.ts';

export const rule = limitRule(
  'pids',
  {
    id: 'CH303',
    title: 'No PIDs limit',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.29', 'OWASP #7', 'KICS 221e0658-cb2a-44e3-b08a-db96a341d6fa'],
    rationale:
      "A fork bomb or thread leak in one container exhausts the host's PID space. The fix writes the policy default " +
      'in the spelling the service already uses and never lowers a value the user set.',
    example: {
      before: 'services:\n  api:\n    image: example/api:1\n',
      after: 'services:\n  api:\n    image: example/api:1\n    deploy:\n      resources:\n        limits:\n          pids: 200   # CH303\n',
    },
    breaks:
      'The limit counts threads, not only processes: JVMs, search engines, browsers, thread-pool servers, ' +
      'per-connection database backends and prefork web servers need much more ("fork: Resource temporarily unavailable").',
  },
  'PIDs',
  (_s, ctx) => ctx.policy.limits.pids,
);
