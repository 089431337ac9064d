import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { imageView } from './image.ts';
import { isRecord, toNumber } from './normalize.ts';

const unlimited = (v: unknown): boolean => (typeof v === 'string' && v.trim().toLowerCase() === 'unlimited') || toNumber(v) === -1;

export const rule: Rule = {
  meta: {
    id: 'CH304',
    title: 'Risky ulimits',
    severity: 'low',
    fix: 'report',
    refs: ['CIS 5.19', 'OWASP #7'],
    rationale:
      'Raising memlock, nproc or nofile to unlimited removes a per-container safety net; CIS asks for overrides only ' +
      'where needed. Some images legitimately need them (memory locking for search engines): keep those with an exception.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    ulimits:\n      nproc: -1\n',
      after: 'services:\n  app:\n    image: example/app:1\n    ulimits:\n      nproc: 65535   # CH304: a bound instead of unlimited\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    // Limits the image legitimately needs (memory locking for some search engines) are not findings (KB).
    const needed = imageView(service, ctx).facts?.ulimits ?? {};
    for (const [name, v] of Object.entries(isRecord(service.ulimits) ? service.ulimits : {})) {
      const values = isRecord(v) ? [v.soft, v.hard] : [v];
      if (!values.some(unlimited) || needed[name] === -1) continue;
      out.push({ ...at(ctx, 'ulimits', name), key: name, message: `ulimit ${name} is unlimited` });
    }
    return out;
  },
};
