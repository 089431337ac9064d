// Secret-looking values written in an override file itself. The loaded project covers most of them, but not
// those under entries the project no longer has (a stale service), which a drift diff would still show.
import { parse } from 'yaml';
import type { Project } from '../model/types.ts';
import { collectSecretValues } from '../report/redact.ts';

/** `KEY=VALUE` list entries as a map, the way the canonical model holds environment and build args. */
function asMap(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const item of v) {
    if (typeof item !== 'string') continue;
    const i = item.indexOf('=');
    out[i < 0 ? item : item.slice(0, i)] = i < 0 ? null : item.slice(i + 1);
  }
  return out;
}

export function overrideSecretValues(text: string): Set<string> {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false, logLevel: 'silent' });
  } catch {
    return new Set();
  }
  if (!data || typeof data !== 'object') return new Set();
  const doc = data as Record<string, unknown>;
  const services: Record<string, unknown> = {};
  for (const [name, s] of Object.entries((doc.services as Record<string, unknown>) ?? {})) {
    if (!s || typeof s !== 'object') continue;
    const svc = { ...(s as Record<string, unknown>) };
    svc.environment = asMap(svc.environment);
    if (svc.build && typeof svc.build === 'object') svc.build = { ...(svc.build as object), args: asMap((svc.build as Record<string, unknown>).args) };
    services[name] = svc;
  }
  const extensions = Object.fromEntries(Object.entries(doc).filter(([k]) => k.startsWith('x-')));
  const pseudo = {
    services,
    disabledServices: {},
    envFileValues: {},
    extensions,
    networks: doc.networks ?? {},
    volumes: doc.volumes ?? {},
    secrets: doc.secrets ?? {},
    configs: doc.configs ?? {},
  } as unknown as Project;
  return collectSecretValues(pseudo);
}
