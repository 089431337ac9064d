import { hostNamespaceRule } from './host-namespace-rule.ts';

// Report only: removing host networking would also need the ports the service relied on.
export const rule = hostNamespaceRule(
  'network_mode',
  {
    id: 'CH604',
    title: 'Host network namespace',
    severity: 'high',
    fix: 'report',
    refs: ['CIS 5.10', 'OWASP #5', 'KICS 071a71ff-f868-47a4-ac0b-3c59e4ab5443', 'PSS-B Host Namespaces', 'compose-lint CL-0008', 'Polaris hostNetworkSet'],
    rationale:
      'The container sees every host interface, can sniff and spoof traffic and reach services the host binds to ' +
      'loopback; published-port controls no longer apply. Removing it needs the ports the service relied on, so it is done by hand.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    network_mode: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    ports: ["127.0.0.1:8080:8080"]\n',
    },
    breaks: 'If done by hand: discovery protocols such as mDNS, DHCP, SSDP, and low-port binding as non-root.',
  },
  'service uses the host network namespace',
  false,
);
