import type { Rule, RuleContext, RuleFinding } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { imageView } from './image.ts';
import { hasPlaceholder, isNumeric, isRootName, parseUser } from './normalize.ts';

const ID = 'CH106';
const SENSITIVE = new Set(['0', 'root', 'docker', 'disk', 'adm', 'shadow', 'sudo', 'wheel']);
const HOST_ROOT_EQUIVALENT = new Set(['docker', 'disk']);

function sensitiveGroup(g: unknown, ctx: RuleContext): string | undefined {
  const s = String(g).trim().toLowerCase();
  if (SENSITIVE.has(s)) return s;
  if (ctx.policy.dockerGid !== undefined && s === String(ctx.policy.dockerGid)) return 'docker';
  return undefined;
}

/** The image's own group for this uid, when the knowledge base knows it and it is not 0. */
function imageGroup(service: Service, ctx: RuleContext, uid: string): string | undefined {
  const view = imageView(service, ctx);
  const f = view.facts;
  const candidates = [view.custom?.user, f?.serviceUser, f ? `${f.uid}:${f.gid}` : undefined];
  for (const c of candidates) {
    const u = parseUser(c);
    if (u && u.user === uid && u.group && isNumeric(u.group) && u.group !== '0') return u.group;
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Root group or sensitive supplementary groups',
    severity: 'low',
    fix: 'auto',
    refs: ['PSS-R Non-root groups', 'OWASP #2'],
    rationale:
      'Group 0 owns many root-writable paths; membership in host groups such as docker or disk can be as good as ' +
      "root when the matching socket or device is present. The fix uses the image's own group for the uid " +
      '(knowledge base); removing group_add entries is opt-in.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16\n    user: "999:0"\n    group_add: [docker]\n',
      after: 'services:\n  db:\n    image: postgres:16\n    user: "999:999"   # CH106\n    group_add: !override []   # CH106 (opt-in)\n',
    },
    breaks: 'Images designed for arbitrary uids with group 0 (the OpenShift convention: group-writable directories owned by gid 0) need gid 0.',
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    const u = parseUser(service.user);
    // Images built for group 0 (OpenShift style) need it; the knowledge base says which.
    const rootGroupNeeded = imageView(service, ctx).facts?.needsRootGroup === true;
    if (u?.group !== undefined && !hasPlaceholder(service.user) && isRootName(u.group) && !isRootName(u.user) && !rootGroupNeeded) {
      out.push({ ...at(ctx, 'user'), message: `user ${u.user} runs with primary group root (gid 0)` });
    }
    (service.group_add ?? []).forEach((g, i) => {
      const name = sensitiveGroup(g, ctx);
      if (!name) return;
      out.push({
        ...at(ctx, 'group_add', i),
        severity: HOST_ROOT_EQUIVALENT.has(name) ? 'medium' : 'low',
        key: String(g),
        message: `group_add ${g}: membership in ${name === '0' ? 'root' : name} grants root-equivalent or privileged file access`,
      });
    });
    return out;
  },

  fix(service, ctx) {
    const u = parseUser(service.user);
    const rootGroupNeeded = imageView(service, ctx).facts?.needsRootGroup === true;
    if (u?.group !== undefined && !hasPlaceholder(service.user) && isRootName(u.group) && isNumeric(u.user) && u.user !== '0' && !rootGroupNeeded) {
      const g = imageGroup(service, ctx, u.user);
      if (g) service.user = `${u.user}:${g}`;
    }
    if (service.group_add?.some((g) => sensitiveGroup(g, ctx)) && mayChangeBehaviour(ctx, ID)) {
      service.group_add = service.group_add.filter((g) => !sensitiveGroup(g, ctx));
    }
  },
};
