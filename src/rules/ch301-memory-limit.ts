import type { RuleContext } from './types.ts';
import type { Service } from '../model/types.ts';
import { imageView } from './image.ts';
import { limitRule } from './limit-rule.ts';
import { memoryReservation } from './limits.ts';
import { tmpfsMounts } from './mounts.ts';
import { formatSize, parseSize } from './normalize.ts';

/** Policy default, raised for heavy images (KB), for the tmpfs the service holds in memory, and to its reservation. */
export function memoryFor(service: Service, ctx: RuleContext): string {
  const policy = ctx.policy.limits.memory;
  const base = parseSize(policy) ?? 512 * 1024 ** 2;
  const kb = parseSize(imageView(service, ctx).facts?.minMemory ?? undefined) ?? 0;
  const tmpfs = tmpfsMounts(service)
    .map((t) => parseSize(t.options.find((o) => o.startsWith('size='))?.slice(5)) ?? 0)
    .reduce((a, b) => a + b, 0);
  const need = Math.max(base, kb, 2 * tmpfs, memoryReservation(service));
  return need === base ? policy : formatSize(need);
}

export const rule = limitRule(
  'memory',
  {
    id: 'CH301',
    title: 'No memory limit',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.11', 'OWASP #7', 'KICS bb9ac4f7-e13b-423d-a010-c74a1bfbe492', 'compose-lint CL-0026', 'Polaris memoryLimitsMissing'],
    rationale:
      'One leaking or attacked service can push the host into a global OOM, taking down the daemon and every other ' +
      'service. The fix writes the policy default (raised for images the knowledge base knows to need more, and to ' +
      'cover tmpfs and reservations) in the spelling the service already uses; it never lowers a value the user set.',
    example: {
      before: 'services:\n  api:\n    image: example/api:1\n',
      after: 'services:\n  api:\n    image: example/api:1\n    deploy:\n      resources:\n        limits:\n          memory: 512m   # CH301\n',
    },
    breaks:
      'OOM kills (exit code 137) under load; runtimes that size heaps from host RAM; databases, search engines and JVM ' +
      'services that need more than a generic default; tmpfs usage counts toward the limit.',
  },
  'memory',
  memoryFor,
);
