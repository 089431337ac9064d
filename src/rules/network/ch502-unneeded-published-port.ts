import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { PortConfig, Service } from '../../model/types.ts';
import { at, mayChangeBehaviour } from '../context.ts';
import { imageView } from '../image.ts';
import { formatPort, isLoopbackAddress, isPublicPort, portKey, usesOwnNetworks } from './ports.ts';
import { portsNamedBy } from './port-use.ts';

const ID = 'CH502';

/** Evidence that says "shares a namespace or files with", not "connects over the network to". */
const NOT_NETWORK_USE = new Set(['volumes_from', 'pid', 'ipc', 'network_mode']);

/** Services that reach this one over the project network, each with the evidence (key names, never values). */
export function networkConsumers(ctx: Pick<RuleContext, 'graph' | 'serviceName'>): Array<{ name: string; evidence: string[] }> {
  const out: Array<{ name: string; evidence: string[] }> = [];
  for (const from of ctx.graph.reachedBy(ctx.serviceName)) {
    const evidence = ctx.graph.evidence(from, ctx.serviceName).filter((e) => !NOT_NETWORK_USE.has(e));
    if (evidence.length) out.push({ name: from, evidence });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The ports the fix removes (never one the policy lists as public, never one already bound to loopback): every
 * port of an image the knowledge base calls a datastore; of other services, a port whose container port other
 * services name (`http://app:3000`, `app:3000`, `redis://cache`). A service used inside the project on one port
 * may serve people on another, and a bare value such as `POSTGRES_DB: gitea` names a service without using it,
 * so any other graph evidence counts only with --strict/--fix CH502; `depends_on` alone never does.
 */
export function droppedPorts(service: Service, ctx: Pick<RuleContext, 'graph' | 'serviceName' | 'policy' | 'images' | 'project'>): PortConfig[] {
  const ports = service.ports ?? [];
  if (!ports.length || !usesOwnNetworks(service)) return [];
  const datastore = imageView(service, ctx).facts?.kind === 'datastore';
  const users = networkConsumers(ctx).filter((c) => c.evidence.some((e) => e !== 'depends_on'));
  const named = datastore || !users.length ? new Set<number>() : portsNamedBy(ctx.project, ctx.serviceName, users.map((c) => c.name));
  const anyUse = users.length > 0 && mayChangeBehaviour(ctx, ID);
  return ports.filter((p) => !isLoopbackAddress(p.host_ip) && !isPublicPort(ctx.policy, ctx.serviceName, p) && (datastore || anyUse || named.has(p.target)));
}

function fix(service: Service, ctx: RuleContext): void {
  const drop = droppedPorts(service, ctx);
  if (!drop.length) return;
  const kept = (service.ports ?? []).filter((p) => !drop.includes(p));
  // An absent list is written as `ports: !reset []`; a shorter one as `ports: !override [...]` (as written).
  if (kept.length) service.ports = kept;
  else delete service.ports;
  const what = drop.map((p) => `${p.published ?? '(random)'}->${p.target}`).join(', ');
  ctx.plan?.note(
    `removed published port${drop.length > 1 ? 's' : ''} ${what}: ${ctx.serviceName} is reached over the project network; ` +
      `host tools and other machines lose access (keep one with publicPorts: ["${ctx.serviceName}:${drop[0].published ?? drop[0].target}"] in the policy)`,
  );
}

function describeConsumers(list: Array<{ name: string; evidence: string[] }>): string {
  const shown = list.slice(0, 5).map((c) => `${c.name} (${c.evidence.join(', ')})`);
  return shown.join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Published port nobody outside needs',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.9', 'OWASP #5', 'OWASP #5a'],
    rationale:
      'Datastores, caches and queues published "for convenience" are the most common accidental exposure; services ' +
      'of the project reach each other by name over the project network without any published port. Applied ' +
      'automatically to images the knowledge base lists as datastores, and to container ports other services name ' +
      '(http://app:3000), unless the policy lists the port in publicPorts or it is bound to loopback; other graph ' +
      'evidence only with --strict or --fix CH502. Each removal is listed in the report.',
    example: {
      before: 'services:\n  app:\n    environment:\n      REDIS_URL: redis://redis:6379\n  redis:\n    image: redis:7\n    ports:\n      - "6379:6379"\n',
      after: "services:\n  redis:\n    ports: !reset []   # CH502: only 'app' uses redis, over the project network\n",
    },
    breaks:
      'Host-side tools (database clients, scripts, cron jobs), other stacks on the same host that used the published ' +
      'port, external monitoring. List such ports in the policy publicPorts ("service:port").',
  },

  check(service, ctx) {
    const ports = service.ports ?? [];
    if (!ports.length || !usesOwnNetworks(service) || ports.every((p) => isLoopbackAddress(p.host_ip))) return [];
    const facts = imageView(service, ctx).facts;
    const consumers = networkConsumers(ctx);
    const datastore = facts?.kind === 'datastore';
    if (!datastore && !consumers.length) return [];
    const why = [
      ...(datastore ? ['the knowledge base lists its image as a datastore'] : []),
      ...(consumers.length ? [`reached over the project network by ${describeConsumers(consumers)}`] : []),
    ].join('; ');
    // A port bound to loopback is already kept from other machines: the user published it for host tools.
    const keep = (p: PortConfig): boolean => isLoopbackAddress(p.host_ip) || isPublicPort(ctx.policy, ctx.serviceName, p);
    const kept = ports.filter(keep);
    const suggestion = kept.length
      ? ['services:', `  ${ctx.serviceName}:`, '    ports: !override   # CH502: only the ports the policy lists as public stay', ...kept.map((p) => `      - "${formatPort(p)}"`), ''].join('\n')
      : ['services:', `  ${ctx.serviceName}:`, `    ports: !reset []   # CH502: ${consumers.length ? 'used by ' + consumers.map((c) => c.name).slice(0, 5).join(', ') + ' over the project network' : 'datastore, not meant to be published'}`, ''].join('\n');
    const out: RuleFinding[] = [];
    ports.forEach((p, i) => {
      if (keep(p)) return;
      out.push({
        ...at(ctx, 'ports', i),
        key: portKey(p),
        message:
          `port ${p.published ?? '(random)'}->${p.target} is published although nothing outside the project is declared ` +
          `to need it (${why}); remove it, or list it in the policy publicPorts as "${ctx.serviceName}:${p.published ?? p.target}"`,
        suggestion,
      });
    });
    return out;
  },
  fix,
};
