// Renders the effective project the way `docker compose config` does: env_file contents folded into
// environment, services sorted by name, keys in a stable order. Secret values are redacted.
import { stringify } from 'yaml';
import { emitYaml } from '../model/yaml-emit.ts';
import type { Project, Service } from '../model/types.ts';

export interface RenderConfigOptions {
  format: 'yaml' | 'json';
  /** Decides whether an environment entry holds a secret (name or value); such values are masked. */
  isSecret?: (name: string, value: string) => boolean;
}

export const REDACTED = '**redacted**';

export function effectiveConfig(p: Project, isSecret?: RenderConfigOptions['isSecret']): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const name of Object.keys(p.services).sort()) services[name] = effectiveService(p, name, p.services[name], isSecret);
  const out: Record<string, unknown> = { name: p.name, services };
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(p[kind]).length) out[kind] = sortKeys(p[kind]);
  }
  if (p.models && Object.keys(p.models).length) out.models = sortKeys(p.models);
  for (const [k, v] of Object.entries(p.extensions)) out[k] = v;
  return out;
}

function effectiveService(p: Project, name: string, s: Service, isSecret?: RenderConfigOptions['isSecret']): Record<string, unknown> {
  const out: Record<string, unknown> = { ...s };
  const fromFiles = p.envFileValues[name];
  if (fromFiles || s.environment) {
    const env: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(fromFiles ?? {})) env[k] = v.value;
    for (const [k, v] of Object.entries(s.environment ?? {})) env[k] = v;
    for (const k of Object.keys(env)) {
      const v = env[k];
      if (v !== null && isSecret?.(k, v)) env[k] = REDACTED;
    }
    out.environment = sortKeys(env);
    delete out.env_file;
  }
  if (s.labels && isSecret) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.labels)) labels[k] = isSecret(k, v) ? REDACTED : v;
    out.labels = labels;
  }
  if (s.build?.args && isSecret) {
    const args: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(s.build.args)) args[k] = v !== null && isSecret(k, v) ? REDACTED : v;
    out.build = { ...s.build, args };
  }
  return sortKeys(out);
}

function sortKeys<T>(o: T): T {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o as Record<string, unknown>).sort()) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}

/**
 * `$` in values is written `$$`, as `docker compose config` does, so the output loads back unchanged.
 * Copies only the containers on the way to a changed string: few values hold a `$`, and copying the whole
 * configuration of a large project made it the report's largest allocation.
 */
function escapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('$') ? v.replaceAll('$', '$$$$') : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = escapeDollars(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (v !== null && typeof v === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(v)) {
      const was = (v as Record<string, unknown>)[k];
      const x = escapeDollars(was);
      // defineProperty: a key named __proto__ is data here, not the prototype.
      if (x !== was) Object.defineProperty((out ??= { ...v }), k, { value: x, writable: true, enumerable: true, configurable: true });
    }
    return out ?? v;
  }
  return v;
}

/** The data renderConfig writes: the effective config with `$` escaped. */
export function configData(p: Project, isSecret?: RenderConfigOptions['isSecret']): unknown {
  return escapeDollars(effectiveConfig(p, isSecret));
}

export function renderConfig(p: Project, o: RenderConfigOptions): string {
  const data = configData(p, o.isSecret);
  if (o.format === 'json') return JSON.stringify(data, null, 2) + '\n';
  // emitYaml writes yaml's bytes much faster; yaml itself takes data the emitter does not know.
  return emitYaml(data) ?? stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
}
