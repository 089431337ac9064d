import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { Service } from '../../model/types.ts';
import { at } from '../context.ts';
import { varsOf } from '../../model/loc.ts';
import { describeOrigin, originOf, secretKey, type Origin } from './detect.ts';
import { commandSecrets } from './command.ts';
import { describeHit, inspect, worseOrigin } from './inspect.ts';

const ID = 'CH405';

function commandFindings(ctx: RuleContext, argv: unknown, path: Array<string | number>, what: string): RuleFinding[] {
  if (!Array.isArray(argv)) return [];
  const byIndex = new Map<number, { reasons: Set<string>; origin: Origin }>();
  for (const s of commandSecrets(argv, ctx.policy)) {
    const value = argv[s.index] as string;
    const origin = originOf(argv, s.index, value, s);
    const cur = byIndex.get(s.index);
    if (cur) {
      cur.reasons.add(s.reason);
      cur.origin = worseOrigin(cur.origin, origin);
    } else byIndex.set(s.index, { reasons: new Set([s.reason]), origin });
  }
  const out: RuleFinding[] = [];
  for (const [index, { reasons, origin }] of byIndex) {
    const committed = origin === 'literal' || origin === 'default';
    out.push({
      ...at(ctx, ...path, index),
      key: secretKey(`${path.join('.')}[${index}]`, origin),
      severity: committed ? 'high' : 'medium',
      message:
        `${what} argument ${index} holds a secret (${[...reasons].join(', ')}), ${describeOrigin(origin, varsOf(argv, index))}; ` +
        'command lines show in docker inspect and every process listing: let the process read the secret from a file ' +
        '(or from an environment variable the shell expands at run time, written $$VAR)',
    });
  }
  return out;
}

function labelFindings(service: Service, ctx: RuleContext): RuleFinding[] {
  const labels = service.labels;
  if (!labels) return [];
  const out: RuleFinding[] = [];
  for (const [name, value] of Object.entries(labels)) {
    const hit = inspect(labels, name, name, typeof value === 'string' ? value : String(value), { policy: ctx.policy, urls: true });
    if (!hit) continue;
    const committed = hit.origin === 'literal' || hit.origin === 'default';
    out.push({
      ...at(ctx, 'labels', name),
      key: secretKey(`labels.${name}`, hit.origin),
      severity: committed ? 'high' : 'medium',
      message:
        `label ${name} holds a secret (${describeHit(hit)}), ${describeOrigin(hit.origin, hit.vars)}; labels are readable by ` +
        'anyone who can inspect the container and by monitoring systems that scrape them',
    });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Secrets in labels, command, entrypoint or healthcheck',
    severity: 'high',
    fix: 'report',
    refs: ['OWASP #12', 'CIS 4.10'],
    rationale:
      'Labels, command lines and healthcheck commands end up in docker inspect, in process listings on the host and in ' +
      'monitoring systems that scrape labels. A secret passed as --password=... or -p... is readable by every local user.',
    example: {
      before: 'services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass s3cret\n',
      after:
        'services:\n  cache:\n    image: redis:7\n    command: ["sh", "-c", "exec redis-server --requirepass \\"$$(cat /run/secrets/redis_password)\\""]   # CH405\n' +
        '    secrets: [redis_password]\n',
    },
  },

  check(service, ctx) {
    const out = labelFindings(service, ctx);
    out.push(...commandFindings(ctx, service.command, ['command'], 'command'));
    out.push(...commandFindings(ctx, service.entrypoint, ['entrypoint'], 'entrypoint'));
    out.push(...commandFindings(ctx, service.healthcheck?.test, ['healthcheck', 'test'], 'healthcheck'));
    for (const hook of ['post_start', 'pre_stop'] as const) {
      (service[hook] ?? []).forEach((h, i) => out.push(...commandFindings(ctx, h?.command, [hook, i, 'command'], hook)));
    }
    return out;
  },
};
