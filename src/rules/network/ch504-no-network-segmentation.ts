import type { Rule, RuleContext, RuleFinding } from '../types.ts';
import type { Project, Service } from '../../model/types.ts';
import { at } from '../context.ts';
import { serviceNetworks } from './ports.ts';
import { attachmentsFor, EGRESS, segmentation } from './segmentation.ts';

const ID = 'CH504';

/** network → services attached to it, computed once per project (rules run per service). */
const membership = new WeakMap<Project, Map<string, string[]>>();

export function networkMembers(project: Project): Map<string, string[]> {
  let m = membership.get(project);
  if (!m) {
    m = new Map();
    for (const [name, svc] of Object.entries(project.services)) {
      for (const net of serviceNetworks(svc)) {
        let list = m.get(net);
        if (!list) m.set(net, (list = []));
        list.push(name);
      }
    }
    membership.set(project, m);
  }
  return m;
}

const SHOWN = 8;
/** Each network's members as a set, for counting (the lists come from networkMembers, one per project). */
const memberSets = new WeakMap<readonly string[], Set<string>>();

/**
 * Peers on `net` that `ctx.serviceName` neither reaches nor is reached by: the first few by name, and how
 * many in all. Counted from the few services it is related to, not by testing every member: on a large
 * flat network every publisher has thousands of peers, and a scan per publisher made the rule quadratic.
 */
function unrelatedPeers(ctx: RuleContext, members: readonly string[]): { first: string[]; count: number } {
  const me = ctx.serviceName;
  const reaches = ctx.graph.reaches(me);
  const reachedBy = ctx.graph.reachedBy(me);
  const first: string[] = [];
  for (const t of members) {
    if (first.length === SHOWN) break;
    if (t !== me && !reaches.has(t) && !reachedBy.has(t)) first.push(t);
  }
  let set = memberSets.get(members);
  if (!set) memberSets.set(members, (set = new Set(members)));
  let related = 0;
  for (const t of new Set([me, ...reaches, ...reachedBy])) if (set.has(t)) related++;
  return { first, count: set.size - related };
}

function check(service: Service, ctx: RuleContext): RuleFinding[] {
  if (!ctx.graph.publishers().has(ctx.serviceName)) return [];
  const members = networkMembers(ctx.project);
  const out: RuleFinding[] = [];
  for (const net of serviceNetworks(service)) {
    const peers = unrelatedPeers(ctx, members.get(net) ?? []);
    if (!peers.count) continue;
    const shown = peers.first.join(', ') + (peers.count > SHOWN ? ` and ${peers.count - SHOWN} more` : '');
    const declared = service.networks && Object.hasOwn(service.networks, net);
    out.push({
      ...(declared ? at(ctx, 'networks', net) : at(ctx)),
      key: net,
      message:
        `${ctx.serviceName} publishes ports and shares network ${net} with ${shown}, which it never uses; ` +
        'put the services it does use on a separate (internal) network so a compromise of this entry point cannot reach the rest',
    });
  }
  return out;
}

/** Applies the project-wide plan of ./segmentation.ts to one service; the top-level networks come with the first. */
function fix(service: Service, ctx: RuleContext): void {
  const seg = segmentation(ctx);
  if (!seg.ok) {
    // Said once, and only where the rule has something to say.
    if (seg.reason && check(service, ctx).length) ctx.plan?.note(seg.reason, 'project');
    return;
  }
  const nets = attachmentsFor(seg.plan, ctx.serviceName);
  if (!nets) return;
  ctx.project.networks ??= {};
  for (const [name, def] of Object.entries(seg.plan.networks)) if (!(name in ctx.project.networks)) ctx.project.networks[name] = { ...def };
  service.networks = nets;
  if (seg.plan.unsure.includes(ctx.serviceName)) {
    ctx.plan?.note(`joins the ${EGRESS} network for outbound access: the knowledge base does not know its image, so it may need the internet (list it in the policy internetServices to confirm, or remove ${EGRESS} if it does not)`);
  } else if (seg.plan.needsInternet.includes(ctx.serviceName)) {
    ctx.plan?.note(`joins the ${EGRESS} network: it needs outbound internet access (knowledge base or policy)`);
  }
  ctx.plan?.note(
    `services now sit on ${Object.keys(seg.plan.networks).join(', ')} instead of the default network; containers of other stacks ` +
      `that joined ${ctx.project.name}_default as an external network no longer reach them`,
    'project',
  );
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'No network segmentation',
    severity: 'low',
    fix: 'auto',
    refs: ['OWASP #5', 'CIS 5.30', 'KICS ce14a68b-1668-41a0-ab7d-facd9f784742', 'Polaris missingNetworkPolicy'],
    rationale:
      'On one flat network every service can reach every other: a compromised front end talks straight to the database ' +
      'admin port or the cache it never uses. Reported for a service that publishes ports and shares a network with ' +
      'services the service graph shows it does not use (a missing networks: key alone is not a finding). Applied ' +
      'following the graph; opt-in when the graph is incomplete (external networks, network_mode services).',
    example: {
      before: 'services:\n  proxy:\n    ports: ["443:443"]\n  app: {}\n  db: {}\n',
      after:
        'services:\n  proxy:\n    networks: [frontend]          # CH504\n  app:\n    networks: [frontend, backend] # CH504\n' +
        '  db:\n    networks: [backend]           # CH504\nnetworks:\n  frontend: {}\n  backend:\n    internal: true                # CH504\n',
    },
    breaks:
      'Outbound calls from services left only on the internal network (webhooks, mail, OAuth, downloads, licence checks); ' +
      'published ports of a service attached only to internal networks; other stacks that join <project>_default as an ' +
      'external network; reverse-proxy labels that name a network.',
  },

  check,
  fix,
};
