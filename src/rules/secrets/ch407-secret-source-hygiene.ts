import { isAbsolute, relative, resolve } from 'node:path';
import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { Service } from '../../model/types.ts';
import { at } from '../context.ts';

const ID = 'CH407';

function fileSource(ctx: RuleContext, name: string): string | undefined {
  const top = ctx.project.secrets?.[name];
  return top && typeof top.file === 'string' && !top.external ? top.file : undefined;
}

function abs(ctx: RuleContext, p: string): string {
  return isAbsolute(p) ? p : resolve(ctx.project.workingDir, p);
}

/** A local build context directory (not a Git or HTTP URL). */
function localContext(service: Service): string | undefined {
  const c = service.build?.context;
  if (typeof c !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(c) || /^git@|\.git(?:#|$)/.test(c)) return undefined;
  return c;
}

function check(service: Service, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  (service.secrets ?? []).forEach((ref, i) => {
    if (!ref || fileSource(ctx, ref.source) === undefined) return;
    const ignored = (['uid', 'gid', 'mode'] as const).filter((k) => ref[k] !== undefined && ref[k] !== null);
    if (!ignored.length) return;
    out.push({
      ...at(ctx, 'secrets', i),
      key: `${ref.source}:ignored-${ignored.join('-')}`,
      severity: 'low',
      message:
        `secret ${ref.source} comes from a file, so Compose ignores its ${ignored.join(', ')}: the container sees the host ` +
        "file's owner and mode. Set them on the host file (readable by the container's UID, not by other host users), " +
        'or use an environment-sourced secret, for which they are honoured',
    });
  });

  const context = localContext(service);
  if (context !== undefined) {
    const dir = abs(ctx, context);
    for (const [name, top] of Object.entries(ctx.project.secrets ?? {})) {
      if (typeof top?.file !== 'string' || top.external) continue;
      const rel = relative(dir, abs(ctx, top.file));
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
      out.push({
        ...at(ctx, 'build', 'context'),
        key: `${name}:in-build-context`,
        message:
          `the file of secret ${name} lies inside this service's build context, so it is sent to the builder and a ` +
          '`COPY . .` puts it into the image: list it in .dockerignore (and keep it out of git)',
      });
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Secret source hygiene',
    severity: 'medium',
    fix: 'report',
    refs: ['OWASP #12', 'CIS 4.10'],
    rationale:
      'A secret file that git tracks, that other host users can read, or that sits in a build context (and so can be ' +
      'copied into an image) defeats the point of a secret. uid, gid and mode on a file-sourced secret are ignored by ' +
      'Compose: the container sees the host file as it is.',
    example: {
      before:
        'services:\n  db:\n    build: .\n    secrets:\n      - source: db_password\n        mode: 0400\n' +
        'secrets:\n  db_password:\n    file: ./db_password.txt\n',
      after:
        'services:\n  db:\n    build: .\n    secrets:\n      - db_password   # CH407: chmod 0400 the host file; listed in .dockerignore and .gitignore\n' +
        'secrets:\n  db_password:\n    file: ./db_password.txt\n',
    },
  },
  check,
};
