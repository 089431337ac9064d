import type { Rule, RuleContext, RuleFinding } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { effectiveUser, imageView, vouched, type ImageView } from './image.ts';
import { addEnv, addTmpfs } from './tmpfs.ts';
import { hasPlaceholder, isNumeric, isRootName, parseUser } from './normalize.ts';

const ID = 'CH101';
/** `nobody`: the conventional unprivileged id, used only when the user opted in for an unknown image. */
const FALLBACK_USER = '65534:65534';

/** Images built around PUID/PGID and an init that must start as root (s6-overlay style): `user:` is wrong there. */
function usesPuid(service: Service): boolean {
  const env = service.environment ?? {};
  return 'PUID' in env || 'PGID' in env;
}

/** The uid:gid to write: the policy's, else one the knowledge base vouches for, else (opt-in only) a guess. */
export function targetUser(service: Service, view: ImageView, ctx: RuleContext, id = ID): string | undefined {
  if (view.custom?.user) return view.custom.user;
  const f = view.facts;
  if (f && !f.runsAsUidDirectly) return undefined; // the KB says starting as a non-root uid breaks the image
  if (usesPuid(service)) return undefined;
  // A non-root image with gid 0 gets its uid as group too, unless it is built for group 0 (CH106).
  const gid = f && (f.needsRootGroup ? 0 : f.gid || f.uid);
  const known = f?.serviceUser ?? (f && f.uid !== 0 ? `${f.uid}:${gid}` : undefined);
  if (known && vouched(f)) return known;
  if (!mayChangeBehaviour(ctx, id)) return undefined;
  return known ?? FALLBACK_USER;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Service runs as root',
    severity: 'medium',
    fix: 'auto',
    refs: ['OWASP #2', 'CIS 4.1', 'CIS 5.24', 'PSS-R Running as Non-root', 'compose-lint CL-0018', 'Polaris runAsRootAllowed', 'hadolint DL3002'],
    rationale:
      'A process that is root inside the container turns any escape or writable host mount into root on the host, ' +
      'and it can use every capability the container still holds. Applied automatically for images the knowledge ' +
      'base knows a working non-root uid for; opt-in (--strict or --fix CH101) for other images.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16\n',
      after: 'services:\n  db:\n    image: postgres:16\n    user: "999:999"   # CH101: uid/gid of the postgres user (KB)\n',
    },
    breaks:
      'Data in existing volumes or bind mounts owned by root or another uid (permission denied on start); entrypoints ' +
      'that chown or initialise as root before dropping privileges; images that rewrite files under /etc at start; ' +
      'PUID/PGID (s6-overlay) images, for which user: is wrong; a named user that does not exist in the image.',
  },

  check(service, ctx) {
    const view = imageView(service, ctx);
    const raw = service.user;
    const spec = parseUser(raw);
    if (spec && hasPlaceholder(raw)) return [];
    if (spec) {
      if (isRootName(spec.user)) return [{ ...at(ctx, 'user'), message: `service runs as root (user: ${raw}); set a numeric non-root uid:gid` }];
      if (isNumeric(spec.user)) return [];
      const eff = effectiveUser(service, view);
      if (eff.root === false) return [];
      if (eff.root === true) return [{ ...at(ctx, 'user'), message: `user "${spec.user}" is root in this image; set a numeric non-root uid:gid` }];
      return [{
        ...at(ctx, 'user'),
        severity: 'info',
        message: `user "${spec.user}" is a name that cannot be proven non-root here; prefer the numeric uid:gid`,
      }];
    }
    const eff = effectiveUser(service, view);
    if (eff.root === false) return [];
    const out: RuleFinding = {
      ...at(ctx, 'user'),
      message:
        eff.root === true
          ? `${view.ref ? `image ${view.ref}` : 'the image'} starts as root and no user: is set`
          : view.built
            ? 'no user: is set and the locally built image\'s user is unknown (root unless its Dockerfile says USER)'
            : 'no user: is set and the image\'s default user is unknown (root unless the image says otherwise)',
    };
    const target = targetUser(service, view, ctx);
    if (target) out.suggestion = `user: "${target}"`;
    return [out];
  },

  fix(service, ctx) {
    const view = imageView(service, ctx);
    const spec = parseUser(service.user);
    if (spec && (hasPlaceholder(service.user) || !isRootName(spec.user))) return; // only an explicit root or no user at all
    if (spec && !mayChangeBehaviour(ctx, ID)) return; // an explicit `user: root` is a deliberate choice
    if (!spec && effectiveUser(service, view).root === false) return;
    const target = targetUser(service, view, ctx);
    if (!target) return;
    service.user = target;
    // What the entrypoint would have prepared as root, done another way for a non-root start (KB).
    const f = view.facts;
    if (!f || target !== f.serviceUser) return;
    addEnv(service, f.serviceUserEnv);
    const [uid, gid] = target.split(':').map(Number);
    if (f.serviceUserNeedsWritable?.length) addTmpfs(service, f.serviceUserNeedsWritable, Number.isFinite(uid) ? { uid, gid: Number.isFinite(gid) ? gid : uid } : undefined);
  },
};
