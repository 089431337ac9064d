import type { Rule } from './types.ts';
import { at } from './context.ts';
import { parseImageRef } from './image.ts';
import { pulledImages } from './images-of.ts';

/** `postgres` → `docker.io/library/postgres`; `ghcr.io/org/app:1` → `ghcr.io/org/app`. */
export function fullName(ref: string): string {
  const r = parseImageRef(ref);
  return `${r.registry ?? 'docker.io'}/${r.path}`.toLowerCase();
}

/** An allowlist entry names a registry (`ghcr.io`) or a namespace in it (`docker.io/library`, `ghcr.io/myorg`). */
export function allowed(ref: string, allowlist: string[]): boolean {
  const name = fullName(ref);
  return allowlist.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/\/+$/, '').replace(/^(index|registry-1)\.docker\.io(?=\/|$)/, 'docker.io');
    return name === e || name.startsWith(e + '/');
  });
}

export const rule: Rule = {
  meta: {
    id: 'CH703',
    title: 'Registry not allowed',
    severity: 'medium',
    fix: 'report',
    refs: ['OWASP #13', 'CIS 4.2', 'hadolint DL3026'],
    rationale:
      'Organisations restrict where images may come from; a typo-squatted or unknown registry is a supply-chain ' +
      'risk. Active only when the policy lists allowedRegistries.',
    example: {
      before: 'services:\n  app:\n    image: registry.example.net/app:1\n',
      after: 'services:\n  app:\n    image: ghcr.io/myorg/app:1   # CH703: allowed registry\n',
    },
  },

  check(service, ctx) {
    const list = ctx.policy.allowedRegistries ?? [];
    if (!list.length) return [];
    return pulledImages(service)
      .filter((img) => !allowed(img.ref, list))
      .map((img) => ({ ...at(ctx, ...img.path), key: img.ref, message: `${img.where} ${img.ref} comes from ${fullName(img.ref).split('/')[0]}, which the policy does not allow` }));
  },
};
