// Equality as JSON writes it, without writing it.
/** `JSON.stringify(a) === JSON.stringify(b)` without building either string (most answers need only a few steps). */
export function sameJson(a: unknown, b: unknown): boolean {
  const same = compareJson(a, b);
  return same === undefined ? JSON.stringify(a) === JSON.stringify(b) : same;
}

type JsonKind = 'omitted' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'other';

/** How JSON.stringify writes a value; `other` for what this comparison leaves to it (toJSON, classes, NaN, bigint). */
function jsonKind(v: unknown): JsonKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'omitted';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isFinite(v) ? 'number' : 'other';
    case 'object': {
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return 'other';
      const proto = Object.getPrototypeOf(v);
      if (Array.isArray(v)) return proto === Array.prototype ? 'array' : 'other';
      return proto === Object.prototype || proto === null ? 'object' : 'other';
    }
    default:
      return 'other';
  }
}

/** true/false when sure, undefined when JSON.stringify must decide. Different kinds never write the same text. */
function compareJson(a: unknown, b: unknown): boolean | undefined {
  const kind = jsonKind(a);
  const other = jsonKind(b);
  if (kind === 'other' || other === 'other') return undefined;
  if (kind !== other) return false;
  if (a === b || kind === 'omitted' || kind === 'null') return true;
  if (kind === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      // Inside an array, what an object would leave out is written `null`.
      const same = compareJson(jsonKind(x[i]) === 'omitted' ? null : x[i], jsonKind(y[i]) === 'omitted' ? null : y[i]);
      if (same !== true) return same;
    }
    return true;
  }
  if (kind === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const xs = Object.keys(x);
    const ys = Object.keys(y);
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < xs.length && jsonKind(x[xs[i]]) === 'omitted') i++;
      while (j < ys.length && jsonKind(y[ys[j]]) === 'omitted') j++;
      if (i === xs.length || j === ys.length) return i === xs.length && j === ys.length;
      if (xs[i] !== ys[j]) return false;
      const same = compareJson(x[xs[i]], y[ys[j]]);
      if (same !== true) return same;
      i++;
      j++;
    }
  }
  return false; // two different booleans, numbers or strings
}
