// "Did you mean" for unknown keys: the closest known key by edit distance, where swapping two neighbouring
// letters counts as one edit (the most common typo: `imgae`, `enviroment`).

function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key closest to `key`, if it is close enough to be a plausible typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = key.toLowerCase().replace(/-/g, '_');
  // one edit per three letters, so short keys only match near-exact typos
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate);
    if (distance <= limit && (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
