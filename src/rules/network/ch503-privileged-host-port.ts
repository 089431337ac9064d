import type { Rule, RuleFinding } from '../types.ts';
import { at } from '../context.ts';
import { portKey, publishedRange, usesOwnNetworks } from './ports.ts';

const ID = 'CH503';

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Privileged host port',
    severity: 'info',
    fix: 'report',
    refs: ['CIS 5.8', 'KICS bc2908f3-f73c-40a9-8793-c1b7d5544f79'],
    rationale:
      'CIS asks not to map host ports below 1024. With a rootful daemon the risk is small, but rootless setups cannot ' +
      'bind them and they are worth a note. The container port does not matter: on bridge networks Docker 20.10+ sets ' +
      'net.ipv4.ip_unprivileged_port_start=0 inside the container.',
    example: {
      before: 'services:\n  web:\n    ports:\n      - "80:8080"\n',
      after: 'services:\n  web:\n    ports:\n      - "8080:8080"   # CH503: a reverse proxy or the load balancer maps 80\n',
    },
  },

  check(service, ctx) {
    if (!usesOwnNetworks(service)) return [];
    const out: RuleFinding[] = [];
    (service.ports ?? []).forEach((p, i) => {
      const range = publishedRange(p);
      if (!range || range[0] >= 1024) return;
      out.push({
        ...at(ctx, 'ports', i),
        key: portKey(p),
        message: `host port ${p.published} is below 1024 (privileged); rootless engines cannot bind it, and CIS 5.8 asks for a port of 1024 or more`,
      });
    });
    return out;
  },
};
