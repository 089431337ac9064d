import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { isRecord } from './normalize.ts';

/** Pod Security Standards, Baseline: sysctls that are namespaced and safe. */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_fin_timeout',
]);
/** Settings that turn the container into a router or weaken network defences. */
const WEAKENING = [/\.ip_forward$/, /\.forwarding$/, /\.route_localnet$/, /\.rp_filter$/, /\.accept_redirects$/, /\.accept_source_route$/, /\.proxy_arp$/, /\.arp_ignore$/, /\.bc_forwarding$/];

export const rule: Rule = {
  meta: {
    id: 'CH615',
    title: 'Unsafe sysctls',
    severity: 'medium',
    fix: 'report',
    refs: ['PSS-B Sysctls'],
    rationale:
      'Namespaced sysctls are per container, but some (forwarding, route_localnet, relaxed reverse-path filtering) ' +
      "turn the container into a router or weaken the host's network defences. Those are medium; other sysctls " +
      'outside the Pod Security Baseline safe set are low, to be reviewed.',
    example: {
      before: 'services:\n  vpn:\n    image: example/vpn:1\n    sysctls:\n      net.ipv4.ip_forward: 1\n',
      after: 'services:\n  vpn:\n    image: example/vpn:1\n    x-compose-harden: {skip: [CH615], reason: "routes VPN clients"}\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    for (const key of Object.keys(isRecord(service.sysctls) ? service.sysctls : {})) {
      if (SAFE.has(key)) continue;
      const weak = WEAKENING.some((r) => r.test(key));
      out.push({
        ...at(ctx, 'sysctls', key),
        severity: weak ? 'medium' : 'low',
        key,
        message: weak ? `sysctl ${key} can turn the container into a router or weaken network defences` : `sysctl ${key} is outside the safe set`,
      });
    }
    return out;
  },
};
