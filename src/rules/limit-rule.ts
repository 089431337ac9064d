// CH301-CH303 differ only in which limit they look at and what value they write.
import type { Rule, RuleContext, RuleMeta } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { hasLimit, limitValues, writeLimit, type LimitKind } from './limits.ts';

export function limitRule(kind: LimitKind, meta: RuleMeta, what: string, value: (s: Service, ctx: RuleContext) => string | number): Rule {
  return {
    meta,
    check(service, ctx) {
      if (hasLimit(service, kind)) return [];
      const set = limitValues(service, kind)[0];
      const v = JSON.stringify(value(service, ctx));
      if (set) return [{ ...at(ctx, ...set.path), message: `${what} limit is switched off (${set.value} means unlimited)`, suggestion: `${set.path.join('.')}: ${v}` }];
      return [{ ...at(ctx), message: `no ${what} limit`, suggestion: `deploy.resources.limits.${kind}: ${v}` }];
    },
    fix(service, ctx) {
      if (hasLimit(service, kind)) return;
      // 0 or -1 written on purpose means "unlimited": replacing it is the user's call.
      if (limitValues(service, kind).length && !mayChangeBehaviour(ctx, meta.id)) return;
      writeLimit(service, kind, value(service, ctx), { v1: ctx.policy.composeV1 === true });
    },
  };
}
