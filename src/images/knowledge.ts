// Lookup of image facts by the reference a compose file writes. The index maps registry/path to the entries for
// that repository once, at construction; a lookup is a parse plus a Map hit, and results are cached per reference.
import { InputError } from '../model/errors.ts';
import { mirroredHubKey, parseImageRef, repoKey, trustedNameKey } from './ref.ts';
import type { ImageFacts, ImageKnowledge, ImageOverride, ImageVariant, KbEntry } from './types.ts';

interface CompiledVariant {
  name: string;
  re: RegExp;
  set: Partial<ImageFacts>;
  unset: string[];
}

interface Compiled {
  /** The entry as stored (or as the policy gave it); the fields below are derived from it on first use. */
  raw: ImageFacts | ImageOverride;
  base?: ImageFacts;
  variants?: CompiledVariant[];
  notCovered?: RegExp | null;
  /** Policy fields laid over the resolved variant, so a policy `user` beats an Alpine uid. */
  overlay?: Partial<ImageFacts>;
  /** Variant list and tag exclusion replaced by policy. */
  variantsFrom?: ImageVariant[];
  notCoveredFrom?: string;
  defaults?: boolean;
  resolved: Map<string, ImageFacts>;
}

interface Slot {
  /** Entries for a tag family of the repository (gitea's -rootless tags), tried before the base entry. */
  tagged: Array<{ pattern: string; re: RegExp; entry: Compiled }>;
  base?: Compiled;
}

const INTERNAL_KEYS = new Set(['variants', 'tagMatch', 'notCoveredTags', 'variant']);
const MAX_CACHED_REFS = 4096;

export function buildImageKnowledge(entries: ReadonlyArray<KbEntry | KbRecord>, extra: ReadonlyArray<ImageFacts | ImageOverride> = []): ImageKnowledge {
  const index = new Map<string, Slot>();
  const order: Compiled[] = [];
  // Start-up cost matters here (every CLI run builds this): only names are indexed now, the rest is prepared
  // per entry on its first lookup.
  for (let i = 0; i < entries.length; i++) addDataEntry(index, order, entries[i]);
  for (const e of extra) addPolicyEntry(index, order, e);

  const cache = new Map<string, ImageFacts | undefined>();
  let everything: ImageFacts[] | undefined;

  return {
    lookup(ref) {
      if (ref === undefined) return undefined;
      if (cache.has(ref)) return cache.get(ref);
      const facts = resolveRef(index, ref);
      if (cache.size >= MAX_CACHED_REFS) cache.clear();
      cache.set(ref, facts);
      return facts;
    },
    all() {
      everything ??= order.map((c) => deepFreeze(applyOverlay(c, { ...prepare(c).base })));
      return everything.slice();
    },
  };
}

/** Derives base facts, compiled variants and the tag exclusion of an entry, once. */
function prepare(c: Compiled): Required<Pick<Compiled, 'base' | 'variants'>> & Compiled {
  if (!c.base) {
    const fields = publicFields(c.raw);
    c.base = c.defaults ? withDefaults(fields, c.raw.image) : (fields as ImageFacts);
    const variants = c.variantsFrom ?? (Array.isArray(c.raw.variants) ? c.raw.variants : []);
    c.variants = variants.map((v) => ({ name: v.name, re: compileRe(v.tag, c.raw.image), set: v.set ?? {}, unset: v.unset ?? [] }));
    const notCovered = c.notCoveredFrom ?? (typeof c.raw.notCoveredTags === 'string' ? c.raw.notCoveredTags : undefined);
    c.notCovered = notCovered === undefined ? null : compileRe(notCovered, c.raw.image);
  }
  return c as Required<Pick<Compiled, 'base' | 'variants'>> & Compiled;
}

function resolveRef(index: Map<string, Slot>, text: string): ImageFacts | undefined {
  const ref = parseImageRef(text);
  if (!ref) return undefined;
  let slot = index.get(repoKey(ref));
  if (!slot) {
    const mirrored = mirroredHubKey(ref);
    if (mirrored) slot = index.get(mirrored);
  }
  if (!slot) return undefined;
  // No tag and no digest means the engine pulls :latest, which is what the base facts describe.
  const tag = ref.tag ?? (ref.digest ? undefined : 'latest');
  const found = (tag !== undefined && slot.tagged.find((t) => t.re.test(tag))?.entry) || slot.base;
  if (!found) return undefined;
  const entry = prepare(found);
  if (tag !== undefined && entry.notCovered?.test(tag)) return undefined;
  return resolveVariant(entry, tag);
}

