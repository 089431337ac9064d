import type { Rule, RuleFinding } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { tmpfsMounts } from './mounts.ts';
import { isRecord } from './normalize.ts';
import { TMPFS_SIZE } from './tmpfs.ts';
import { imageView } from './image.ts';

const ID = 'CH202';
const UNSAFE = ['exec', 'suid', 'dev'];

const hasSize = (opts: string[]): boolean => opts.some((o) => o.startsWith('size='));

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Weak tmpfs options',
    severity: 'low',
    fix: 'opt-in',
    refs: ['OWASP #8', 'compose-lint CL-0022'],
    rationale:
      'Docker mounts tmpfs with noexec,nosuid,nodev by default; options that turn these back on make a ' +
      'writable-and-executable area, and an unsized tmpfs can take up to half of host RAM. Adding a size is opt-in ' +
      '(--fix CH202); removing exec/suid/dev is left to the user.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    tmpfs:\n      - /tmp:exec\n',
      after: 'services:\n  app:\n    image: example/app:1\n    tmpfs:\n      - /tmp:size=64m   # CH202\n',
    },
    breaks: 'Tools that run code from /tmp (some JITs, plugin loaders, installers).',
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    // Some images load native libraries from a tmpfs path: exec there is required, not weak (KB).
    const execOk = imageView(service, ctx).facts?.tmpfsExec ?? [];
    for (const t of tmpfsMounts(service)) {
      const unsafe = t.options.filter((o) => UNSAFE.includes(o) && !(o === 'exec' && execOk.includes(t.target)));
      if (unsafe.length) out.push({ ...at(ctx, ...t.path), key: `${t.target}:options`, message: `tmpfs ${t.target} is mounted with ${unsafe.join(', ')}` });
      if (!hasSize(t.options)) out.push({ ...at(ctx, ...t.path), key: `${t.target}:size`, message: `tmpfs ${t.target} has no size limit (up to half of host memory)` });
    }
    return out;
  },

  fix(service, ctx) {
    if (!mayChangeBehaviour(ctx, ID)) return;
    for (const t of tmpfsMounts(service)) {
      if (hasSize(t.options)) continue;
      const [key, i] = t.path;
      if (key === 'tmpfs') {
        const list = typeof service.tmpfs === 'string' ? [service.tmpfs] : [...(service.tmpfs ?? [])];
        list[i] = `${t.target}:${[`size=${TMPFS_SIZE}`, ...t.options].join(',')}`;
        service.tmpfs = list;
      } else {
        const v = service.volumes![i];
        v.tmpfs = { ...(isRecord(v.tmpfs) ? v.tmpfs : {}), size: TMPFS_SIZE };
      }
    }
  },
};
