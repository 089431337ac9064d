import type { Rule } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { isRecord, toNumber } from './normalize.ts';
import { isOneShot } from './one-shot.ts';

const ID = 'CH802';
export const BOUNDED_RESTART = 'on-failure:5';

function restartPolicy(service: Service): Record<string, unknown> | undefined {
  return isRecord(service.deploy) && isRecord(service.deploy.restart_policy) ? service.deploy.restart_policy : undefined;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Restart policy',
    severity: 'low',
    fix: 'opt-in',
    refs: ['CIS 5.15', 'OWASP #7', 'KICS 2fc99041-ddad-49d5-853f-e35e70a48391'],
    rationale:
      'CIS asks for bounded retries so a crash-looping service cannot hammer the host or hide failures; without a ' +
      'policy a crashed service stays down. The fix (on-failure:5 where no policy is set) is opt-in: --fix CH802 or ' +
      '--strict; always/unless-stopped are only reported, because swapping them changes what comes back after a reboot.',
    example: {
      before: 'services:\n  api:\n    image: example/api:1\n',
      after: 'services:\n  api:\n    image: example/api:1\n    restart: on-failure:5   # CH802\n',
    },
    breaks:
      'always/unless-stopped are started with the daemon while on-failure only reacts to a failed exit, so a swap ' +
      'changes what survives a reboot; one-shot jobs (migrations, services others wait on with ' +
      'service_completed_successfully) would re-run on failure.',
  },

  check(service, ctx) {
    const policy = restartPolicy(service);
    if (policy) {
      const cond = String(policy.condition ?? 'any');
      if (cond === 'none' || toNumber(policy.max_attempts) !== undefined) return [];
      return [{ ...at(ctx, 'deploy', 'restart_policy'), message: 'deploy.restart_policy has no max_attempts: a crash loop retries forever' }];
    }
    const r = typeof service.restart === 'string' ? service.restart.trim() : undefined;
    // A job others wait to complete is meant to stay down once it exits; no policy is the right one.
    if ((r === undefined || r === '') && isOneShot(ctx.project, ctx.serviceName)) return [];
    if (r === undefined || r === '') return [{ ...at(ctx, 'restart'), message: 'no restart policy: a crashed service stays down', suggestion: `restart: ${BOUNDED_RESTART}` }];
    if (r === 'always' || r === 'unless-stopped') return [{ ...at(ctx, 'restart'), message: `restart: ${r} retries forever and hides crash loops; on-failure:N bounds it but no longer restarts after a reboot` }];
    if (r === 'on-failure') return [{ ...at(ctx, 'restart'), message: 'restart: on-failure has no retry bound', suggestion: `restart: ${BOUNDED_RESTART}` }];
    return [];
  },

  fix(service, ctx) {
    if (restartPolicy(service) || isOneShot(ctx.project, ctx.serviceName)) return;
    const r = typeof service.restart === 'string' ? service.restart.trim() : '';
    if (r !== '' && r !== 'on-failure') return;
    // Report only unless asked: a restart policy decides what comes back after a crash or a reboot.
    if (!mayChangeBehaviour(ctx, ID)) return;
    service.restart = BOUNDED_RESTART;
  },
};
