// A policy file names only what it changes; this turns its (schema-valid) content into a full Policy.
import type { Severity } from '../rules/types.ts';
import type { Policy } from './types.ts';

type RuleSetting = boolean | 'on' | 'off' | Severity | { enabled?: boolean; severity?: Severity };

/** The shape of `.compose-harden.yml` once the schema accepted it. */
export interface PolicyFile {
  rules?: Record<string, RuleSetting>;
  strict?: boolean;
  fix?: string[];
  limits?: { memory?: string; cpus?: string | number; pids?: number };
  logging?: { maxSize?: string; maxFile?: string | number; driver?: string };
  publicPorts?: Array<string | number>;
  internetServices?: string[];
  secretNames?: { patterns?: string[]; ignore?: string[] };
  images?: Policy['images'];
  allowedRegistries?: string[];
  dockerGid?: number;
}

function ruleSetting(v: RuleSetting): { enabled?: boolean; severity?: Severity } {
  if (typeof v === 'boolean') return { enabled: v };
  if (v === 'off') return { enabled: false };
  if (v === 'on') return { enabled: true };
  if (typeof v === 'string') return { severity: v };
  return { ...v };
}

export function mergePolicy(base: Policy, file: PolicyFile, source?: string): Policy {
  const out: Policy = structuredClone(base);
  if (file.rules) for (const [id, v] of Object.entries(file.rules)) out.rules[id.toUpperCase()] = { ...out.rules[id.toUpperCase()], ...ruleSetting(v) };
  if (file.strict !== undefined) out.strict = file.strict;
  if (file.fix) out.fix = [...new Set([...out.fix, ...file.fix.map((id) => id.toUpperCase())])];
  if (file.limits) {
    const l = file.limits;
    if (l.memory !== undefined) out.limits.memory = l.memory;
    if (l.cpus !== undefined) out.limits.cpus = String(l.cpus);
    if (l.pids !== undefined) out.limits.pids = l.pids;
  }
  if (file.logging) {
    const l = file.logging;
    if (l.maxSize !== undefined) out.logging.maxSize = l.maxSize;
    if (l.maxFile !== undefined) out.logging.maxFile = String(l.maxFile);
    if (l.driver !== undefined) out.logging.driver = l.driver;
  }
  if (file.publicPorts) out.publicPorts = file.publicPorts.map(String);
  if (file.internetServices) out.internetServices = [...file.internetServices];
  if (file.secretNames) {
    out.secretNames = {
      patterns: file.secretNames.patterns ?? out.secretNames.patterns,
      ignore: file.secretNames.ignore ?? out.secretNames.ignore,
    };
  }
  if (file.images) out.images = { ...out.images, ...structuredClone(file.images) };
  if (file.allowedRegistries) out.allowedRegistries = [...file.allowedRegistries];
  if (file.dockerGid !== undefined) out.dockerGid = file.dockerGid;
  if (source) out.source = source;
  return out;
}
