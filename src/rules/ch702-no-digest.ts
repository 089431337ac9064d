import type { Rule } from './types.ts';
import { at } from './context.ts';
import { parseImageRef } from './image.ts';
import { pulledImages } from './images-of.ts';

export const rule: Rule = {
  meta: {
    id: 'CH702',
    title: 'Image not pinned by digest',
    severity: 'low',
    fix: 'report',
    refs: ['CIS 5.28', 'OWASP #13', 'compose-lint CL-0019'],
    rationale:
      'Tags are mutable pointers in the registry; only a digest guarantees the reviewed image is the one that runs. ' +
      'Digests can be taken from `docker compose config --resolve-image-digests`; the tool itself stays offline.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16.4\n',
      after: 'services:\n  db:\n    image: postgres:16.4@sha256:<digest>   # CH702\n',
    },
    breaks: 'Automatic updates that relied on the tag moving.',
  },

  check(service, ctx) {
    return pulledImages(service)
      .filter((img) => !parseImageRef(img.ref).digest?.startsWith('sha256:'))
      .map((img) => ({ ...at(ctx, ...img.path), key: img.ref, message: `${img.where} ${img.ref} is not pinned by digest` }));
  },
};
