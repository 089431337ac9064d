import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { Service } from '../../model/types.ts';
import type { Loc } from '../../model/loc.ts';
import { rawOf } from '../../model/loc.ts';
import { at } from '../context.ts';
import { imageView } from '../image.ts';
import { authOffSwitch, describeWeakness, interpolationDefaults, isSecretName, originOf, weakness, type Weakness } from './detect.ts';
import { cameFromEnvFile } from './env-source.ts';

const ID = 'CH406';

interface Place {
  path: Array<string | number>;
  loc?: Loc;
  what: string;
}

/** Findings for one variable; at most one per variable, the strongest reason first. */
function judge(ctx: RuleContext, container: object, name: string, value: string | null, place: Place, vendorDefaults: readonly string[]): RuleFinding | undefined {
  const base = { path: place.path, ...(place.loc ? { loc: place.loc } : {}) };
  const off = authOffSwitch(name, value);
  if (off) return { ...base, key: `${name}:switch`, message: `${place.what} ${name} ${off}; unset it and configure a password` };
  if (value === null || !isSecretName(name, ctx.policy)) return undefined;

  const raw = rawOf(container, name);
  // The variable is secret-named, so any literal fallback in its value is a committed credential.
  const defaults = raw === undefined ? [] : interpolationDefaults(raw);
  const origin = originOf(container, name, value);
  let weak: Weakness | undefined = weakness(value);
  if (weak === 'empty' && origin !== 'literal') weak = undefined; // an unset variable is the deployment's business
  if (!weak && vendorDefaults.includes(value)) weak = 'default';

  if (defaults.length) {
    const vars = defaults.map((d) => '${' + d.variable + '}').join(', ');
    const inUse = origin === 'default';
    return {
      ...base,
      key: `${name}:committed-default`,
      message:
        `${place.what} ${name} falls back to a default written in the compose file (${vars}` +
        `${inUse && weak ? `, currently in use and it ${describeWeakness(weak)}` : inUse ? ', currently in use' : ''}); ` +
        'require the variable instead: ${VAR:?must be set}',
    };
  }
  if (!weak) return undefined;
  return {
    ...base,
    key: `${name}:${weak === 'empty' ? 'empty' : 'weak'}`,
    message: `${place.what} ${name} ${describeWeakness(weak)}; set a strong, unique value through a secret`,
  };
}

/** Variables the image reads its admin password from, per the knowledge base (with their *_FILE twins). */
function passwordVariables(facts: { secretFileEnv?: Record<string, string> }, ctx: RuleContext): string[] {
  const out: string[] = [];
  for (const [v, f] of Object.entries(facts.secretFileEnv ?? {})) if (isSecretName(v, ctx.policy)) out.push(v, f);
  return out;
}

function check(service: Service, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const facts = imageView(service, ctx).facts;
  const vendorDefaults = facts?.defaultPasswords ?? [];
  const env = service.environment ?? {};
  for (const [name, value] of Object.entries(env)) {
    if (cameFromEnvFile(ctx.project, ctx.serviceName, service, name)) continue;
    const f = judge(ctx, env, name, value, { ...at(ctx, 'environment', name), what: 'environment variable' }, vendorDefaults);
    if (f) out.push(f);
  }
  const fromFiles = ctx.project.envFileValues?.[ctx.serviceName] ?? {};
  for (const [name, entry] of Object.entries(fromFiles)) {
    const f = judge(ctx, entry, name, entry.value, { path: ['services', ctx.serviceName, 'env_file'], loc: { file: entry.file, line: entry.line, col: 1 }, what: 'env file variable' }, vendorDefaults);
    if (f) out.push({ ...f, key: `env_file.${f.key}` });
  }
  if (facts && vendorDefaults.length) {
    const vars = passwordVariables(facts, ctx);
    const configured = vars.some((v) => (env[v] !== undefined && env[v] !== null && env[v] !== '') || fromFiles[v] !== undefined);
    if (vars.length && !configured) {
      out.push({
        ...at(ctx, 'environment'),
        key: 'image-default-password',
        message: `the image falls back to its vendor default password because none of ${vars.filter((_, i) => i % 2 === 0).join(', ')} is set; configure one through a secret`,
      });
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Weak or empty credentials',
    severity: 'high',
    fix: 'report',
    refs: ['OWASP #12', 'CIS 4.10'],
    rationale:
      'Default passwords, committed fallbacks such as ${DB_PASSWORD:-changeme} and "allow empty password" switches ' +
      'make a reachable service an open door; the default is used silently whenever the variable is not set.',
    example: {
      before: 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_PASSWORD: ${DB_PASSWORD:-changeme}\n',
      after: 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_PASSWORD: ${DB_PASSWORD:?must be set}   # CH406\n',
    },
    breaks: 'First-run convenience flows that relied on the default.',
  },
  check,
};
