// Reading published ports and the networks a service sits on, shared by the 5xx rules.

import type { PortConfig, Project, Service } from '../../model/types.ts';
import type { Policy } from '../../policy/types.ts';

/** Every spelling of the unspecified address (0.0.0.0, ::, [::], 0:0:0:0:0:0:0:0, ::ffff:0.0.0.0) is a wildcard. */
export function isUnspecifiedAddress(ip: string | undefined | null): boolean {
  if (ip === undefined || ip === null) return true;
  let s = String(ip).trim();
  if (s === '') return true;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  s = s.replace(/%.*$/, ''); // zone index
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) return s.split('.').every((o) => Number(o) === 0);
  if (!s.includes(':')) return false;
  let v6 = s;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    if (!v4[2].split('.').every((o) => Number(o) === 0)) return false;
    v6 = v4[1] === '::ffff:' ? '::' : v4[1] + '0';
  }
  if (!/^[0-9a-f:]+$/i.test(v6) || (v6.match(/::/g)?.length ?? 0) > 1) return false;
  const groups = v6.split(':').filter((g) => g !== '');
  if (!v6.includes('::') && groups.length !== 8) return false;
  return groups.every((g) => /^0{1,4}$/.test(g));
}

/** 127.0.0.0/8 and ::1 (any spelling, brackets allowed): only the host itself can connect. */
export function isLoopbackAddress(ip: string | undefined | null): boolean {
  if (ip === undefined || ip === null) return false;
  const s = String(ip).trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(s)) return true;
  if (!s.includes(':') || !/^[0-9a-f:]+$/i.test(s) || (s.match(/::/g)?.length ?? 0) > 1) return false;
  const groups = s.split(':');
  const last = groups.pop() ?? '';
  if (!s.includes('::') && groups.length !== 7) return false;
  return /^0{0,3}1$/.test(last) && groups.every((g) => /^0{0,4}$/.test(g));
}

/** [lowest, highest] published host port, or undefined for an ephemeral one. */
export function publishedRange(p: PortConfig): [number, number] | undefined {
  if (p.published === undefined || p.published === null || String(p.published).trim() === '') return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(p.published).trim());
  if (!m) return undefined;
  const lo = Number(m[1]);
  return [lo, m[2] ? Number(m[2]) : lo];
}

/** Stable identity of a port entry, as Compose merges them: {ip, target, published, protocol}. */
export function portKey(p: PortConfig): string {
  return `${p.host_ip ?? ''}:${p.published ?? ''}:${p.target}/${p.protocol ?? 'tcp'}`;
}

/** Short syntax for a port, optionally bound to `ip`. */
export function formatPort(p: PortConfig, ip?: string): string {
  const host = ip ?? p.host_ip;
  const proto = p.protocol && p.protocol !== 'tcp' ? `/${p.protocol}` : '';
  const pub = p.published === undefined || p.published === null ? '' : String(p.published);
  if (!host) return pub ? `${pub}:${p.target}${proto}` : `${p.target}${proto}`;
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h}:${pub}:${p.target}${proto}`;
}

/** Ports only matter for services on bridge-like networks; host, none, service: and container: modes ignore them. */
export function usesOwnNetworks(service: Service): boolean {
  const mode = service.network_mode;
  if (mode === undefined || mode === null || mode === '') return true;
  return mode !== 'host' && mode !== 'none' && !mode.startsWith('service:') && !mode.startsWith('container:');
}

/** Networks the service is attached to: its `networks:` keys, or the project's `default`. */
export function serviceNetworks(service: Service): string[] {
  if (service.network_mode && service.network_mode !== '') return [];
  const keys = Object.keys(service.networks ?? {});
  return keys.length ? keys : ['default'];
}

const HOST_BINDING = 'com.docker.network.bridge.host_binding_ipv4';

/** True when every network the service publishes through binds ports to a specific address by default. */
export function networksBindSpecificAddress(project: Project, service: Service): boolean {
  const nets = serviceNetworks(service);
  if (!nets.length) return false;
  return nets.every((n) => {
    const v = project.networks?.[n]?.driver_opts?.[HOST_BINDING];
    return v !== undefined && !isUnspecifiedAddress(String(v));
  });
}

/** Ports the policy says are meant to be public: "service:port" or "port", matched against the published port. */
export function isPublicPort(policy: Pick<Policy, 'publicPorts'>, service: string, p: PortConfig): boolean {
  const range = publishedRange(p) ?? [p.target, p.target];
  for (const entry of policy.publicPorts ?? []) {
    const m = /^(?:(.+):)?(\d+)$/.exec(String(entry).trim());
    if (!m || (m[1] !== undefined && m[1] !== service)) continue;
    const n = Number(m[2]);
    if (n >= range[0] && n <= range[1]) return true;
  }
  return false;
}

/** Well-known datastore, broker and engine-admin ports: exposing them is worse than exposing a web port. */
export const SENSITIVE_PORTS: ReadonlySet<number> = new Set([
  5432, 3306, 33060, 6379, 6380, 27017, 27018, 9200, 9300, 5672, 15672, 11211, 2375, 2376, 1433, 1521, 5984, 8086,
  9042, 2181, 9092, 2379, 8200, 8500, 7474, 7687, 26257, 4222, 8091,
]);

export function isSensitivePort(p: PortConfig, datastorePorts: readonly number[] = []): boolean {
  const range = publishedRange(p);
  return SENSITIVE_PORTS.has(p.target) || datastorePorts.includes(p.target) || (range !== undefined && SENSITIVE_PORTS.has(range[0]));
}
