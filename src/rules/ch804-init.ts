import type { Rule } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { imageView } from './image.ts';
import { isRecord } from './normalize.ts';
import { baseName } from './file-names.ts';

const ID = 'CH804';
/** Inits people put in front of their process themselves; s6-overlay must be PID 1 and refuses `init: true`. */
const OWN_INIT = new Set(['tini', 'dumb-init', 'catatonit', 's6-svscan', 'init', 'supervisord', 'runsvdir', 'my_init']);

/** The program is an init of its own (reaps zombies, forwards signals). */
export const isOwnInit = (program: string): boolean => OWN_INIT.has(baseName(program));

function hasOwnInit(service: Service): boolean {
  const first = [service.entrypoint, service.command].find((c) => Array.isArray(c) && c.length) as string[] | undefined;
  if (first && isOwnInit(String(first[0]))) return true;
  const env = isRecord(service.environment) ? service.environment : {};
  return 'S6_KEEP_ENV' in env || 'S6_BEHAVIOUR_IF_STAGE2_FAILS' in env || 'PUID' in env;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'No init process',
    severity: 'info',
    fix: 'opt-in',
    refs: ['compose-spec init'],
    rationale:
      'A PID 1 that does not reap children leaks zombies and can ignore SIGTERM, which turns every stop into a kill ' +
      'after the grace period. Reported when nothing shows the image brings its own init; init: true is opt-in.',
    example: {
      before: 'services:\n  worker:\n    image: example/worker:1\n',
      after: 'services:\n  worker:\n    image: example/worker:1\n    init: true   # CH804\n',
    },
    breaks: 'Images whose supervisor must be PID 1 (s6-overlay based images refuse to start); images that already ship tini print a warning.',
  },

  check(service, ctx) {
    if (service.init !== undefined && service.init !== null) return [];
    if (hasOwnInit(service)) return [];
    if (imageView(service, ctx).facts?.hasInit === true) return [];
    return [{ ...at(ctx, 'init'), message: 'no init process: zombies are not reaped and SIGTERM may be ignored', suggestion: 'init: true' }];
  },

  fix(service, ctx) {
    if (service.init !== undefined && service.init !== null) return;
    if (hasOwnInit(service) || !mayChangeBehaviour(ctx, ID)) return;
    if (imageView(service, ctx).facts?.hasInit === true) return;
    service.init = true;
  },
};
