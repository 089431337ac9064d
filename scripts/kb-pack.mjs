// The image knowledge base as the build bundles it (src/images/index.ts unpacks it): each entry's names,
// and its whole text, parsed only when the entry is first looked up.
export function packKb(entries) {
  return { packed: entries.map((e) => [e.image, e.aliases, e.tagMatch ?? null, JSON.stringify(e)]) };
}
