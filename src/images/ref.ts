// Image references parsed the way the Docker engine reads them (distribution/reference grammar), so that
// `postgres`, `library/postgres:16` and `docker.io/library/postgres@sha256:...` all name the same repository.

export interface ImageRef {
  /** Registry host (lower-cased, with port if any); Docker Hub spellings are normalised to 'docker.io'. */
  registry: string;
  /** Repository path inside the registry: 'library/postgres', 'grafana/grafana'. */
  path: string;
  /** Short canonical (familiar) name: 'postgres', 'grafana/grafana', 'quay.io/keycloak/keycloak'. */
  name: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
// index.docker.io is the legacy name the engine itself normalises; registry-1 is the API endpoint people copy.
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME_LENGTH = 255;

/**
 * Parses an image reference. Returns undefined for anything the engine would reject, and for references that
 * still contain an unresolved variable (`${TAG}`): the image they name is unknown, not a different image.
 */
export function parseImageRef(ref: string): ImageRef | undefined {
  if (typeof ref !== 'string') return undefined;
  let rest = ref.trim();
  if (rest === '' || rest.includes('$')) return undefined;

  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  if (rest === '' || rest.length > MAX_NAME_LENGTH) return undefined;

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  // The engine's rule: the first component is a registry host when it looks like one (a dot, a port, localhost)
  // or carries upper case, which a repository path never may.
  if (parts.length > 1 && (/[.:A-Z]/.test(parts[0]) || parts[0] === 'localhost')) {
    const host = parts.shift() as string;
    if (!DOMAIN_RE.test(host)) return undefined;
    registry = host.toLowerCase();
    if (HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  }
  if (!parts.every((p) => PATH_COMPONENT_RE.test(p))) return undefined;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');

  const path = parts.join('/');
  const out: ImageRef = { registry, path, name: familiarName(registry, path) };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

function familiarName(registry: string, path: string): string {
  if (registry !== DOCKER_HUB) return `${registry}/${path}`;
  return path.startsWith('library/') && path.indexOf('/', 8) < 0 ? path.slice(8) : path;
}

/** The key a repository is indexed under: registry and path, without tag or digest. */
export function repoKey(ref: ImageRef): string {
  return `${ref.registry}/${ref.path}`;
}

/**
 * repoKey and tag of a name already known to be valid (the shipped data, checked by its tests), by string
 * operations alone: building the index must stay far below the start-up budget, and full parsing of a few hundred
 * names is what would cost. A `*` glob in the tag (a family of tags) is dropped with the tag.
 */
export function trustedNameKey(name: string): { key: string; tag?: string } {
  let rest = name;
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag.includes('*')) tag = undefined;
  }
  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const head = rest.slice(0, slash);
    if (head.includes('.') || head.includes(':') || head === 'localhost' || head !== head.toLowerCase()) {
      registry = head.toLowerCase();
      if (HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  return tag === undefined ? { key: `${registry}/${rest}` } : { key: `${registry}/${rest}`, tag };
}

// Hosts that serve Docker Hub content under Hub paths (pull-through mirrors), and ECR Public's copy of the
// official images. Only official (`library/`) images are matched through other registries: a private registry's
// `library/postgres` is a mirror in practice, while `team/postgres` there may be anything.
const HUB_MIRRORS = new Set(['mirror.gcr.io']);
const ECR_LIBRARY_PREFIX = 'docker/library/';

/** The Docker Hub key a mirrored reference stands for, or undefined when it is not a recognisable mirror. */
export function mirroredHubKey(ref: ImageRef): string | undefined {
  if (ref.registry === DOCKER_HUB) return undefined;
  if (HUB_MIRRORS.has(ref.registry)) return `${DOCKER_HUB}/${ref.path.includes('/') ? ref.path : `library/${ref.path}`}`;
  if (ref.registry === 'public.ecr.aws' && ref.path.startsWith(ECR_LIBRARY_PREFIX)) {
    return `${DOCKER_HUB}/library/${ref.path.slice(ECR_LIBRARY_PREFIX.length)}`;
  }
  if (ref.path.startsWith('library/') && ref.path.indexOf('/', 8) < 0) return `${DOCKER_HUB}/${ref.path}`;
  return undefined;
}
