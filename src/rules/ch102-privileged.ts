import type { Rule } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { imageView } from './image.ts';
import { normCap, truthy } from './normalize.ts';

const ID = 'CH102';

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Privileged mode',
    severity: 'critical',
    fix: 'opt-in',
    refs: ['CIS 5.5', 'OWASP #3', 'KICS ae5b6871-7f45-42e0-bb4c-ab300c4d2026', 'PSS-B Privileged Containers', 'semgrep privileged-service', 'compose-lint CL-0002', 'Polaris runAsPrivileged'],
    rationale:
      'privileged disables the capability bounding set, the device cgroup, seccomp and LSM confinement at once; ' +
      'escaping to the host is trivial. Opt-in (--fix CH102) replaces it with privileged: false plus the ' +
      'capabilities the policy lists for the image.',
    example: {
      before: 'services:\n  vpn:\n    image: example/vpn:1\n    privileged: true\n',
      after: 'services:\n  vpn:\n    image: example/vpn:1\n    privileged: false      # CH102\n    cap_add: [NET_ADMIN]   # CH102: what the image needs\n    devices: ["/dev/net/tun:/dev/net/tun"]\n',
    },
    breaks: 'Docker-in-Docker, system containers running systemd, hardware and kernel tooling, some monitoring agents; there is rarely a drop-in replacement.',
  },

  check(service, ctx) {
    if (!truthy(service.privileged)) return [];
    return [{ ...at(ctx, 'privileged'), message: 'service runs privileged: every capability, all devices, no seccomp or AppArmor' }];
  },

  fix(service, ctx) {
    if (!truthy(service.privileged) || !mayChangeBehaviour(ctx, ID)) return;
    service.privileged = false;
    const needed = imageView(service, ctx).custom?.capAdd ?? [];
    const have = new Set((service.cap_add ?? []).map(normCap));
    const add = needed.filter((c) => !have.has(normCap(c)));
    if (add.length) service.cap_add = [...(service.cap_add ?? []), ...add];
  },
};
