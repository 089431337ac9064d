import { hostNamespaceRule } from './host-namespace-rule.ts';

export const rule = hostNamespaceRule(
  'userns_mode',
  {
    id: 'CH608',
    title: 'User namespace remapping disabled',
    severity: 'medium',
    fix: 'opt-in',
    refs: ['CIS 5.31', 'OWASP #2', 'OWASP #11', 'KICS 8af7162d-6c98-482f-868e-0d33fb675ca8'],
    rationale: "On a daemon running with userns-remap this opt-out makes container root the real host root again; without userns-remap it changes nothing. The opt-in fix (--fix CH608) removes the setting.",
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    userns_mode: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    userns_mode: !reset null   # CH608\n',
    },
    breaks: "Services that need real host uids on bind mounts, or privileged features userns-remap disallows.",
  },
  'userns_mode: host opts out of user namespace remapping (matters when the daemon runs with userns-remap)',
);
