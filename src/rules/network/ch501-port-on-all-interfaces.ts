import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { PortConfig, Service } from '../../model/types.ts';
import { at, mayChangeBehaviour } from '../context.ts';
import { imageView } from '../image.ts';
import { formatPort, isPublicPort, isSensitivePort, isUnspecifiedAddress, networksBindSpecificAddress, portKey, usesOwnNetworks } from './ports.ts';
import { reboundPort } from './rebind.ts';

const ID = 'CH501';

function isWildcard(p: PortConfig): boolean {
  return isUnspecifiedAddress(p.host_ip);
}

/** The whole list as `!override` needs it: wildcard bindings moved to loopback, the rest kept. */
export function loopbackSnippet(serviceName: string, ports: PortConfig[], rebind: (p: PortConfig) => boolean): string {
  const lines = ports.map((p) => `      - "${rebind(p) ? formatPort(p, '127.0.0.1') : formatPort(p)}"${rebind(p) ? '   # CH501' : ''}`);
  return ['services:', `  ${serviceName}:`, '    ports: !override', ...lines, ''].join('\n');
}

/** Wildcard bindings that Docker really opens on every interface (a network-level default address counts). */
function exposedOn(ctx: RuleContext, service: Service): (p: PortConfig) => boolean {
  const networkBinds = networksBindSpecificAddress(ctx.project, service);
  return (p) => isWildcard(p) && !(networkBinds && (p.host_ip === undefined || p.host_ip === ''));
}

/**
 * Rebinds to loopback: automatically for images the knowledge base lists as datastores (ports CH502 left because
 * the policy or an exception kept them); every other non-public port only with --strict/--fix CH501, since an
 * entry point bound to loopback is cut off from its users, and being used by other services of the project does
 * not mean nobody outside uses it (mail servers, proxies). The list is rewritten whole (`ports: !override`).
 */
function fix(service: Service, ctx: RuleContext): void {
  const ports = service.ports ?? [];
  if (!ports.length || !usesOwnNetworks(service)) return;
  if (imageView(service, ctx).facts?.kind !== 'datastore' && !mayChangeBehaviour(ctx, ID)) return;
  const exposed = exposedOn(ctx, service);
  const rebound: string[] = [];
  const kept: string[] = [];
  const next = ports.map((p) => {
    if (!exposed(p) || isPublicPort(ctx.policy, ctx.serviceName, p)) return p;
    const q = reboundPort(p);
    const what = `${p.published || '(random)'}->${p.target}`;
    if (!q) {
      kept.push(what);
      return p;
    }
    rebound.push(what);
    return q;
  });
  if (rebound.length) {
    service.ports = next;
    ctx.plan?.note(`bound port${rebound.length > 1 ? 's' : ''} ${rebound.join(', ')} to loopback: only this host reaches ${rebound.length > 1 ? 'them' : 'it'} now (list public ports in the policy publicPorts)`);
  }
  if (kept.length) ctx.plan?.note(`left port${kept.length > 1 ? 's' : ''} ${kept.join(', ')} on all interfaces: the address or the whole entry comes from a variable, set it to 127.0.0.1 where it is defined`);
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Published port on all interfaces',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.14', 'OWASP #5a', 'KICS 451d79dc-0588-476a-ad03-3c7f0320abb3', 'PSS-B Host Ports', 'compose-lint CL-0005', 'dclint no-unbound-port-interfaces'],
    rationale:
      'Docker programs the firewall itself, so a port published without an address is reachable from every network ' +
      'the host is on, regardless of UFW or firewalld rules. Binding to 127.0.0.1 keeps it for local tools. High for ' +
      'datastore, broker and engine-admin ports. Applied automatically to images the knowledge base lists as ' +
      'datastores (unless the policy lists the port as public); opt-in (--strict, --fix CH501) for other services.',
    example: {
      before: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n',
      after: 'services:\n  db:\n    ports: !override\n      - "127.0.0.1:5432:5432"   # CH501\n',
    },
    breaks:
      'Every client outside the host (other machines, a reverse proxy on another host); IPv6 clients unless [::1] is ' +
      'bound as well. Without !override support (Compose < 2.24.4) this is a manual step.',
  },

  check(service, ctx) {
    const ports = service.ports ?? [];
    if (!ports.length || !usesOwnNetworks(service)) return [];
    // A network-level default binding (host_binding_ipv4) applies to ports written without an address.
    const exposed = exposedOn(ctx, service);
    const facts = imageView(service, ctx).facts;
    const datastorePorts = facts?.kind === 'datastore' ? facts.ports : [];
    const out: RuleFinding[] = [];
    ports.forEach((p, i) => {
      if (!exposed(p)) return;
      const sensitive = isSensitivePort(p, datastorePorts);
      const what = p.published === undefined || p.published === null || p.published === '' ? `container port ${p.target} (random host port)` : `port ${p.published}->${p.target}`;
      out.push({
        ...at(ctx, 'ports', i),
        key: portKey(p),
        severity: sensitive ? 'high' : 'medium',
        message:
          `${what} is published on all interfaces${sensitive ? ', and it is a datastore or admin port' : ''}; ` +
          'Docker opens it past the host firewall: bind it to 127.0.0.1 unless other machines must reach it',
        suggestion: loopbackSnippet(ctx.serviceName, ports, exposed),
      });
    });
    return out;
  },
  fix,
};
