// What a fix changed, found by comparing before and after: a value's JSON text is taken only for containers,
// which fixes change in place; scalars are kept and compared as they are (most declared keys hold one, and
// taking the text of each for every fix and service was most of what planning a large project allocated).

export function snapshot(v: unknown): string {
  return JSON.stringify(v) ?? '';
}

/** A container's JSON text, or a scalar itself: what `sameShot` compares a value with later. */
export type Shot = { json: string } | string | number | boolean | bigint | symbol | null | undefined;

export function shot(v: unknown): Shot {
  return v !== null && typeof v === 'object' ? { json: snapshot(v) } : (v as Shot);
}

/** Whether `v` is what `was` recorded: the same JSON for a container, the same scalar (Object.is) otherwise. */
export function sameShot(was: Shot, v: unknown): boolean {
  if (v !== null && typeof v === 'object') return was !== null && typeof was === 'object' && was.json === snapshot(v);
  return (was === null || typeof was !== 'object') && Object.is(was, v);
}
