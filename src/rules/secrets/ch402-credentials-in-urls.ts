import type { Rule, RuleFinding } from '../types.ts';
import { at } from '../context.ts';
import { classifyValue, describeKind, describeOrigin, originOf, secretKey, type Origin } from './detect.ts';
import { cameFromEnvFile } from './env-source.ts';
import { worseOrigin } from './inspect.ts';
import { varsOf } from '../../model/loc.ts';
import { secretBaseName } from './move.ts';

/** No image in the knowledge base reads a URL from a file, so the guidance is a wrapper that exports it. */
function urlSnippet(serviceName: string, name: string, committed: boolean): string {
  const secret = secretBaseName(serviceName, name);
  return [
    'services:',
    `  ${serviceName}:`,
    '    environment:',
    `      ${name}: !reset null   # CH402`,
    `    secrets: [${secret}]`,
    `    entrypoint: ["sh", "-c", "export ${name}=\\"$$(cat /run/secrets/${secret})\\"; exec \\"$$0\\" \\"$$@\\"", "<the image's entrypoint>"]   # CH402: the command follows`,
    'secrets:',
    `  ${secret}:`,
    committed
      ? `    file: ./secrets/${secret}   # CH402: the whole URL with a rotated password (mode 0600, git-ignored)`
      : `    environment: ${name}_URL   # CH402: the whole URL, set where Compose runs`,
    '',
  ].join('\n');
}

const ID = 'CH402';
const URL_KINDS = new Set(['url-credentials', 'connection-string-password']);

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Credentials inside URLs and connection strings',
    severity: 'high',
    fix: 'report',
    refs: ['OWASP #12', 'KICS Passwords And Secrets In URL', 'compose-lint CL-0021'],
    rationale:
      'A password inside a URL or connection string hides from key-name checks, and URLs are logged far more often ' +
      'than passwords. A committed password must be rotated.',
    example: {
      before: 'services:\n  app:\n    environment:\n      DATABASE_URL: postgres://app:s3cret@db:5432/app\n',
      after:
        'services:\n  app:\n    environment:\n      DATABASE_HOST: db\n      DATABASE_USER: app\n' +
        '      DATABASE_PASSWORD_FILE: /run/secrets/db_password   # CH402: read by the application\n' +
        '    secrets: [db_password]\n',
    },
    breaks: 'Applications that accept only a URL from the environment.',
  },

  check(service, ctx) {
    const env = service.environment;
    if (!env) return [];
    const out: RuleFinding[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (typeof value !== 'string' || cameFromEnvFile(ctx.project, ctx.serviceName, service, name)) continue;
      const found = classifyValue(value).filter((f) => URL_KINDS.has(f.kind));
      if (!found.length) continue;
      let origin: Origin = 'passthrough';
      for (const f of found) origin = worseOrigin(origin, originOf(env, name, value, f));
      const committed = origin === 'literal' || origin === 'default';
      const kinds = [...new Set(found.map((f) => describeKind(f.kind)))].join(' and ');
      out.push({
        ...at(ctx, 'environment', name),
        key: secretKey(name, origin),
        severity: committed ? 'high' : 'medium',
        message:
          `environment variable ${name} contains ${kinds}, ${describeOrigin(origin, varsOf(env, name))}; ` +
          'pass the password separately through a secret file (or move the whole URL into a secret)',
        suggestion: urlSnippet(ctx.serviceName, name, committed),
      });
    }
    return out;
  },
};
