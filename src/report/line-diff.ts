// The hunks of a line diff, exactly as jsdiff's structuredPatch(…, { context }) makes them (the same Myers
// search, the same choice between equally short scripts, the same hunk boundaries), written for lines only.
// The report diffs every changed service: jsdiff's general machinery (options, callbacks, change objects
// joined into strings and split again) was most of a small harden's report. test/report/line-diff.test.ts
// compares the two on generated texts.

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

const NO_NEWLINE = '\\ No newline at end of file';

/** Lines with their line ends (`\n` or `\r\n`); a last line without one is kept as it is. */
export function splitTokens(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
    out.push(text.slice(at, nl + 1));
    at = nl + 1;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

interface Component {
  count: number;
  added: boolean;
  removed: boolean;
  previous: Component | undefined;
}
interface Path {
  oldPos: number;
  last: Component | undefined;
}

function extend(path: Path, added: boolean, removed: boolean, oldPosInc: number): Path {
  const last = path.last;
  if (last && last.added === added && last.removed === removed) {
    return { oldPos: path.oldPos + oldPosInc, last: { count: last.count + 1, added, removed, previous: last.previous } };
  }
  return { oldPos: path.oldPos + oldPosInc, last: { count: 1, added, removed, previous: last } };
}

/** Follows the diagonal as far as the lines agree; returns the new position in `b`. */
function slide(path: Path, a: string[], b: string[], diagonal: number): number {
  let oldPos = path.oldPos;
  let newPos = oldPos - diagonal;
  let common = 0;
  while (newPos + 1 < b.length && oldPos + 1 < a.length && a[oldPos + 1] === b[newPos + 1]) {
    newPos++;
    oldPos++;
    common++;
  }
  if (common) path.last = { count: common, added: false, removed: false, previous: path.last };
  path.oldPos = oldPos;
  return newPos;
}

/** The edit script as runs of kept, removed and added lines, in order (jsdiff's Diff.diff for line tokens). */
function script(a: string[], b: string[]): Component[] {
  const start: Path = { oldPos: -1, last: undefined };
  let newPos = slide(start, a, b, 0);
  let end: Path | undefined = start.oldPos + 1 >= a.length && newPos + 1 >= b.length ? start : undefined;
  let minDiagonal = -Infinity;
  let maxDiagonal = Infinity;
  // The furthest path found on each diagonal (jsdiff keeps them in an array indexed by negative numbers too).
  const at = new Map<number, Path | undefined>([[0, start]]);
  for (let edit = 1; !end && edit <= a.length + b.length; edit++) {
    for (let d = Math.max(minDiagonal, -edit); d <= Math.min(maxDiagonal, edit); d += 2) {
      const removePath = at.get(d - 1);
      const addPath = at.get(d + 1);
      if (removePath) at.set(d - 1, undefined);
      let canAdd = false;
      if (addPath) {
        const addNewPos = addPath.oldPos - d;
        canAdd = 0 <= addNewPos && addNewPos < b.length;
      }
      const canRemove = !!removePath && removePath.oldPos + 1 < a.length;
      if (!canAdd && !canRemove) {
        at.set(d, undefined);
        continue;
      }
      const base = !canRemove || (canAdd && removePath!.oldPos < addPath!.oldPos) ? extend(addPath!, true, false, 0) : extend(removePath!, false, true, 1);
      newPos = slide(base, a, b, d);
      if (base.oldPos + 1 >= a.length && newPos + 1 >= b.length) {
        end = base;
        break;
      }
      at.set(d, base);
      if (base.oldPos + 1 >= a.length) maxDiagonal = Math.min(maxDiagonal, d - 1);
      if (newPos + 1 >= b.length) minDiagonal = Math.max(minDiagonal, d + 1);
    }
  }
  const out: Component[] = [];
  for (let c = end?.last; c; c = c.previous) out.push(c);
  return out.reverse();
}

/** Unified-diff hunks turning `before` into `after`, with `context` lines around each change. */
export function lineHunks(before: string, after: string, context: number): Hunk[] {
  const a = splitTokens(before);
  const b = splitTokens(after);
  const parts = script(a, b);
  const hunks: Hunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let range: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  let ai = 0;
  let bi = 0;
  let prevLines: string[] | undefined;
  // One empty run at the end closes the last hunk, as jsdiff's does.
  const runs = parts.length + 1;
  for (let i = 0; i < runs; i++) {
    const part = parts[i];
    let lines: string[];
    if (!part) lines = [];
    else if (part.removed) {
      lines = a.slice(ai, ai + part.count);
      ai += part.count;
    } else {
      lines = b.slice(bi, bi + part.count);
      bi += part.count;
      if (!part.added) ai += part.count;
    }
    if (part && (part.added || part.removed)) {
      if (!oldRangeStart) {
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (prevLines) {
          range = context > 0 ? prevLines.slice(-context).map((l) => ' ' + l) : [];
          oldRangeStart -= range.length;
          newRangeStart -= range.length;
        }
      }
      const sign = part.added ? '+' : '-';
      for (const l of lines) range.push(sign + l);
      if (part.added) newLine += lines.length;
      else oldLine += lines.length;
    } else {
      if (oldRangeStart) {
        if (lines.length <= context * 2 && i < runs - 2) {
          for (const l of lines) range.push(' ' + l);
        } else {
          const size = Math.min(lines.length, context);
          for (let k = 0; k < size; k++) range.push(' ' + lines[k]);
          hunks.push({ oldStart: oldRangeStart, oldLines: oldLine - oldRangeStart + size, newStart: newRangeStart, newLines: newLine - newRangeStart + size, lines: range });
          oldRangeStart = 0;
          newRangeStart = 0;
          range = [];
        }
      }
      oldLine += lines.length;
      newLine += lines.length;
    }
    prevLines = lines;
  }
  for (const h of hunks) {
    const out: string[] = [];
    for (const l of h.lines) {
      if (l.endsWith('\n')) out.push(l.slice(0, -1));
      else out.push(l, NO_NEWLINE);
    }
    h.lines = out;
  }
  return hunks;
}
