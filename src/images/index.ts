// The image knowledge base: facts about popular images that decide whether a hardening fix is safe for them.
import data from './kb.json' with { type: 'json' };
import { buildImageKnowledge, type KbRecord } from './knowledge.ts';
import type { ImageFacts, ImageKnowledge, ImageOverride, KbEntry } from './types.ts';

export { parseImageRef, repoKey, type ImageRef } from './ref.ts';
export type { ConditionalPath, Confidence, ImageFacts, ImageKnowledge, ImageOverride, ImageVariant, KbEntry, NoTmpfsPath } from './types.ts';

/**
 * kb.json as the build bundles it: each entry's names, and its whole text to parse when it is first looked up
 * (scripts/kb-pack.mjs). Run from source, kb.json is the plain list of entries.
 */
export interface PackedKb {
  packed: Array<[image: string, aliases: string[], tagMatch: string | null, json: string]>;
}

export function unpackKb(kb: PackedKb): KbRecord[] {
  return kb.packed.map(([image, aliases, tagMatch, json]) => ({ image, aliases, ...(tagMatch === null ? {} : { tagMatch }), load: () => JSON.parse(json) as KbEntry }));
}

// kb.json is checked against KbEntry by test/images/data.test.ts; JSON imports cannot carry literal types.
const ENTRIES: ReadonlyArray<KbEntry | KbRecord> = Array.isArray(data) ? (data as unknown as KbEntry[]) : unpackKb(data as unknown as PackedKb);

/**
 * The shipped knowledge base plus entries from policy. An entry naming a known image changes only the fields it
 * gives (and wins over tag variants); an entry for an unknown image is completed with conservative defaults.
 */
export function createImageKnowledge(extra?: ReadonlyArray<ImageFacts | ImageOverride>): ImageKnowledge {
  return buildImageKnowledge(ENTRIES, extra);
}

export const defaultImages: ImageKnowledge = createImageKnowledge();
