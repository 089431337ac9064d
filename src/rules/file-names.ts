// File-name tests as set lookups: a list of names as one regular expression costs more to compile than a
// whole run of lookups, and these are tested on every mount and command.

/** The part after the last `/`: what `(^|\/)(a|b)$` tests. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The part after the last `.`, or undefined: what `\.(a|b)$` tests, when the names hold no dot. */
export function extensionOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : path.slice(dot + 1);
}

/**
 * `name` lowercased as a case-insensitive expression compares it, for lists of ASCII names: ASCII letters
 * only (a non-ASCII letter never equals an ASCII one there, though some lowercase to one).
 */
export function asciiLower(name: string): string | undefined {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7f) return undefined;
  return name.toLowerCase();
}