function resolveVariant(entry: ReturnType<typeof prepare>, tag: string | undefined): ImageFacts {
  return resolveMatching(entry, tag === undefined ? undefined : entry.variants.filter((v) => v.re.test(tag)));
}

/** `matching` undefined: the variant cannot be told (digest without tag). */
function resolveMatching(entry: ReturnType<typeof prepare>, matching: CompiledVariant[] | undefined): ImageFacts {
  const key = matching === undefined ? '?' : matching.map((v) => v.name).join('-');
  const hit = entry.resolved.get(key);
  if (hit) return hit;

  const facts: ImageFacts = { ...entry.base };
  if (matching === undefined) {
    if (entry.variants.length > 0) mergeUnknownVariant(facts, entry.variants);
  } else {
    for (const v of matching) {
      Object.assign(facts, v.set);
      for (const k of v.unset) delete facts[k];
    }
    if (key) facts.variant = key;
  }
  const out = deepFreeze(applyOverlay(entry, facts));
  entry.resolved.set(key, out);
  return out;
}

/**
 * A digest without a tag could be any variant. Claims that differ between variants (the service user) are
 * dropped, needs (capabilities, paths, ports) are united, and the healthcheck is withheld: the conservative
 * reading of facts that might not apply.
 */
function mergeUnknownVariant(facts: ImageFacts, variants: CompiledVariant[]): void {
  const base = { ...facts };
  for (const v of variants) {
    for (const k of v.unset) delete facts[k];
    for (const [k, value] of Object.entries(v.set)) {
      const current = base[k];
      if (sameValue(current, value)) continue;
      if (k === 'serviceUser' || k === 'serviceUserEnv') delete facts[k];
      else if (k === 'healthcheck') facts.healthcheck = null;
      else if (Array.isArray(current) && Array.isArray(value)) {
        const existing = facts[k];
        facts[k] = [...new Set([...(Array.isArray(existing) ? existing : current), ...value])];
      }
    }
  }
  facts.variant = 'unknown';
}

function applyOverlay(entry: Compiled, facts: ImageFacts): ImageFacts {
  return entry.overlay ? Object.assign(facts, entry.overlay) : facts;
}

/**
 * A knowledge-base entry known by its names, its facts read on first use: the built CLI parses only the
 * entries of the images a project runs (most of the file is never looked at).
 */
export interface KbRecord {
  image: string;
  aliases: string[];
  tagMatch?: string;
  load(): KbEntry;
}

function isRecord(e: KbEntry | KbRecord): e is KbRecord {
  return typeof (e as KbRecord).load === 'function';
}

function addDataEntry(index: Map<string, Slot>, order: Compiled[], raw: KbEntry | KbRecord): void {
  let compiled: Compiled;
  if (isRecord(raw)) {
    const record = raw;
    let loaded: KbEntry | undefined;
    compiled = {
      get raw() {
        return (loaded ??= record.load());
      },
      resolved: new Map(),
    };
  } else compiled = { raw, resolved: new Map() };
  order.push(compiled);
  const main = trustedNameKey(raw.image);
  const tagMatch = raw.tagMatch ?? (main.tag !== undefined ? `^${escapeRe(main.tag)}$` : undefined);
  attach(index, main.key, tagMatch, compiled, raw.image, false);
  const aliases = raw.aliases;
  for (let i = 0; i < aliases.length; i++) attach(index, trustedNameKey(aliases[i]).key, tagMatch, compiled, raw.image, false);
}

