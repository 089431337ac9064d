import type { Rule } from './types.ts';
import { at } from './context.ts';

export const rule: Rule = {
  meta: {
    id: 'CH306',
    title: 'Custom cgroup parent',
    severity: 'info',
    fix: 'report',
    refs: ['CIS 5.25', 'KICS 4d9f44c6-2f4a-4317-9bb5-267adbea0232'],
    rationale: 'Placing the container under an arbitrary parent cgroup can move it out of the limits the host applies to Docker workloads; confirm it is intended.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    cgroup_parent: /custom\n',
      after: 'services:\n  app:\n    image: example/app:1\n',
    },
  },

  check(service, ctx) {
    if (typeof service.cgroup_parent !== 'string' || service.cgroup_parent.trim() === '') return [];
    return [{ ...at(ctx, 'cgroup_parent'), message: `container is placed under cgroup parent ${service.cgroup_parent}` }];
  },
};
