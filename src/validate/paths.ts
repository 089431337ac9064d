// Document paths as the rest of compose-harden uses them (`['services', 'web', 'ports', 0]`), converted
// from ajv's JSON pointers and rendered the way users write them (`services.web.ports[0]`).

export type DocPath = Array<string | number>;

/**
 * ajv's `instancePath` as a path. A pointer segment of digits may be a list index or a mapping key
 * (a service called "1"), so the document decides: only segments that index an actual list become numbers.
 */
export function pointerToPath(doc: unknown, pointer: string): DocPath {
  if (pointer === '') return [];
  const path: DocPath = [];
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(seg)) {
      const i = Number(seg);
      path.push(i);
      cur = cur[i];
    } else {
      path.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/** The value at `path`, or undefined. */
export function valueAt(doc: unknown, path: DocPath): unknown {
  let cur = doc;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `services.web.ports[0]`, `services.web.labels["com.example.tier"]`; empty for the document itself. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Whether a concrete path has the given shape: shape segments are separated by "/", "*" matches any
 * mapping key and "#" any list index (the notation of the generated schema hints).
 */
export function matchesShape(path: DocPath, shape: string): boolean {
  const parts = shape === '' ? [] : shape.split('/');
  if (parts.length !== path.length) return false;
  return parts.every((part, i) => {
    const seg = path[i];
    if (part === '#') return typeof seg === 'number';
    if (part === '*') return typeof seg === 'string';
    return seg === part;
  });
}

/** Of the entries whose shape matches `path`, the most specific one (fewest wildcards). */
export function lookupByShape<T>(table: Readonly<Record<string, T>>, path: DocPath): T | undefined {
  let best: T | undefined;
  let bestWildcards = Infinity;
  for (const [shape, value] of Object.entries(table)) {
    if (!matchesShape(path, shape)) continue;
    const wildcards = shape.split('/').filter((p) => p === '*' || p === '#').length;
    if (wildcards < bestWildcards) {
      best = value;
      bestWildcards = wildcards;
    }
  }
  return best;
}
