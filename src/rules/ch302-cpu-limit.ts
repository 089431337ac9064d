import { limitRule } from './limit-rule.ts';

export const rule = limitRule(
  'cpus',
  {
    id: 'CH302',
    title: 'No CPU limit',
    severity: 'low',
    fix: 'auto',
    refs: ['CIS 5.12', 'OWASP #7', 'KICS 6b610c50-99fb-4ef0-a5f3-e312fd945bc3', 'compose-lint CL-0026', 'Polaris cpuLimitsMissing'],
    rationale:
      'An unbounded busy loop starves every other service on the host. The fix writes the policy default in the ' +
      'spelling the service already uses and never lowers a value the user set.',
    example: {
      before: 'services:\n  api:\n    image: example/api:1\n',
      after: 'services:\n  api:\n    image: example/api:1\n    deploy:\n      resources:\n        limits:\n          cpus: "1.0"   # CH302\n',
    },
    breaks: 'Throttling shows up as latency, slow starts and healthcheck timeouts; raise healthcheck.start_period when both are applied.',
  },
  'CPU',
  (_s, ctx) => ctx.policy.limits.cpus,
);
