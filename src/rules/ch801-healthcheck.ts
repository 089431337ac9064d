import type { Rule } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { imageView } from './image.ts';
import { isRecord, truthy } from './normalize.ts';
import { isOneShot } from './one-shot.ts';

const ID = 'CH801';
const TIMING = { interval: '10s', timeout: '5s', retries: 5, start_period: '30s' };

type State = 'ok' | 'absent' | 'disabled';

function state(hc: unknown): State {
  if (!isRecord(hc)) return 'absent';
  if (truthy(hc.disable)) return 'disabled';
  if (Array.isArray(hc.test) && String(hc.test[0] ?? '').toUpperCase() === 'NONE') return 'disabled';
  return 'ok'; // a block without `test` tunes the image's own HEALTHCHECK
}

/** Base images whose healthcheck depends on the application built on them. */
const LANGUAGE_RUNTIMES = new Set(['node', 'python']);

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Healthcheck missing or disabled',
    severity: 'low',
    fix: 'auto',
    refs: ['CIS 5.27', 'CIS 4.6', 'KICS 698ed579-b239-4f8f-a388-baa4bcb13ef8', 'Polaris livenessProbeMissing', 'Polaris readinessProbeMissing', 'hadolint DL3057'],
    rationale:
      'Without a healthcheck Compose cannot order start-up on readiness, and a hung service looks alive. The fix ' +
      "adds the knowledge base's verified healthcheck for the image; for other images the finding is info, since the " +
      'image may define its own HEALTHCHECK. Re-enabling a disabled healthcheck is opt-in.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16\n',
      after:
        'services:\n  db:\n    image: postgres:16\n    healthcheck:   # CH801: KB healthcheck for postgres\n      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U \\"$${POSTGRES_USER:-postgres}\\""]\n' +
        '      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 30s\n',
    },
    breaks:
      'A probe tool missing from the image (distroless images have no shell, curl or wget), a wrong port or path, or ' +
      'CPU limits making it time out: the service turns unhealthy and dependents waiting on service_healthy never start.',
  },

  check(service, ctx) {
    const s = state(service.healthcheck);
    if (s === 'ok') return [];
    // A job others wait to complete signals readiness by exiting; a healthcheck would never be consulted.
    if (isOneShot(ctx.project, ctx.serviceName)) return [];
    if (s === 'disabled') {
      const hc = service.healthcheck as Record<string, unknown>;
      return [{ ...at(ctx, 'healthcheck', truthy(hc.disable) ? 'disable' : 'test'), message: 'healthcheck is disabled' }];
    }
    const facts = imageView(service, ctx).facts;
    if (facts?.healthcheck) return [{ ...at(ctx, 'healthcheck'), message: `no healthcheck; the knowledge base has a verified one for ${facts.image}` }];
    return [{ ...at(ctx, 'healthcheck'), severity: 'info', message: 'no healthcheck in the compose file (the image may define its own HEALTHCHECK)' }];
  },

  fix(service, ctx) {
    const s = state(service.healthcheck);
    if (s === 'ok' || isOneShot(ctx.project, ctx.serviceName)) return;
    if (s === 'disabled' && !mayChangeBehaviour(ctx, ID)) return;
    const facts = imageView(service, ctx).facts;
    const test = facts?.healthcheck;
    if (!test) return;
    // Language runtimes run the user's app: the knowledge base's probe guesses its port, so only on request.
    if (LANGUAGE_RUNTIMES.has(facts!.image) && !mayChangeBehaviour(ctx, ID)) return;
    // The model holds values after interpolation; the knowledge base writes `$$` for a literal `$`.
    const unescaped = test.map((t) => t.replace(/\$\$/g, '$'));
    const hc: Record<string, unknown> = isRecord(service.healthcheck) ? service.healthcheck : {};
    delete hc.disable;
    hc.test = unescaped;
    for (const [k, v] of Object.entries(TIMING)) if (hc[k] === undefined) hc[k] = v;
    service.healthcheck = hc;
  },
};
