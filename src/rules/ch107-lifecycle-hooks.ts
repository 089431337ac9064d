import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { hasPlaceholder, isRecord, isRootName, parseUser, truthy } from './normalize.ts';

const HOOKS = ['pre_start', 'post_start', 'pre_stop'];

export const rule: Rule = {
  meta: {
    id: 'CH107',
    title: 'Privileged or root lifecycle hooks',
    severity: 'high',
    fix: 'report',
    refs: ['compose-spec 05-services.md (post_start, pre_start, pre_stop)', 'OWASP #3'],
    rationale:
      'post_start, pre_stop and pre_start steps can run with privileged: true or as root even when the service ' +
      'itself is hardened; pre_start steps run their own container. Move root work into the image build or a one-off job.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    post_start:\n      - command: ["chown", "-R", "app", "/data"]\n        user: root\n',
      after: 'services:\n  app:\n    image: example/app:1\n    # data ownership prepared at build time or by a one-off job (CH107)\n',
    },
  },

  check(_service, ctx) {
    const service = _service as Record<string, unknown>;
    const out: RuleFinding[] = [];
    for (const hook of HOOKS) {
      const list = service[hook];
      if (!Array.isArray(list)) continue;
      list.forEach((h, i) => {
        if (!isRecord(h)) return;
        if (truthy(h.privileged)) out.push({ ...at(ctx, hook, i, 'privileged'), key: `${hook}[${i}].privileged`, message: `${hook} step ${i + 1} runs privileged` });
        const u = parseUser(h.user);
        if (u && !hasPlaceholder(h.user) && isRootName(u.user)) out.push({ ...at(ctx, hook, i, 'user'), key: `${hook}[${i}].user`, message: `${hook} step ${i + 1} runs as root` });
      });
    }
    return out;
  },
};
