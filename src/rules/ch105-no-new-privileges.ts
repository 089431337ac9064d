import type { Rule } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { effectiveUser, imageView } from './image.ts';
import { parseSecurityOpt } from './normalize.ts';

const ID = 'CH105';

/** The effective no-new-privileges setting: the engine takes the last entry that names it. */
export function noNewPrivileges(opts: unknown): { on: boolean; index?: number } {
  let state: { on: boolean; index?: number } = { on: false };
  (Array.isArray(opts) ? opts : []).forEach((o, i) => {
    const p = parseSecurityOpt(o);
    if (p.key !== 'no-new-privileges') return;
    const v = p.value.trim().toLowerCase();
    state = { on: v === '' || v === 'true', index: i };
  });
  return state;
}

const enabled = (s: Service): boolean => noNewPrivileges(s.security_opt).on;

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Privilege escalation not blocked (no-new-privileges)',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.26', 'OWASP #4', 'KICS 27fcc7d6-c49b-46e0-98f1-6c082a6a2750', 'PSS-R Privilege Escalation', 'semgrep no-new-privileges', 'compose-lint CL-0003', 'Polaris privilegeEscalationAllowed'],
    rationale:
      'Without the flag a process can gain privileges by executing setuid/setgid binaries or binaries with file ' +
      "capabilities; with it, such execs keep the caller's privileges. Applied automatically, except for a non-root " +
      'service whose image relies on file capabilities (opt-in there).',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n',
      after: 'services:\n  app:\n    image: example/app:1\n    security_opt:\n      - no-new-privileges:true   # CH105\n',
    },
    breaks:
      'sudo, su and other setuid tools used at runtime or by the entrypoint; non-root processes that depend on file ' +
      'capabilities (ping with cap_net_raw, some DNS/proxy binaries). Switching user from root with gosu/su-exec is unaffected.',
  },

  check(service, ctx) {
    const s = noNewPrivileges(service.security_opt);
    if (s.on) return [];
    if (s.index !== undefined) return [{ ...at(ctx, 'security_opt', s.index), message: 'no-new-privileges is switched off; setuid binaries can raise privileges' }];
    return [{ ...at(ctx, 'security_opt'), message: 'no-new-privileges is not set; setuid binaries can raise privileges', suggestion: 'security_opt:\n  - no-new-privileges:true' }];
  },

  fix(service, ctx) {
    if (enabled(service)) return;
    const view = imageView(service, ctx);
    // A non-root process only gains file capabilities through exec, which the flag turns off.
    const fileCapsNeeded = (view.facts?.fileCaps?.length ?? 0) > 0 && effectiveUser(service, view).root === false;
    if (fileCapsNeeded && !mayChangeBehaviour(ctx, ID)) return;
    const kept = (service.security_opt ?? []).filter((o) => parseSecurityOpt(o).key !== 'no-new-privileges');
    service.security_opt = [...kept, 'no-new-privileges:true'];
  },
};
