// Moving a secret out of `environment` into a Compose secret read through the image's `*_FILE` variable.
//
// Where the secret comes from decides the source, so nothing new lands on disk unless the user asked:
// - `${VAR}` (the whole value is one variable) or a bare `KEY` passed through: `secrets: NAME: environment: VAR`;
//   Compose copies the value into the container at start (uid/gid/mode honoured), the variable stays where it was.
// - a literal committed in the file: only with --write-secrets, into ./secrets/NAME (0600, owned by the user the
//   container reads it as, because Compose bind-mounts a file secret with the host owner and mode);
// - a committed `${VAR:-default}`, a value built from several parts, an image without a `*_FILE` twin: not moved,
//   the finding stays with its guidance.
// The override must drop the plaintext entry: `VAR: !reset null` where Compose holds `environment` as a mapping
// (Compose >= 2.19), else by rewriting `environment` whole (`!override`, >= 2.24.4), which repeats every other
// entry as written; then a service whose environment still holds another committed secret is not touched (the
// override would copy that value). Nor is one where an env_file sets the same variable. An `environment:`-sourced
// secret needs Compose >= 2.23.1 (configs and secrets from `environment`/`content`, compose-semantics §7).

import { join } from 'node:path';
import { isFromList, rawOf, setWritten, varsOf } from '../../model/loc.ts';
import type { FileReference, Service, TopLevelResource } from '../../model/types.ts';
import { CURRENT, type ComposeTarget } from '../../override/version.ts';
import { effectiveUser, imageView } from '../image.ts';
import { parseUser } from '../normalize.ts';
import type { RuleContext } from '../types.ts';
import { cameFromEnvFile } from './env-source.ts';
import { fileVariant } from './file-variant.ts';
import { inspect, type SecretHit } from './inspect.ts';

export const SECRETS_DIR = 'secrets';

type Source = { kind: 'environment'; variable: string } | { kind: 'file'; value: string };

interface Move {
  name: string;
  fileVariable: string;
  source: Source;
}

/** Compose >= 2.23.1 (docker-compose v1 never): secrets with an `environment:` source. */
export function environmentSecretsSupported(t: ComposeTarget): boolean {
  if (t.v1) return false;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(t.label.trim());
  if (!m) return true; // 'latest', 'v2': the current release
  const n = Number(m[1]) * 1_000_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0);
  return n >= 2_023_001;
}

/** `$VAR`, `${VAR}`, `${VAR:?message}`, `${VAR?message}`: the whole value is one variable, without a fallback. */
const SINGLE_VARIABLE = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?::?\?[^}]*)?\})$/;

