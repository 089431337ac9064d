import type { Rule, RuleFinding } from './types.ts';
import type { Severity } from './types.ts';
import { at } from './context.ts';
import { imageView } from './image.ts';
import { hasPlaceholder, normCap } from './normalize.ts';

/** Kubernetes Pod Security Standards, Baseline: capabilities that may be added without a review. */
const BASELINE = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const GRANTS: Record<string, [Severity, string]> = {
  ALL: ['critical', 'every capability, as good as privileged'],
  SYS_ADMIN: ['critical', 'mount, namespaces and many kernel interfaces (the usual escape route)'],
  SYS_MODULE: ['critical', 'loading kernel modules into the host kernel'],
  SYS_RAWIO: ['critical', 'raw I/O ports and device memory'],
  NET_ADMIN: ['high', 'reconfiguring interfaces, routes and firewall rules'],
  BPF: ['high', 'loading BPF programs'],
  PERFMON: ['high', 'performance monitoring and tracing of the host'],
  SYS_TIME: ['high', 'setting the host clock'],
  SYSLOG: ['high', 'reading and clearing the kernel log'],
  SYS_BOOT: ['high', 'rebooting the host'],
  SYS_NICE: ['high', 'host-wide scheduling priorities'],
  IPC_LOCK: ['high', 'locking unlimited memory'],
  LEASE: ['high', 'file leases on any file'],
  MAC_ADMIN: ['high', 'changing the mandatory access control policy'],
  MAC_OVERRIDE: ['high', 'bypassing the mandatory access control policy'],
  AUDIT_CONTROL: ['high', 'changing the kernel audit configuration'],
  SYS_RESOURCE: ['high', 'overriding resource limits and quotas'],
  LINUX_IMMUTABLE: ['high', 'changing immutable and append-only file flags'],
  SYS_PTRACE: ['medium', 'tracing and reading the memory of other processes'],
  DAC_READ_SEARCH: ['medium', 'reading any file by handle (the "shocker" escape)'],
  NET_RAW: ['medium', 'raw sockets: spoofing and sniffing on the shared network'],
};

export const rule: Rule = {
  meta: {
    id: 'CH104',
    title: 'Dangerous capability added',
    severity: 'high',
    fix: 'report',
    refs: ['CIS 5.4', 'OWASP #3', 'KICS ce76b7d0-9e77-464d-b86f-c5c48e03e22d', 'PSS-B Capabilities', 'compose-lint CL-0011', 'compose-lint CL-0024', 'compose-lint CL-0027', 'compose-lint CL-0028', 'compose-lint CL-0029', 'compose-lint CL-0030', 'Polaris dangerousCapabilities'],
    rationale:
      'These capabilities grant kernel-level powers (module loading, mount, raw I/O, tracing, the host clock, ' +
      'host-wide scheduling or logs) that turn a container compromise into a host compromise or a host-wide outage. ' +
      'Severity: critical for ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO; high for the other kernel-wide ones; medium ' +
      'for the rest outside the Pod Security Baseline allowlist. A legitimate use needs an x-compose-harden exception.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    cap_add: [SYS_ADMIN]\n',
      after: 'services:\n  app:\n    image: example/app:1\n    # SYS_ADMIN removed from the base file by hand (CH104)\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    const known = imageView(service, ctx).facts?.optionalCaps ?? {};
    (service.cap_add ?? []).forEach((c, i) => {
      if (hasPlaceholder(c)) return;
      const cap = normCap(c);
      if (BASELINE.has(cap)) return;
      const [severity, grants] = GRANTS[cap] ?? (['medium', 'a capability outside the Pod Security Baseline allowlist'] as const);
      const use = Object.entries(known).find(([k]) => normCap(k) === cap)?.[1];
      const note = use ? ` (a known use for this image: ${use}; keep it with an x-compose-harden exception)` : '';
      out.push({ ...at(ctx, 'cap_add', i), severity, key: cap, message: `cap_add ${cap} grants ${grants}${note}` });
    });
    return out;
  },
};
