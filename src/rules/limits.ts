// Resource limits come in two families (`mem_limit`/`cpus`/`pids_limit` and `deploy.resources.limits`).
// Compose refuses a service whose families disagree, and a key missing from an existing
// `deploy.resources.limits` block counts as disagreeing, so a limit is written in every family in use.
import type { Service } from '../model/types.ts';
import { hasPlaceholder, isRecord, parseSize, toNumber } from './normalize.ts';

export type LimitKind = 'memory' | 'cpus' | 'pids';

const LEGACY: Record<LimitKind, string[]> = { memory: ['mem_limit'], cpus: ['cpus', 'cpu_quota'], pids: ['pids_limit'] };
const LEGACY_KEYS = ['mem_limit', 'mem_reservation', 'cpus', 'pids_limit'];

export interface LimitValue {
  value: unknown;
  path: Array<string | number>;
}

function deployLimits(service: Service): Record<string, unknown> | undefined {
  const r = isRecord(service.deploy) ? service.deploy.resources : undefined;
  return isRecord(r) && isRecord(r.limits) ? r.limits : undefined;
}

/** Every place the service sets this limit. */
export function limitValues(service: Service, kind: LimitKind): LimitValue[] {
  const out: LimitValue[] = [];
  for (const key of LEGACY[kind]) if (service[key] !== undefined && service[key] !== null) out.push({ value: service[key], path: [key] });
  const d = deployLimits(service);
  if (d && d[kind] !== undefined && d[kind] !== null) out.push({ value: d[kind], path: ['deploy', 'resources', 'limits', kind] });
  return out;
}

/** 0 and -1 mean "unlimited"; a value still holding `${VAR}` counts as set (the operator decides it). */
export function isPositiveLimit(kind: LimitKind, v: unknown): boolean {
  if (hasPlaceholder(v)) return true;
  const n = kind === 'memory' ? parseSize(v) : toNumber(v);
  return n !== undefined && n > 0;
}

export function hasLimit(service: Service, kind: LimitKind): boolean {
  return limitValues(service, kind).some((l) => isPositiveLimit(kind, l.value));
}

export function families(service: Service): { legacy: boolean; deploy: boolean } {
  const legacy = LEGACY_KEYS.some((k) => service[k] !== undefined && service[k] !== null);
  const r = isRecord(service.deploy) ? service.deploy.resources : undefined;
  const deploy = isRecord(r) && (isRecord(r.limits) || isRecord(r.reservations));
  return { legacy, deploy };
}

/** Write the limit in the spelling(s) the service already uses; `deploy.resources` when it uses neither. */
export function writeLimit(service: Service, kind: LimitKind, value: string | number, o: { v1?: boolean } = {}): void {
  const fam = families(service);
  // docker-compose v1 rejects deploy.resources.limits.pids: pids_limit is the one spelling it knows.
  if (o.v1 && kind === 'pids' && !limitValues(service, 'pids').some((l) => l.path[0] === 'deploy')) {
    service.pids_limit = value;
    return;
  }
  if (fam.legacy) service[LEGACY[kind][0]] = value;
  if (fam.deploy || !fam.legacy) {
    const deploy = (service.deploy ??= {});
    const resources = (deploy.resources ??= {});
    const limits = (resources.limits ??= {});
    limits[kind] = value;
  }
}

/** Memory the service reserves, in bytes (a limit below a reservation makes the engine refuse the container). */
export function memoryReservation(service: Service): number {
  const r = isRecord(service.deploy) && isRecord(service.deploy.resources) ? service.deploy.resources.reservations : undefined;
  const values = [service.mem_reservation, isRecord(r) ? r.memory : undefined].map(parseSize).filter((n): n is number => n !== undefined);
  return Math.max(0, ...values);
}
