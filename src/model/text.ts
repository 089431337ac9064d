// String(v) for values that came from the user: a YAML mapping with a `toString` key (`{toString: false}`)
// makes String() and template literals throw. Same results as String() wherever String() does not throw.
export function toText(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? '' : toText(x))).join(',');
  return '[object Object]';
}

/**
 * Code-unit order, for sorting names and ids: the same on every machine and locale, and unlike
 * `localeCompare` it does not load the ICU collator (several milliseconds on each cold start).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
