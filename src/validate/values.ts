// What a message may say about a user's value. Values under these keys can hold secrets (environment,
// build args, commands with inline tokens, logging/driver options with credentials, extension blocks;
// lifecycle hooks and watch `exec` keep theirs under `command`/`environment`), so messages there describe
// only the kind of value, never the value itself.
import type { DocPath } from './paths.ts';

const SENSITIVE_KEYS = new Set([
  'environment',
  'labels',
  'annotations',
  'args',
  'command',
  'entrypoint',
  'healthcheck',
  'secrets',
  'configs',
  'extends',
  'options',
  'driver_opts',
  'ssh',
]);

const MAX_QUOTED = 40;

export function isSensitivePath(path: DocPath): boolean {
  return path.some((seg) => typeof seg === 'string' && (SENSITIVE_KEYS.has(seg) || seg.startsWith('x-')));
}

/** The kind of a value in the words users know from YAML. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return `a ${typeof value}`;
  }
}

/** The value as it may appear in a message (short scalars outside sensitive places), else undefined. */
export function quotable(path: DocPath, value: unknown): string | undefined {
  if (isSensitivePath(path)) return undefined;
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else return undefined;
  return text.length <= MAX_QUOTED ? text : undefined;
}

/** `"80:80:80"` when the value may be shown, otherwise its kind (`a string`). */
export function describeValue(path: DocPath, value: unknown): string {
  return quotable(path, value) ?? kindOf(value);
}

/** A mapping key for a message; keys are names, not values, but a pasted value can end up as a key. */
export function quoteKey(key: string): string {
  return key.length <= MAX_QUOTED ? JSON.stringify(key) : JSON.stringify(key.slice(0, MAX_QUOTED - 3) + '...');
}
