import { hostNamespaceRule } from './host-namespace-rule.ts';

export const rule = hostNamespaceRule(
  'ipc',
  {
    id: 'CH606',
    title: 'Host IPC namespace',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.17', 'KICS baa3890f-bed7-46f5-ab8f-1da8fc91c729', 'PSS-B Host Namespaces', 'compose-lint CL-0010', 'Polaris hostIPCSet'],
    rationale: "Shared memory segments and semaphores of the host and of every other container become reachable. The opt-in fix (--fix CH606) removes the setting.",
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    ipc: host\n',
      after: 'services:\n  app:\n    image: example/app:1\n    ipc: !reset null   # CH606\n',
    },
    breaks: "Software sharing memory with host processes (some GPU and X11 setups); use shm_size or ipc: shareable between services instead.",
  },
  'service shares the host IPC namespace (shared memory and semaphores)',
);
