// Values reach the rules after interpolation, so booleans and numbers may arrive as strings, and people
// spell the same capability or option several ways. These helpers give every rule one reading of them.

/** `true`, `"true"`, `"yes"`, `"on"`, `"1"` (any case) are all true for Compose's boolean fields. */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (typeof v === 'number') return v === 1;
  if (typeof v !== 'string') return false;
  return ['true', 'yes', 'y', 'on', '1'].includes(v.trim().toLowerCase());
}

/** A value that still holds an uninterpolated `${VAR}` cannot be judged; rules leave it alone. */
export function hasPlaceholder(v: unknown): boolean {
  return typeof v === 'string' && /\$\{?[A-Za-z_]/.test(v);
}

/** `cap_net_admin`, `CAP_NET_ADMIN` and `NET_ADMIN` name the same capability. */
export function normCap(c: unknown): string {
  return String(c).trim().toUpperCase().replace(/^CAP_/, '');
}

export function capSet(list: unknown): Set<string> {
  return new Set(Array.isArray(list) ? list.map(normCap) : []);
}

export interface SecurityOpt {
  key: string;
  value: string;
}

/** `key:value`, `key=value` or a bare `key`; the value keeps any later separators (`seccomp:/p/x.json`). */
export function parseSecurityOpt(entry: unknown): SecurityOpt {
  const s = String(entry).trim();
  const i = s.search(/[:=]/);
  if (i < 0) return { key: s.toLowerCase(), value: '' };
  return { key: s.slice(0, i).toLowerCase(), value: s.slice(i + 1) };
}

/** Index of every `security_opt` entry whose key is `key` and whose value matches `value` (case-insensitive). */
export function findSecurityOpt(opts: unknown, key: string, value?: string): number[] {
  if (!Array.isArray(opts)) return [];
  const out: number[] = [];
  opts.forEach((o, i) => {
    const p = parseSecurityOpt(o);
    if (p.key === key && (value === undefined || p.value.toLowerCase() === value)) out.push(i);
  });
  return out;
}

export interface UserSpec {
  user: string;
  group?: string;
}

export function parseUser(v: unknown): UserSpec | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  if (s === '') return undefined; // "" means "the image's default user"
  const i = s.indexOf(':');
  return i < 0 ? { user: s } : { user: s.slice(0, i), group: s.slice(i + 1) };
}

export const isNumeric = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);
export const isRootName = (s: string | undefined): boolean => s === '0' || s?.toLowerCase() === 'root';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes for a Compose size (`512m`, `1g`, `1GB`, `64MiB`, plain numbers are bytes); undefined when unreadable. */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}

export function formatSize(bytes: number): string {
  for (const [u, f] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${u}`;
  }
  return String(Math.ceil(bytes));
}

/** A number written as number or string; undefined when it is not one. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
