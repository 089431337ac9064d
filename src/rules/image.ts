// What the rules know about the image a service runs: the knowledge base (pulled images only; a local build
// can produce anything) and the user's own per-image policy, plus the user the container ends up running as.
import type { ImageFacts } from '../images/index.ts';
import type { Policy } from '../policy/types.ts';
import type { Service } from '../model/types.ts';
import type { RuleContext } from './types.ts';
import { hasPlaceholder, isNumeric, isRootName, parseUser } from './normalize.ts';

export type PolicyImage = Policy['images'][string];

export interface ImageView {
  ref?: string;
  /** Knowledge-base facts; absent for unknown images and for services built locally. */
  facts?: ImageFacts;
  /** The policy's entry for this image, when there is one. */
  custom?: PolicyImage;
  built: boolean;
}

export interface ImageRef {
  registry?: string;
  /** Repository path without registry, e.g. `library/postgres`, `myorg/api`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** Split `[registry/]path[:tag][@digest]`; the registry is the first component when it looks like a host. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registry = parts.shift();
  let path = parts.join('/');
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if ((!registry || registry === 'docker.io') && !path.includes('/')) path = `library/${path}`;
  return { registry, path, tag, digest };
}

/** `postgres`, `library/postgres` and `docker.io/library/postgres:16` all give `postgres`. */
export function repoName(ref: string): string {
  const r = parseImageRef(ref);
  const path = r.path.replace(/^library\//, '');
  return !r.registry || r.registry === 'docker.io' ? path : `${r.registry}/${r.path}`;
}

type PolicyImages = NonNullable<Policy['images']>;

// Answers per policy image table and reference: every rule asks about every service's image.
const byTable = new WeakMap<PolicyImages, Map<string, PolicyImage | undefined>>();

function policyImage(ref: string | undefined, policy: Policy): PolicyImage | undefined {
  if (!ref || !policy.images) return undefined;
  let answers = byTable.get(policy.images);
  if (!answers) byTable.set(policy.images, (answers = new Map()));
  if (answers.has(ref)) return answers.get(ref);
  const found = lookupPolicyImage(ref, policy.images);
  answers.set(ref, found);
  return found;
}

function lookupPolicyImage(ref: string, images: PolicyImages): PolicyImage | undefined {
  const noDigest = ref.split('@')[0];
  for (const key of [ref, noDigest]) if (images[key]) return images[key];
  const repo = repoName(ref);
  for (const [key, entry] of Object.entries(images)) if (repoName(key) === repo && !/[:@]/.test(key.split('/').pop()!)) return entry;
  return undefined;
}

export function imageView(service: Service, ctx: Pick<RuleContext, 'images' | 'policy'>): ImageView {
  const ref = typeof service.image === 'string' && !hasPlaceholder(service.image) ? service.image : undefined;
  const built = service.build !== undefined && service.build !== null;
  return { ref, built, facts: built ? undefined : ctx.images.lookup(ref), custom: policyImage(ref, ctx.policy) };
}

/** Facts the rules may act on without asking: verified or documented, or written by the user in policy. */
export function vouched(f: ImageFacts | undefined): f is ImageFacts {
  return f !== undefined && (f.confidence !== 'inferred' || (f.sources ?? []).includes('policy'));
}

export interface EffectiveUser {
  /** true = root, false = a non-root uid, undefined = cannot tell (treated as root where safety matters). */
  root: boolean | undefined;
  uid?: number;
  gid?: number;
  from: 'service' | 'image' | 'unknown';
}

function fromSpec(spec: string | undefined, facts: ImageFacts | undefined, from: EffectiveUser['from']): EffectiveUser {
  if (spec === undefined || hasPlaceholder(spec)) return { root: undefined, from: 'unknown' };
  const u = parseUser(spec);
  if (!u) return { root: undefined, from: 'unknown' };
  const gid = isNumeric(u.group) ? Number(u.group) : undefined;
  if (isRootName(u.user)) return { root: true, uid: 0, gid: gid ?? 0, from };
  if (isNumeric(u.user)) return { root: false, uid: Number(u.user), gid, from };
  // A name can only be resolved through the image's passwd file, which the knowledge base summarises.
  if (facts && u.user === facts.defaultUser) return { root: facts.uid === 0, uid: facts.uid, gid: gid ?? facts.gid, from };
  return { root: undefined, from };
}

/** The user the main process starts as: `user:`, else the image default. (A policy `user` is a target, not a fact.) */
export function effectiveUser(service: Service, view: ImageView): EffectiveUser {
  const own = parseUser(service.user);
  if (own) return fromSpec(service.user, view.facts, 'service');
  if (view.facts) {
    const f = view.facts;
    return { root: f.uid === 0, uid: f.uid, gid: f.gid, from: 'image' };
  }
  return { root: undefined, from: 'unknown' };
}
