// The image knowledge base: facts about popular images that decide whether a hardening fix is safe for them.
import data from './kb.json' with { type: 'json' };
import { buildImageKnowledge } from './knowledge.ts';
import type { ImageFacts, ImageKnowledge, ImageOverride, KbEntry } from './types.ts';

export { parseImageRef, repoKey, type ImageRef } from './ref.ts';
export type { ConditionalPath, Confidence, ImageFacts, ImageKnowledge, ImageOverride, ImageVariant, KbEntry, NoTmpfsPath } from './types.ts';

// kb.json is checked against KbEntry by test/images/data.test.ts; JSON imports cannot carry literal types.
const ENTRIES = data as unknown as readonly KbEntry[];

/**
 * The shipped knowledge base plus entries from policy. An entry naming a known image changes only the fields it
 * gives (and wins over tag variants); an entry for an unknown image is completed with conservative defaults.
 */
export function createImageKnowledge(extra?: ReadonlyArray<ImageFacts | ImageOverride>): ImageKnowledge {
  return buildImageKnowledge(ENTRIES, extra);
}

export const defaultImages: ImageKnowledge = createImageKnowledge();
