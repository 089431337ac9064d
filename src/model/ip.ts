// IP address syntax as node:net's isIP accepts it (the same expressions), without loading node:net, which
// costs milliseconds of start-up for a check that is a pair of regular expressions.
const v4Seg = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const v6Seg = '(?:[0-9a-fA-F]{1,4})';
const IPV6 = new RegExp(
  '^(?:' +
    `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
    `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
    `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
    `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
    `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
    `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
    `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
    `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
    ')(?:%[0-9a-zA-Z-.:]{1,})?$',
);

/** IPV4 by hand: four decimal parts 0-255 without leading zeros (the common case compiles no expression). */
function isIPv4(s: string): boolean {
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    const start = i;
    let n = 0;
    while (i < s.length && i - start < 4) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || n > 255 || (len > 1 && s.charCodeAt(start) === 0x30)) return false;
    parts++;
    if (parts < 4) {
      if (s.charCodeAt(i) !== 0x2e) return false;
      i++;
    }
  }
  return i === s.length;
}

/** 4 for an IPv4 address, 6 for IPv6 (with an optional zone), 0 for anything else: net.isIP's contract. */
export function isIP(s: string): 0 | 4 | 6 {
  if (isIPv4(s)) return 4;
  if (IPV6.test(s)) return 6;
  return 0;
}
