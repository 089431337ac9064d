import type { Rule, RuleContext } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { isRecord } from './normalize.ts';

const ID = 'CH803';

function driverOf(service: Service): string | undefined {
  const d = isRecord(service.logging) ? service.logging.driver : undefined;
  return typeof d === 'string' && d.trim() ? d.trim() : undefined;
}

function missingOptions(service: Service): string[] {
  const o = isRecord(service.logging) && isRecord(service.logging.options) ? service.logging.options : {};
  return ['max-size', 'max-file'].filter((k) => o[k] === undefined || o[k] === null || o[k] === '');
}

/**
 * The driver the container ends up with: its own, else the one the policy names (the daemon default the user
 * vouches for), else unknown. `local` rotates by default; drivers other than json-file do not take its options.
 */
function effectiveDriver(service: Service, ctx: RuleContext): { driver?: string; own: boolean } {
  const own = driverOf(service);
  return own ? { driver: own, own: true } : { driver: ctx.policy.logging.driver, own: false };
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Logs without rotation, or logging disabled',
    severity: 'low',
    fix: 'auto',
    refs: ['OWASP logging', 'compose-lint CL-0014'],
    rationale:
      'Unrotated json-file logs fill the disk and take the host down; driver none throws away the evidence of an ' +
      'incident. Rotation options are added automatically when the driver is json-file (written or named by the ' +
      'policy); with no driver the daemon default is unknown, so writing json-file is opt-in, as is replacing none.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    logging:\n      driver: json-file\n',
      after: 'services:\n  app:\n    image: example/app:1\n    logging:\n      driver: json-file\n      options:\n        max-size: "50m"   # CH803\n        max-file: "3"\n',
    },
    breaks:
      'json-file options on a service whose effective driver is something else (journald, syslog) make the container ' +
      'fail to start; forcing driver: json-file changes where logs go on hosts configured otherwise.',
  },

  check(service, ctx) {
    const { driver, own } = effectiveDriver(service, ctx);
    if (driver === 'none') return [{ ...at(ctx, 'logging', 'driver'), message: 'logging is disabled (driver none)' }];
    if (driver !== undefined && driver !== 'json-file') return [];
    const missing = missingOptions(service);
    if (!missing.length) return [];
    const where = own ? at(ctx, 'logging', 'driver') : at(ctx, 'logging');
    const what = driver ? 'json-file logs' : 'logs (no driver set: the daemon default, usually json-file)';
    return [{ ...where, message: `${what} are not rotated: ${missing.join(' and ')} missing` }];
  },

  fix(service, ctx) {
    const { driver, own } = effectiveDriver(service, ctx);
    if (driver !== undefined && driver !== 'json-file' && driver !== 'none') return;
    if (driver === 'json-file' && !missingOptions(service).length) return;
    if ((driver === undefined || driver === 'none') && !mayChangeBehaviour(ctx, ID)) return;
    const logging = (service.logging ??= {});
    if (driver === 'none') {
      logging.driver = ctx.policy.logging.driver && ctx.policy.logging.driver !== 'none' ? ctx.policy.logging.driver : 'json-file';
      if (logging.driver !== 'json-file') return;
    } else if (!own) {
      logging.driver = 'json-file'; // options are only valid for a driver that takes them: name it
    }
    const options = (logging.options ??= {});
    options['max-size'] ??= ctx.policy.logging.maxSize;
    options['max-file'] ??= ctx.policy.logging.maxFile;
  },
};
