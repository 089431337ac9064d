import type { Project } from '../model/types.ts';
import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { mounts, type Mount } from './mounts.ts';

/** What identifies the same storage across services: a named volume's name, or the host path of a bind. */
function storageKey(m: Mount): string | undefined {
  if (m.readOnly) return undefined;
  if (m.hostPath) return `path:${m.hostPath}`;
  if (m.type === 'volume' && m.source) return `volume:${m.source}`;
  return undefined;
}

/** Which services mount each storage writable, built once per project: a pairwise scan is quadratic. */
const byProject = new WeakMap<object, Map<string, Set<string>>>();
function usersByStorage(project: Project): Map<string, Set<string>> {
  let map = byProject.get(project.services);
  if (!map) {
    map = new Map();
    for (const [name, s] of Object.entries(project.services)) {
      for (const m of mounts(s, project)) {
        const key = storageKey(m);
        if (!key) continue;
        const set = map.get(key) ?? new Set<string>();
        set.add(name);
        map.set(key, set);
      }
    }
    byProject.set(project.services, map);
  }
  return map;
}

export const rule: Rule = {
  meta: {
    id: 'CH205',
    title: 'Volume shared read-write between services',
    severity: 'info',
    fix: 'report',
    refs: ['KICS 8c978947-0ff6-485c-b0c2-0bfca6026466'],
    rationale:
      "A shared writable volume is a path for one compromised service to tamper with another's data or code. Mount " +
      'it read-only on the side that only reads (same target, read_only: true). volumes_from is reported by CH616.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    volumes: [static:/srv/static]\n  web:\n    image: nginx:1.27\n    volumes: [static:/usr/share/nginx/html]\n',
      after:
        'services:\n  web:\n    volumes:\n      - type: volume\n        source: static\n        target: /usr/share/nginx/html\n        read_only: true   # CH205\n',
    },
    breaks: 'Setups where both sides write (upload directories shared by an app and a web server).',
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    const users = usersByStorage(ctx.project);
    for (const m of mounts(service, ctx.project)) {
      const key = storageKey(m);
      if (!key) continue;
      const others = [...(users.get(key) ?? [])].filter((name) => name !== ctx.serviceName).sort();
      if (!others.length) continue;
      const what = m.type === 'volume' && !m.hostPath ? `volume ${m.source}` : `host path ${m.source}`;
      out.push({ ...at(ctx, 'volumes', m.index), key: m.target, message: `${what} is mounted writable here and by ${others.join(', ')}` });
    }
    return out;
  },
};
