import { isAbsolute, resolve } from 'node:path';
import type { Rule, RuleFinding } from '../types.ts';
import type { Project, Service } from '../../model/types.ts';
import { describeHit, inspect } from './inspect.ts';

const ID = 'CH403';

/** Index of the `env_file` entry that is `file` (paths in the model may be relative to the project). */
function envFileIndex(project: Project, service: Service, file: string): number {
  const refs = service.env_file ?? [];
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(project.workingDir, p));
  const target = abs(file);
  return refs.findIndex((r) => r.path === file || abs(r.path) === target);
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Secrets in env_file',
    severity: 'medium',
    fix: 'report',
    refs: ['OWASP #12', 'CIS 4.10'],
    rationale:
      'Variables from an env_file land in the container environment exactly like `environment` (visible in docker ' +
      'inspect and /proc/<pid>/environ), and env files are easy to commit by accident. Move the secret into a Compose ' +
      'secret and keep the file out of git.',
    example: {
      before: 'services:\n  app:\n    env_file: [app.env]   # app.env: API_TOKEN=...\n',
      after:
        'services:\n  app:\n    env_file: [app.env]   # API_TOKEN removed from app.env; app.env in .gitignore\n' +
        '    secrets: [api_token]\nsecrets:\n  api_token:\n    environment: API_TOKEN   # CH403\n',
    },
  },

  check(service, ctx) {
    const values = ctx.project.envFileValues?.[ctx.serviceName];
    if (!values) return [];
    const out: RuleFinding[] = [];
    for (const [name, entry] of Object.entries(values)) {
      // Env files have no interpolation record: a value written there is committed wherever the file is.
      const hit = inspect(entry, 'value', name, entry.value, { policy: ctx.policy, urls: true });
      if (!hit) continue;
      const idx = envFileIndex(ctx.project, service, entry.file);
      const overridden = service.environment !== undefined && Object.hasOwn(service.environment, name) && service.environment[name] !== entry.value;
      out.push({
        path: idx >= 0 ? ['services', ctx.serviceName, 'env_file', idx] : ['services', ctx.serviceName, 'env_file'],
        loc: { file: entry.file, line: entry.line, col: 1 },
        key: name,
        message:
          `env file variable ${name} holds a secret (${describeHit(hit)}); ` +
          (overridden ? '`environment` overrides it, but it is still written in the file' : 'it reaches the container environment') +
          ': move it into a Compose secret, keep the file out of git, and rotate the value if the file was ever committed',
      });
    }
    return out;
  },
};
