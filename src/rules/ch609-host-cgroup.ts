import { hostNamespaceRule } from './host-namespace-rule.ts';

export const rule = hostNamespaceRule(
  'cgroup',
  {
    id: 'CH609',
    title: 'Host cgroup namespace',
    severity: 'medium',
    fix: 'opt-in',
    refs: ['compose-spec cgroup'],
    rationale: "The container sees the host's cgroup hierarchy, which leaks information and helps some escape techniques. The opt-in fix (--fix CH609) removes the setting.",
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    cgroup: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    cgroup: !reset null   # CH609\n',
    },
    breaks: "systemd-in-container and cgroup monitoring tools.",
  },
  'service shares the host cgroup namespace',
);
