// CH610-CH613: a security_opt entry that switches a confinement off. Removing one list element means
// replacing the list (sequences append on merge), so the fix keeps every other entry in order.
import type { Rule, RuleMeta, Severity } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { parseSecurityOpt, type SecurityOpt } from './normalize.ts';

export function securityOptRule(meta: RuleMeta, judge: (o: SecurityOpt) => { severity?: Severity; message: string; remove: boolean } | undefined): Rule {
  return {
    meta,
    check(service, ctx) {
      return (service.security_opt ?? []).flatMap((o, i) => {
        const j = judge(parseSecurityOpt(o));
        return j ? [{ ...at(ctx, 'security_opt', i), severity: j.severity, key: String(o), message: j.message }] : [];
      });
    },
    fix(service, ctx) {
      const opts = service.security_opt ?? [];
      if (!opts.some((o) => judge(parseSecurityOpt(o))?.remove) || !mayChangeBehaviour(ctx, meta.id)) return;
      service.security_opt = opts.filter((o) => !judge(parseSecurityOpt(o))?.remove);
    },
  };
}

const example = (opt: string, id: string) => ({
  before: `services:\n  app:\n    image: example/app:1\n    security_opt:\n      - ${opt}\n      - no-new-privileges:true\n`,
  after: `services:\n  app:\n    image: example/app:1\n    security_opt: !override   # ${id}: ${opt} removed\n      - no-new-privileges:true\n`,
});

export { example as securityOptExample };
