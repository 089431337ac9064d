import { hostNamespaceRule } from './host-namespace-rule.ts';

export const rule = hostNamespaceRule(
  'pid',
  {
    id: 'CH605',
    title: 'Host PID namespace',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.16', 'KICS 4f31dd9f-2cc3-4751-9b53-67e4af83dac0', 'PSS-B Host Namespaces', 'compose-lint CL-0010', 'Polaris hostPIDSet'],
    rationale: "The container sees and can signal every host process; with ptrace-level privileges it can read their memory. The opt-in fix (--fix CH605) removes the setting.",
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    pid: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    pid: !reset null   # CH605\n',
    },
    breaks: "Process-level monitoring and debugging tools.",
  },
  'service shares the host PID namespace: it sees and can signal host processes',
);
