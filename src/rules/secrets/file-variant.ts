// Which `*_FILE` twin an image reads for a variable, per the knowledge base (exact pairs first, then the
// image's generic prefix/suffix convention), and whether the image refuses file-sourced secrets outright.

import type { ImageFacts } from '../../images/index.ts';

export type FileVariant = { kind: 'file'; variable: string } | { kind: 'refused' } | { kind: 'unknown' };

export function fileVariant(facts: ImageFacts | undefined, name: string): FileVariant {
  if (!facts) return { kind: 'unknown' };
  if (facts.refusesFileSecrets || facts.refusedFileEnv?.includes(name)) return { kind: 'refused' };
  const exact = facts.secretFileEnv?.[name];
  if (exact) return { kind: 'file', variable: exact };
  for (const p of facts.secretFileEnvPatterns ?? []) {
    if (name.startsWith(p.prefix) && !name.endsWith(p.suffix)) return { kind: 'file', variable: name + p.suffix };
  }
  return { kind: 'unknown' };
}
