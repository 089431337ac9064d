// Rebinding a published port to loopback without losing how the user wrote it. The override must repeat
// the whole list (`ports: !override`), so each rebound item carries a short-syntax string built from the
// original text: `"${WEB_PORT:-8080}:80"` becomes `"127.0.0.1:${WEB_PORT:-8080}:80"`, never `"127.0.0.1:8080:80"`.

import { copyAllMeta, rawOf, setWritten, writtenOf } from '../../model/loc.ts';
import type { PortConfig } from '../../model/types.ts';
import { isUnspecifiedAddress } from './ports.ts';

/** Loopback of the same family as the wildcard the port was bound to (`::` → `::1`). */
export function loopbackFor(hostIp: string | undefined): string {
  const ip = (hostIp ?? '').replace(/^\[|\]$/g, '');
  return ip.includes(':') ? '::1' : '127.0.0.1';
}

/** Split short syntax on the `:` that separate ip, published and target; `${...}` and `[...]` stay whole. */
export function splitPortSpec(text: string): string[] | undefined {
  const parts: string[] = [];
  let cur = '';
  let braces = 0;
  let brackets = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      braces++;
      cur += '${';
      i++;
      continue;
    }
    if (c === '}' && braces > 0) braces--;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    if (c === ':' && braces === 0 && brackets === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (braces !== 0 || brackets !== 0) return undefined;
  parts.push(cur);
  return parts;
}

/**
 * The short syntax of `written` bound to `ip`, or undefined when the text cannot be rebound without guessing:
 * the address comes from a variable, or a variable stands for more than one part (`${PORTS}` = `8080:80`),
 * which the parsed port `p` gives away.
 */
export function rebindWritten(written: string | number, ip: string, p: Pick<PortConfig, 'host_ip' | 'published'>): string | undefined {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const text = String(written).trim();
  const parts = splitPortSpec(text);
  if (!parts || text === '') return undefined;
  const hasIp = p.host_ip !== undefined && p.host_ip !== null && p.host_ip !== '';
  const hasPublished = p.published !== undefined && p.published !== null && p.published !== '';
  if (parts.length === 1) return hasPublished || hasIp ? undefined : `${host}::${text}`;
  if (parts.length === 2) return hasIp ? undefined : `${host}:${text}`;
  if (parts.length === 3) {
    if (parts[0].includes('$') || !isUnspecifiedAddress(parts[0])) return undefined;
    return `${host}:${parts[1]}:${parts[2]}`;
  }
  return undefined;
}

/** A copy of `p` bound to loopback, written so the override keeps `${VAR}`s; undefined when that is not possible. */
export function reboundPort(p: PortConfig): PortConfig | undefined {
  if (rawOf(p, 'host_ip') !== undefined) return undefined; // the address is the user's variable: theirs to set
  const ip = loopbackFor(p.host_ip);
  const written = writtenOf(p);
  const out: PortConfig = { ...p, host_ip: ip };
  copyAllMeta(p, out);
  if (written !== undefined) {
    if (typeof written !== 'string' && typeof written !== 'number') return undefined;
    const text = rebindWritten(written, ip, p);
    if (text === undefined) return undefined;
    setWritten(out, text);
  }
  return out;
}
