// Maps positions in an esbuild bundle back to the TypeScript sources, so a CPU profile of the bundle
// names src/… file:line. A plain VLQ decoder is enough here; no source-map package is a dependency.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`bad VLQ digit ${c}`);
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * A lookup from a 0-based generated line and column to `{ source, line, col }` (1-based line and
 * column in the original), or undefined where the map has nothing.
 */
export function sourceMapLookup(map) {
  const lines = [];
  let src = 0;
  let oLine = 0;
  let oCol = 0;
  for (const text of map.mappings.split(';')) {
    const segs = [];
    let gCol = 0;
    if (text) {
      for (const part of text.split(',')) {
        const f = decodeVlq(part);
        gCol += f[0];
        if (f.length >= 4) {
          src += f[1];
          oLine += f[2];
          oCol += f[3];
          segs.push([gCol, src, oLine, oCol]);
        }
      }
    }
    lines.push(segs);
  }
  return (line, col) => {
    const segs = lines[line];
    if (!segs?.length) return undefined;
    // Last segment starting at or before the column (binary search: lines of a bundle can be long).
    let lo = 0;
    let hi = segs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] <= col) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const s = segs[best < 0 ? 0 : best];
    return { source: map.sources[s[1]], line: s[2] + 1, col: s[3] + 1 };
  };
}
