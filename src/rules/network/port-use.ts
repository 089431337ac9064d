// Which ports of a service other services name: `http://api:8080`, `db:5432`, `redis://cache` (the scheme's
// port). A published port is dropped on graph evidence only when a consumer names that very container port: a
// service used internally on one port (n8n's task broker on 5679) may serve people on another (its UI on 5678),
// and a bare value such as `POSTGRES_DB: gitea` names a service without connecting to it at all.

import type { Project, Service } from '../../model/types.ts';

const SCHEME_PORTS: Record<string, number> = {
  http: 80, ws: 80, https: 443, wss: 443, postgres: 5432, postgresql: 5432, mysql: 3306, mariadb: 3306, redis: 6379,
  rediss: 6379, mongodb: 27017, amqp: 5672, amqps: 5671, nats: 4222, memcached: 11211, ldap: 389, ldaps: 636, smtp: 25,
};

function namesOf(project: Project, service: string): string[] {
  const svc = project.services[service] ?? project.disabledServices?.[service];
  const out = [service];
  if (typeof svc?.container_name === 'string') out.push(svc.container_name);
  for (const att of Object.values(svc?.networks ?? {})) for (const a of att?.aliases ?? []) out.push(a);
  return out.map((n) => n.toLowerCase());
}

function textsOf(project: Project, name: string, svc: Service): string[] {
  const out: string[] = [];
  for (const v of Object.values(svc.environment ?? {})) if (typeof v === 'string') out.push(v);
  for (const e of Object.values(project.envFileValues?.[name] ?? {})) out.push(e.value);
  for (const argv of [svc.command, svc.entrypoint, svc.healthcheck?.test]) if (Array.isArray(argv)) out.push(argv.join(' '));
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Container ports of `target` that `consumers` name explicitly (or through a URL scheme's default port). */
export function portsNamedBy(project: Project, target: string, consumers: string[]): Set<number> {
  const out = new Set<number>();
  const names = namesOf(project, target).map(escape).join('|');
  // host:port, or scheme://[user[:pass]@]host[:port]; the name must be a whole hostname (`db`, never `db.example.com`).
  const re = new RegExp(`(?:([a-z][a-z0-9+.-]*)://(?:[^@/\\s]*@)?)?(?<![a-z0-9_.-])(?:${names})(?::(\\d{1,5}))?(?![a-z0-9_.-])`, 'gi');
  for (const c of consumers) {
    const svc = project.services[c] ?? project.disabledServices?.[c];
    if (!svc) continue;
    for (const text of textsOf(project, c, svc)) {
      for (const m of text.matchAll(re)) {
        if (m[2]) out.add(Number(m[2]));
        else if (m[1] && SCHEME_PORTS[m[1].toLowerCase().split('+')[0]]) out.add(SCHEME_PORTS[m[1].toLowerCase().split('+')[0]]);
      }
    }
  }
  return out;
}