function addPolicyEntry(index: Map<string, Slot>, order: Compiled[], raw: ImageFacts | ImageOverride): void {
  if (!raw || typeof raw.image !== 'string') throw new InputError('image knowledge: every policy image entry needs an image name');
  const main = parsePolicyName(raw.image);
  const tagMatch = typeof raw.tagMatch === 'string' ? raw.tagMatch : main.tag !== undefined ? `^${escapeRe(main.tag)}$` : undefined;
  const names = [main.key, ...(Array.isArray(raw.aliases) ? raw.aliases : []).map((a) => parsePolicyName(a).key)];
  const fields = publicFields(raw);
  const variants = Array.isArray(raw.variants) ? raw.variants : undefined;
  const notCovered = typeof raw.notCoveredTags === 'string' ? raw.notCoveredTags : undefined;
  if (variants) variants.forEach((v) => compileRe(v.tag, raw.image));
  if (notCovered !== undefined) compileRe(notCovered, raw.image);

  const slot = index.get(main.key);
  const same = tagMatch === undefined ? slot?.base : slot?.tagged.find((t) => t.pattern === tagMatch)?.entry;
  if (same) {
    same.overlay = { ...same.overlay, ...changedFields(same, fields, raw.variant) };
    if (variants) same.variantsFrom = variants;
    if (notCovered !== undefined) same.notCoveredFrom = notCovered;
    same.base = undefined;
    same.resolved.clear();
    for (const n of names) attach(index, n, tagMatch, same, raw.image, true);
    return;
  }
  // A policy entry for one tag of a known image keeps what is known about that tag and changes only its fields.
  const donor = slot && ((main.tag !== undefined && slot.tagged.find((t) => t.re.test(main.tag as string))?.entry) || slot.base);
  const compiled: Compiled = donor
    ? { raw: donor.raw, overlay: { ...donor.overlay, ...changedFields(donor, fields, raw.variant) }, variantsFrom: variants ?? donor.variantsFrom, notCoveredFrom: notCovered ?? donor.notCoveredFrom, resolved: new Map() }
    : { raw, defaults: true, resolved: new Map() };
  order.push(compiled);
  for (const n of names) attach(index, n, tagMatch, compiled, raw.image, true);
}

/**
 * Only what the policy entry changes becomes an overlay: a complete facts object (say, a lookup result with a
 * note edited) must not pin every variant to the values of the variant it was copied from.
 */
function changedFields(target: Compiled, fields: Partial<ImageFacts>, label: unknown): Partial<ImageFacts> {
  const entry = prepare(target);
  let current: ImageFacts;
  if (label === 'unknown') current = resolveMatching(entry, undefined);
  else {
    const names = typeof label === 'string' ? label.split('-') : [];
    current = resolveMatching(entry, entry.variants.filter((v) => names.includes(v.name)));
  }
  const out: Partial<ImageFacts> = {};
  for (const [k, v] of Object.entries(fields)) if (!sameValue(current[k], v)) out[k] = v;
  return out;
}

function attach(index: Map<string, Slot>, key: string, tagMatch: string | undefined, entry: Compiled, image: string, replace: boolean): void {
  let slot = index.get(key);
  if (!slot) index.set(key, (slot = { tagged: [] }));
  if (tagMatch !== undefined) {
    const existing = slot.tagged.find((t) => t.pattern === tagMatch);
    if (existing && existing.entry !== entry && !replace) throw new Error(`image knowledge: '${image}' and another entry both claim ${key}:${tagMatch}`);
    if (existing) existing.entry = entry;
    // Policy entries go first so they win over the shipped tag families.
    else if (replace) slot.tagged.unshift({ pattern: tagMatch, re: compileRe(tagMatch, image), entry });
    else slot.tagged.push({ pattern: tagMatch, re: compileRe(tagMatch, image), entry });
    return;
  }
  if (slot.base && slot.base !== entry && !replace) throw new Error(`image knowledge: '${image}' and another entry both claim ${key}`);
  slot.base = entry;
}

function parsePolicyName(name: unknown): { key: string; tag?: string } {
  if (typeof name !== 'string') throw new InputError('image knowledge: image names must be strings');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const text = colon > slash && name.slice(colon + 1).includes('*') ? name.slice(0, colon) : name;
  const ref = parseImageRef(text);
  if (!ref || ref.digest) throw new InputError(`image knowledge: cannot use '${name}' as an image name`);
  return { key: repoKey(ref), tag: ref.tag };
}

function compileRe(source: string, image: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    throw new InputError(`image knowledge: '${image}' has an invalid tag pattern`);
  }
}

function publicFields(raw: ImageFacts | ImageOverride): Partial<ImageFacts> {
  const out: Partial<ImageFacts> = {};
  for (const k of Object.keys(raw)) if (!INTERNAL_KEYS.has(k)) out[k] = raw[k];
  return out;
}

/**
 * A policy may describe its own image with a few fields. The rest is filled conservatively: unknown images are
 * assumed to start as root and to need nothing the policy did not list.
 */
function withDefaults(p: Partial<ImageFacts>, image: string): ImageFacts {
  return {
    aliases: [],
    defaultUser: 'root',
    uid: 0,
    gid: 0,
    dropsPrivileges: false,
    rootCapsNeeded: [],
    runsAsUidDirectly: p.serviceUser !== undefined,
    writablePaths: [],
    ports: [],
    secretFileEnv: {},
    dataPaths: [],
    healthcheck: null,
    minMemory: null,
    kind: 'app',
    confidence: 'inferred',
    sources: ['policy'],
    notes: '',
    ...p,
    image,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
