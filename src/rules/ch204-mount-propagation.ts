import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { mounts } from './mounts.ts';

const LEVEL: Record<string, 'medium' | 'low'> = { shared: 'medium', rshared: 'medium', slave: 'low', rslave: 'low' };

export const rule: Rule = {
  meta: {
    id: 'CH204',
    title: 'Shared mount propagation',
    severity: 'medium',
    fix: 'report',
    refs: ['CIS 5.20', 'KICS baa452f0-1f21-4a25-ace5-844e7a5f410d', 'compose-lint CL-0017'],
    rationale:
      'With shared (or slave) propagation, mounts made inside the container appear on the host, or host mounts leak ' +
      'in later, which breaks the isolation of the mount namespace. shared/rshared are medium, slave/rslave low; ' +
      'only the user knows whether a mount manager needs it.',
    example: {
      before: 'services:\n  storage:\n    image: example/storage:1\n    volumes:\n      - /mnt/data:/data:rshared\n',
      after: 'services:\n  storage:\n    image: example/storage:1\n    volumes:\n      - /mnt/data:/data   # CH204: propagation removed\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    for (const m of mounts(service, ctx.project)) {
      const p = m.propagation?.toLowerCase();
      if (!p || !LEVEL[p]) continue;
      const long = typeof service.volumes?.[m.index] === 'object';
      out.push({
        ...at(ctx, 'volumes', m.index, ...(long ? ['bind', 'propagation'] : [])),
        severity: LEVEL[p],
        key: m.target,
        message: `mount ${m.target} uses ${p} propagation; mounts cross between host and container`,
      });
    }
    return out;
  },
};
