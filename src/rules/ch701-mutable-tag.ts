import type { Rule, RuleFinding } from './types.ts';
import { at } from './context.ts';
import { parseImageRef } from './image.ts';
import { pulledImages } from './images-of.ts';

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
    return out;
  },
};
