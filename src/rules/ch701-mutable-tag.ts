import type { Rule, RuleFinding } from './types.ts';
import type { Service } from '../model/types.ts';
import { at } from './context.ts';
import { parseImageRef } from './image.ts';
import { pulledImages } from './images-of.ts';
import { hasPlaceholder } from './normalize.ts';

/** Pull policies under which Compose never pulls a built service's image (it builds, or uses what is local). */
const NO_PULL = new Set(['build', 'never']);

/**
 * A built service whose `image:` names a registry: Compose tries to pull that reference before it builds
 * (compose-spec build.md), so a floating tag there runs whatever the registry serves now instead of this source.
 * Plain local names (`myapp`) are left alone: they name the build result and are rarely meant to be pulled.
 */
function pulledBeforeBuild(service: Service): string | undefined {
  if (service.build === undefined || service.build === null) return undefined;
  const ref = typeof service.image === 'string' ? service.image.trim() : '';
  if (!ref || hasPlaceholder(ref)) return undefined;
  // pull_policy is not in the canonical model's type but is kept on the service as written.
  const policy = (service as Record<string, unknown>).pull_policy;
  if (typeof policy === 'string' && NO_PULL.has(policy)) return undefined;
  return parseImageRef(ref).registry ? ref : undefined;
}

export const FLOATING_TAGS = new Set(['latest', 'stable', 'edge', 'main', 'master', 'nightly', 'dev', 'develop', 'beta', 'canary', 'lts', 'rolling', 'mainline', 'current', 'alpine', 'slim']);

export const rule: Rule = {
  meta: {
    id: 'CH701',
    title: 'Mutable or missing image tag',
    severity: 'medium',
    fix: 'report',
    refs: ['CIS 5.28', 'OWASP #13', 'dclint service-image-require-explicit-tag', 'compose-lint CL-0004', 'Polaris tagNotSpecified', 'hadolint DL3006', 'hadolint DL3007'],
    rationale:
      'A missing or floating tag (latest, stable, edge, main, nightly, lts, ...) changes what runs without any change ' +
      'to the project and breaks reproducible rollbacks. Locally built services are not checked: their image: names the build result.',
    example: {
      before: 'services:\n  db:\n    image: postgres:latest\n',
      after: 'services:\n  db:\n    image: postgres:16.4   # CH701\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    for (const img of pulledImages(service)) {
      const r = parseImageRef(img.ref);
      if (r.digest) continue;
      if (!r.tag) out.push({ ...at(ctx, ...img.path), key: img.ref, message: `${img.where} ${img.ref} has no tag (pulls latest)` });
      else if (FLOATING_TAGS.has(r.tag.toLowerCase())) out.push({ ...at(ctx, ...img.path), key: img.ref, message: `${img.where} ${img.ref} uses the floating tag "${r.tag}"` });
    }
    const built = pulledBeforeBuild(service);
    if (built) {
      const r = parseImageRef(built);
      const floating = !r.digest && (!r.tag || FLOATING_TAGS.has(r.tag.toLowerCase()));
      if (floating) {
        out.push({
          ...at(ctx, 'image'),
          key: built,
          message: `image ${built} is built here but ${r.tag ? `uses the floating tag "${r.tag}"` : 'has no tag'}, and Compose pulls it from the registry before building: pin a version, or set pull_policy: build`,
        });
      }
    }
    return out;
  },
};
