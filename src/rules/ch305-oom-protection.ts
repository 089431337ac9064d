import type { Rule, RuleFinding } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { hasLimit } from './limits.ts';
import { toNumber, truthy } from './normalize.ts';

const ID = 'CH305';

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'OOM protections disabled',
    severity: 'medium',
    fix: 'opt-in',
    refs: ['compose-spec oom_kill_disable', 'compose-spec oom_score_adj'],
    rationale:
      'oom_kill_disable: true (worse without a memory limit) or a negative oom_score_adj makes the kernel kill host ' +
      'processes or other services instead of the offender. Removing the setting is opt-in (--fix CH305).',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    oom_kill_disable: true\n',
      after: 'services:\n  app:\n    image: example/app:1\n    oom_kill_disable: !reset null   # CH305\n',
    },
    breaks: 'Services whose operators deliberately protect them from the OOM killer.',
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    if (truthy(service.oom_kill_disable)) {
      const unlimited = !hasLimit(service, 'memory');
      out.push({
        ...at(ctx, 'oom_kill_disable'),
        severity: unlimited ? 'high' : undefined,
        message: `OOM killer disabled${unlimited ? ' without a memory limit: the host runs out of memory first' : ''}`,
      });
    }
    const adj = toNumber(service.oom_score_adj);
    if (adj !== undefined && adj < 0) out.push({ ...at(ctx, 'oom_score_adj'), message: `oom_score_adj ${adj} makes the kernel kill other processes first` });
    return out;
  },

  fix(service, ctx) {
    if (!mayChangeBehaviour(ctx, ID)) return;
    if (truthy(service.oom_kill_disable)) delete service.oom_kill_disable;
    const adj = toNumber(service.oom_score_adj);
    if (adj !== undefined && adj < 0) delete service.oom_score_adj;
  },
};
