import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';

const KEYS = ['network_mode', 'pid', 'ipc'] as const;

export const rule: Rule = {
  meta: {
    id: 'CH616',
    title: 'Namespace or volume sharing with another service',
    severity: 'info',
    fix: 'report',
    refs: ['compose-spec network_mode', 'compose-spec volumes_from'],
    rationale:
      "network_mode: service:x, pid: service:x, ipc: service:x, the container: forms, ipc: shareable and volumes_from make a service inherit another's exposure; make sure the joined service is hardened too.",
    example: {
      before: 'services:\n  sidecar:\n    image: example/sidecar:1\n    network_mode: service:app\n',
      after: 'services:\n  sidecar:\n    image: example/sidecar:1\n    network_mode: service:app   # app is hardened as well (CH616)\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    for (const key of KEYS) {
      const v = service[key];
      if (typeof v !== 'string') continue;
      const m = /^(service|container):(.+)$/.exec(v.trim());
      if (m) out.push({ ...at(ctx, key), key, message: `${key} joins the namespace of ${m[1]} ${m[2]}; it shares that ${m[1]}'s exposure` });
      else if (key === 'ipc' && v.trim() === 'shareable') out.push({ ...at(ctx, key), key, message: 'ipc: shareable lets other containers join this IPC namespace' });
    }
    (service.volumes_from ?? []).forEach((v, i) => {
      out.push({ ...at(ctx, 'volumes_from', i), key: `volumes_from:${v}`, message: `volumes_from ${v} mounts every volume of that ${String(v).startsWith('container:') ? 'container' : 'service'}, writable unless :ro` });
    });
    return out;
  },
};
