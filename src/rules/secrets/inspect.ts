// One reading of "does this entry hold a secret, and was it committed?" for every 4xx rule, so CH401, CH403,
// CH404 and CH405 agree on what a secret is. Results carry names, kinds and origins only, never values.

import type { Policy } from '../../policy/types.ts';
import { varsOf } from '../../model/loc.ts';
import { classifyValue, isSecretName, isTrivialValue, originOf, type Origin, type SecretKind, describeKind } from './detect.ts';

export interface SecretHit {
  /** The secret-looking name matched (the entry's own name). */
  byName: boolean;
  /** Secret formats found in the value, most specific first. */
  kinds: SecretKind[];
  origin: Origin;
  /** `${VAR}`s the value used (names only). */
  vars: string[];
}

const URL_KINDS: ReadonlySet<SecretKind> = new Set(['url-credentials', 'connection-string-password']);

/** Worst first: a committed value must be rotated, an interpolated one only moved. */
const ORIGIN_RANK: Record<Origin, number> = { literal: 3, default: 2, interpolated: 1, passthrough: 0 };

export function worseOrigin(a: Origin, b: Origin): Origin {
  return ORIGIN_RANK[a] >= ORIGIN_RANK[b] ? a : b;
}

export interface InspectOptions {
  policy?: Pick<Policy, 'secretNames'>;
  /** Count passwords inside URLs and connection strings (CH402 owns them in `environment`). */
  urls: boolean;
  /** Value-less entries (`KEY` copied from the shell) count when the name is secret. */
  passthrough?: boolean;
}

/**
 * Inspect `container[key]` (a string or null) whose name is `name`. Returns undefined when neither the name
 * nor the value says "secret", or when the value cannot hold one (empty, boolean, number, a `$VAR` reference).
 */
export function inspect(container: object, key: string | number, name: string, value: string | null | undefined, opts: InspectOptions): SecretHit | undefined {
  if (value === undefined) return undefined;
  if (value === null) {
    if (!opts.passthrough || !isSecretName(name, opts.policy)) return undefined;
    return { byName: true, kinds: [], origin: 'passthrough', vars: [] };
  }
  if (isTrivialValue(value)) return undefined;
  const byName = isSecretName(name, opts.policy);
  const found = classifyValue(value).filter((f) => opts.urls || !URL_KINDS.has(f.kind));
  if (!byName && !found.length) return undefined;
  let origin: Origin = byName ? originOf(container, key, value) : 'passthrough';
  for (const f of found) origin = worseOrigin(origin, originOf(container, key, value, f));
  return { byName, kinds: [...new Set(found.map((f) => f.kind))], origin, vars: varsOf(container, key) };
}

/** "its name says so" / "it contains a GitHub token" — never the value. */
export function describeHit(hit: SecretHit): string {
  const why: string[] = [];
  if (hit.byName) why.push('its name marks it as a secret');
  if (hit.kinds.length) why.push(`it contains ${hit.kinds.map(describeKind).join(', ')}`);
  return why.join(' and ');
}

/** `postgres_password` for `POSTGRES_PASSWORD`: a Compose secret name derived from a variable name. */
export function secretNameFor(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^[^a-z0-9]+/, '');
  return s || 'secret';
}
