import type { Rule, RuleFinding } from '../types.ts';
import { at } from '../context.ts';
import { describeOrigin, secretKey } from './detect.ts';
import { describeHit, inspect, secretNameFor } from './inspect.ts';

const ID = 'CH404';

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Secrets in build arguments',
    severity: 'high',
    fix: 'report',
    refs: ['CIS 4.10', 'OWASP #12', 'OWASP #13'],
    rationale:
      'Build arguments are recorded in image metadata and history (docker history, registry manifests), so the secret ' +
      'ships with every copy of the image. Use a build secret, mounted only for the RUN step that needs it.',
    example: {
      before: 'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n',
      after:
        'services:\n  app:\n    build:\n      context: .\n      secrets: [npm_token]   # CH404: RUN --mount=type=secret,id=npm_token ...\n' +
        'secrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
    },
  },

  check(service, ctx) {
    const args = service.build?.args;
    if (!args) return [];
    const out: RuleFinding[] = [];
    for (const [name, value] of Object.entries(args)) {
      const hit = inspect(args, name, name, value, { policy: ctx.policy, urls: true, passthrough: true });
      if (!hit) continue;
      const secret = secretNameFor(name);
      out.push({
        ...at(ctx, 'build', 'args', name),
        key: secretKey(name, hit.origin),
        message:
          `build argument ${name} holds a secret (${describeHit(hit)}), ${describeOrigin(hit.origin, hit.vars)}; build arguments are ` +
          `stored in the image history: use a build secret (RUN --mount=type=secret,id=${secret}) instead`,
        suggestion: [
          'services:',
          `  ${ctx.serviceName}:`,
          '    build:',
          '      args:',
          `        ${name}: !reset null   # CH404`,
          `      secrets: [${secret}]   # CH404: the Dockerfile reads it with RUN --mount=type=secret,id=${secret}`,
          'secrets:',
          `  ${secret}:`,
          `    environment: ${hit.vars[0] ?? name}`,
          '',
        ].join('\n'),
      });
    }
    return out;
  },
};
