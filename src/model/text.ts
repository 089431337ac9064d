// String(v) for values that came from the user: a YAML mapping with a `toString` key (`{toString: false}`)
// makes String() and template literals throw. Same results as String() wherever String() does not throw.
export function toText(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? '' : toText(x))).join(',');
  return '[object Object]';
}