export function singleVariable(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const m = SINGLE_VARIABLE.exec(raw.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Compose secret names for a service's variable: lower case, `[a-z0-9_-]`, never anything from the value. */
export function secretBaseName(service: string, variable: string): string {
  const s = `${service}_${variable}`.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[^a-z0-9]+/, '').replace(/_+$/, '');
  return s || 'secret';
}

function sameDefinition(a: TopLevelResource | undefined, b: TopLevelResource): boolean {
  if (!a) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** A free name (or the name of an identical definition, which is then shared). */
function chooseName(secrets: Record<string, TopLevelResource>, base: string, def: TopLevelResource): string {
  if (def.environment !== undefined) {
    const shared = Object.keys(secrets).sort().find((n) => sameDefinition(secrets[n], def));
    if (shared) return shared;
  }
  if (!(base in secrets)) return base;
  for (let i = 2; ; i++) if (!(`${base}_${i}` in secrets)) return `${base}_${i}`;
}

/** Where the value came from, for the secret's source; a reason when it cannot be moved as it is. */
function sourceOf(env: Record<string, string | null>, name: string, value: string | null, hit: SecretHit, ctx: RuleContext): Source | { skip: string } {
  switch (hit.origin) {
    case 'passthrough':
      return { kind: 'environment', variable: name };
    case 'interpolated': {
      // An entry written in list form (`- NAME=${VAR}`) keeps the whole item as its raw text.
      const raw = rawOf(env, name);
      const vars = varsOf(env, name);
      // A bare `KEY` (list `- KEY`, or `KEY:` without a value) filled from the environment or .env.
      if (raw === '' && vars.length === 1) return { kind: 'environment', variable: vars[0] };
      const variable = singleVariable(raw?.startsWith(`${name}=`) ? raw.slice(name.length + 1) : raw);
      if (variable && vars.includes(variable)) return { kind: 'environment', variable };
      return { skip: `${name} is built from more than one part (${varsOf(env, name).map((v) => '${' + v + '}').join(', ') || 'text and variables'}); pass the secret alone through a variable to move it` };
    }
    case 'literal':
      if (ctx.plan?.writeSecrets && typeof value === 'string' && value !== '') return { kind: 'file', value };
      return { skip: `${name} is written in the compose file (committed: rotate it); --write-secrets moves it into a git-ignored file under ./${SECRETS_DIR}/` };
    case 'default':
      return { skip: `${name} falls back to a default written in the compose file; require the variable (\${VAR:?must be set}) and rotate the value, then run harden again` };
  }
}

/** The uid/gid that opens the file inside the container: the service user, or the one the entrypoint drops to. */
function reader(service: Service, ctx: RuleContext): { uid?: number; gid?: number } {
  const view = imageView(service, ctx);
  const eff = effectiveUser(service, view);
  const f = view.facts;
  if (eff.uid === 0 && f?.serviceUser && (f.dropsPrivileges || f.secretFilesReadByServiceUser)) {
    const u = parseUser(f.serviceUser);
    if (u && /^\d+$/.test(u.user)) return { uid: Number(u.user), gid: u.group && /^\d+$/.test(u.group) ? Number(u.group) : Number(u.user) };
  }
  if (eff.uid === undefined) return {};
  return { uid: eff.uid, gid: eff.gid ?? eff.uid };
}

/** Move what can be moved in `service.environment`; report through ctx.plan what cannot. */
export function moveEnvironmentSecrets(service: Service, ctx: RuleContext): void {
  const env = service.environment;
  if (!env) return;
  const facts = imageView(service, ctx).facts;
  const fromFiles = ctx.project.envFileValues?.[ctx.serviceName] ?? {};
  let moves: Move[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (cameFromEnvFile(ctx.project, ctx.serviceName, service, name)) continue;
    const hit = inspect(env, name, name, value, { policy: ctx.policy, urls: false, passthrough: true });
    if (!hit) continue;
    const variant = fileVariant(facts, name);
    if (variant.kind !== 'file') continue; // the finding carries the guidance
    if (Object.hasOwn(env, variant.variable) || name in fromFiles || variant.variable in fromFiles) {
      ctx.plan?.note(`${name} not moved: ${variant.variable} or ${name} is also set elsewhere (environment or env_file); the image would see both`);
      continue;
    }
    const source = sourceOf(env, name, value, hit, ctx);
    if ('skip' in source) {
      ctx.plan?.note(`${name} not moved: ${source.skip}`);
      continue;
    }
    moves.push({ name, fileVariable: variant.variable, source });
  }
  if (!moves.length) return;

  const compose = ctx.plan?.compose ?? CURRENT;
  const needsEnvSource = moves.filter((m) => m.source.kind === 'environment');
  if (needsEnvSource.length && !environmentSecretsSupported(compose)) {
    ctx.plan?.note(
      `${needsEnvSource.map((m) => m.name).join(', ')} not moved: a secret read from an environment variable needs Compose >= 2.23.1 ` +
        `(target ${compose.label}); use a secret file by hand`,
    );
    moves = moves.filter((m) => m.source.kind !== 'environment');
    if (!moves.length) return;
  }
  const rewritesWhole = isFromList(env) || !compose.reset;
  if (rewritesWhole && !compose.override) {
    ctx.plan?.note(
      `${moves.map((m) => m.name).join(', ')} not moved: taking ${moves.length > 1 ? 'them' : 'it'} out of environment needs ` +
        `${compose.reset ? 'environment: !override (Compose >= 2.24.4, the list form cannot lose one key)' : '!reset (Compose >= 2.19)'}, ` +
        `target ${compose.label}; edit the compose file by hand (or use --in-place)`,
    );
    return;
  }
  // A rewritten `environment` repeats everything left in it: none of that may be a committed secret.
  const moving = new Set(moves.map((m) => m.name));
  const committed = !rewritesWhole
    ? []
    : Object.entries(env).filter(([k, v]) => {
        if (moving.has(k) || cameFromEnvFile(ctx.project, ctx.serviceName, service, k)) return false;
        const hit = inspect(env, k, k, v, { policy: ctx.policy, urls: true });
        return hit !== undefined && (hit.origin === 'literal' || hit.origin === 'default');
      });
  // The loader keeps the whole `- KEY=${VAR}` item as the raw text of a list entry, and a rewritten mapping would
  // write that back as the value; until the model strips the `KEY=`, such an environment is not rewritten.
  const misread = !rewritesWhole ? [] : Object.keys(env).filter((k) => !moving.has(k) && rawOf(env, k)?.startsWith(`${k}=`));
  if (misread.length) {
    ctx.plan?.note(
      `${[...moving].join(', ')} not moved: environment is written as a list and ${misread.join(', ')} use${misread.length > 1 ? '' : 's'} variables, ` +
        'which the rewritten list cannot repeat as written yet; write environment as a mapping to let harden move it',
    );
    return;
  }
  if (committed.length) {
    ctx.plan?.note(
      `${[...moving].join(', ')} not moved: environment is written as a list, so the override rewrites it whole and would repeat the committed value of ` +
        `${committed.map(([k]) => k).join(', ')}; move or rotate ${committed.length > 1 ? 'those' : 'that'} first`,
    );
    return;
  }

  ctx.project.secrets ??= {};
  const readBy = reader(service, ctx);
  for (const m of moves) {
    const def: TopLevelResource =
      m.source.kind === 'environment' ? { environment: m.source.variable } : { file: `./${SECRETS_DIR}/${secretBaseName(ctx.serviceName, m.name)}` };
    const secret = chooseName(ctx.project.secrets, secretBaseName(ctx.serviceName, m.name), def);
    if (m.source.kind === 'file') def.file = `./${SECRETS_DIR}/${secret}`;
    ctx.project.secrets[secret] ??= def;
    const target = `/run/secrets/${secret}`;
    const refs: FileReference[] = (service.secrets ??= []);
    if (!refs.some((r) => r.target === target)) {
      const ref: FileReference = { source: secret, target };
      setWritten(ref, secret);
      refs.push(ref);
    }
    delete env[m.name];
    env[m.fileVariable] = target;
    if (m.source.kind === 'file') {
      ctx.plan?.secretFile({ path: join(ctx.project.workingDir, SECRETS_DIR, secret), value: m.source.value, ...readBy, service: ctx.serviceName, secret });
      ctx.plan?.note(
        `${m.name} moved into ./${SECRETS_DIR}/${secret} (written 0600${readBy.uid !== undefined ? ` for uid ${readBy.uid}` : ''}, git-ignored); ` +
          'the old value is in the compose file and its history: rotate it',
      );
    } else {
      ctx.plan?.note(
        `${m.name} now reaches the container as ${target} (${m.fileVariable}); secret ${secret} reads \${${m.source.variable}}, ` +
          `which must be set where docker compose runs (shell or .env)`,
      );
    }
  }
}
