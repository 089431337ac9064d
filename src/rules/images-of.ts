// CH701-CH703 look at every image a service pulls: its own (unless it is built locally, where `image:` only
// names the result) and those of pre_start lifecycle steps, which run containers of their own.
import type { Service } from '../model/types.ts';
import { hasPlaceholder, isRecord } from './normalize.ts';

export interface PulledImage {
  ref: string;
  path: Array<string | number>;
  where: string;
}

export function pulledImages(service: Service): PulledImage[] {
  const out: PulledImage[] = [];
  const built = service.build !== undefined && service.build !== null;
  if (!built && typeof service.image === 'string' && service.image.trim() && !hasPlaceholder(service.image)) {
    out.push({ ref: service.image.trim(), path: ['image'], where: 'image' });
  }
  const pre = (service as Record<string, unknown>).pre_start;
  (Array.isArray(pre) ? pre : []).forEach((h, i) => {
    if (isRecord(h) && typeof h.image === 'string' && h.image.trim() && !hasPlaceholder(h.image)) {
      out.push({ ref: h.image.trim(), path: ['pre_start', i, 'image'], where: `pre_start step ${i + 1} image` });
    }
  });
  return out;
}
