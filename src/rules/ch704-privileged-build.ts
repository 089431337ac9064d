import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { isRecord, truthy } from './normalize.ts';

export const rule: Rule = {
  meta: {
    id: 'CH704',
    title: 'Privileged build',
    severity: 'high',
    fix: 'report',
    refs: ['compose-spec build.md (privileged, entitlements, network)'],
    rationale: 'Build steps running privileged, with security.insecure, or on the host network can reach the host during the build.',
    example: {
      before: 'services:\n  app:\n    build:\n      context: .\n      privileged: true\n',
      after: 'services:\n  app:\n    build:\n      context: .\n',
    },
  },

  check(service, ctx) {
    const b = service.build;
    if (!isRecord(b)) return [];
    const out: RuleFinding[] = [];
    if (truthy(b.privileged)) out.push({ ...at(ctx, 'build', 'privileged'), key: 'privileged', message: 'build runs privileged' });
    (Array.isArray(b.entitlements) ? b.entitlements : []).forEach((e, i) => {
      const s = String(e).trim().toLowerCase();
      if (s === 'security.insecure' || s === 'network.host') out.push({ ...at(ctx, 'build', 'entitlements', i), key: s, message: `build is granted the ${s} entitlement` });
    });
    if (typeof b.network === 'string' && b.network.trim().toLowerCase() === 'host') out.push({ ...at(ctx, 'build', 'network'), key: 'network', message: 'build runs on the host network' });
    return out;
  },
};
