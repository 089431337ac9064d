import { hostNamespaceRule } from './host-namespace-rule.ts';

export const rule = hostNamespaceRule(
  'uts',
  {
    id: 'CH607',
    title: 'Host UTS namespace',
    severity: 'low',
    fix: 'opt-in',
    refs: ['CIS 5.21'],
    rationale: "The container shares the host's hostname and domain; changing them needs SYS_ADMIN, so the risk is mostly information and confusion, but CIS lists it. The opt-in fix (--fix CH607) removes the setting.",
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    uts: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    uts: !reset null   # CH607\n',
    },
    breaks: "Software that expects the host's hostname.",
  },
  'service shares the host UTS namespace (hostname)',
);
