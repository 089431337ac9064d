import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { Service } from '../../model/types.ts';
import { at } from '../context.ts';
import { imageView } from '../image.ts';
import { describeOrigin, secretKey, type Origin } from './detect.ts';
import { cameFromEnvFile } from './env-source.ts';
import { fileVariant, type FileVariant } from './file-variant.ts';
import { describeHit, inspect } from './inspect.ts';
import { moveEnvironmentSecrets, secretBaseName, singleVariable } from './move.ts';
import { rawOf } from '../../model/loc.ts';

const ID = 'CH401';

/**
 * The override that moves `name` into a Compose secret; the value itself never appears in it. For an image that
 * cannot read a file (no `*_FILE` twin known), the snippet adds an entrypoint wrapper that exports the file's
 * content, to be adapted to the image's real entrypoint.
 */
export function secretSnippet(serviceName: string, name: string, origin: Origin, vars: string[], variant: FileVariant, raw?: string): string {
  const secret = secretBaseName(serviceName, name);
  const variable = singleVariable(raw) ?? vars[0] ?? name;
  const source =
    origin === 'literal'
      ? `    file: ./secrets/${secret}   # CH401: write the rotated value here (mode 0600, git-ignored); needs --write-secrets`
      : origin === 'passthrough'
        ? `    environment: ${name}   # CH401: set it where Compose runs`
        : `    environment: ${variable}   # CH401: the value was \${${variable}}${origin === 'default' ? '; drop the committed default and rotate it' : ''}`;
  const env =
    variant.kind === 'file'
      ? [`    environment:`, `      ${name}: !reset null   # CH401`, `      ${variant.variable}: /run/secrets/${secret}`]
      : [
          `    environment:`,
          `      ${name}: !reset null   # CH401: the application must read /run/secrets/${secret} itself, or a wrapper exports it:`,
          `    entrypoint: ["sh", "-c", "export ${name}=\\"$$(cat /run/secrets/${secret})\\"; exec \\"$$0\\" \\"$$@\\"", "<the image's entrypoint>"]   # CH401: the command follows`,
        ];
  return [`services:`, `  ${serviceName}:`, ...env, `    secrets:`, `      - ${secret}`, `secrets:`, `  ${secret}:`, source, ''].join('\n');
}

function check(service: Service, ctx: RuleContext): RuleFinding[] {
  const env = service.environment;
  if (!env) return [];
  const out: RuleFinding[] = [];
  const facts = imageView(service, ctx).facts;
  for (const [name, value] of Object.entries(env)) {
    if (cameFromEnvFile(ctx.project, ctx.serviceName, service, name)) continue;
    const hit = inspect(env, name, name, value, { policy: ctx.policy, urls: false, passthrough: true });
    if (!hit) continue;
    const variant = fileVariant(facts, name);
    const committed = hit.origin === 'literal' || hit.origin === 'default';
    const where = describeOrigin(hit.origin, hit.vars);
    const how =
      variant.kind === 'refused'
        ? 'the image refuses file-sourced secrets, so it must stay an environment variable: restrict who can inspect the container'
        : variant.kind === 'file'
          ? `move it into a Compose secret read through ${variant.variable}`
          : 'move it into a Compose secret under /run/secrets';
    out.push({
      ...at(ctx, 'environment', name),
      key: secretKey(name, hit.origin),
      severity: committed ? 'high' : 'medium',
      message: `environment variable ${name} holds a secret (${describeHit(hit)}), ${where}; environment variables show in docker inspect and /proc/<pid>/environ: ${how}`,
      ...(variant.kind === 'refused' ? {} : { suggestion: secretSnippet(ctx.serviceName, name, hit.origin, hit.vars, variant, rawOf(env, name)) }),
    });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Secret in environment',
    severity: 'high',
    fix: 'auto',
    refs: ['OWASP #12', 'CIS 4.10', 'KICS a88baa34-e2ad-44ea-ad6f-8cac87bc7c71', 'compose-lint CL-0020', 'Polaris sensitiveContainerEnvVar', 'hadolint DL3064'],
    rationale:
      'Environment variables are visible to anyone who can inspect the container or read /proc/<pid>/environ, are ' +
      'inherited by child processes and end up in logs and crash dumps; Compose secrets are files under /run/secrets. ' +
      'A value written in the compose file is committed and must be rotated (high); one interpolated from ${VAR} stays ' +
      'out of the file but still reaches the container environment (medium). Applied automatically for images that ' +
      'read a *_FILE variant when the value is interpolated; committed literals only with --write-secrets.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
      after:
        'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: !reset null                 # CH401\n' +
        '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets:\n      - db_password\n' +
        'secrets:\n  db_password:\n    environment: DB_PASSWORD   # CH401: the original value was ${DB_PASSWORD}\n',
    },
    breaks:
      'Images that support *_FILE only for some variables or only in the entrypoint; other services embedding the same ' +
      'password (a database URL) must change too; file-sourced secrets keep the host file owner and mode, so the container ' +
      'UID must be able to read them; an environment-sourced secret needs the variable where Compose runs; !reset needs ' +
      'Compose v2.24.4+.',
  },
  check,
  fix: moveEnvironmentSecrets,
};
