// Splitting a project that runs on the one implicit `default` network into `frontend` (services that publish
// ports), `backend` (`internal: true`, everything else) and, where needed, `egress`, following the service graph.
//
// Placement, from the graph's undirected edges (depends_on, links, names in values and commands):
// - a publisher joins `frontend`; a service that publishes nothing joins `backend`;
// - a non-publisher a publisher talks to either stays on `backend` (the publisher joins `backend` too) or joins the
//   publisher on `frontend` (or both, for a middle tier that also talks to other non-publishers), whichever of
//   three layouts keeps the publishers away from the most services they do not use;
// - a service that must or might reach the internet (policy internetServices, knowledge base needsInternet, or an
//   image the knowledge base does not know) and would sit only on `backend` also joins `egress`: a plain network
//   whose members all share `backend` already, so it opens outbound access without any new path between services.
// Services sharing files (volumes_from, a named volume, a host directory) share their connections, since a
// shared configuration file can name services the graph never sees. Ports that CH502 will remove do not make a
// publisher. The plan is refused (and the reason reported) whenever the
// picture is unclear: custom networks already in use, a configured or external default network, a
// `network_mode: container:` the project cannot resolve, or a service the graph shows connected to nothing
// (configuration files mounted into a proxy can name services the graph cannot see); --strict/--fix CH504 takes
// the last risk. It is also dropped when it would not separate any publisher from a service it does not use.

import { cloneTree } from '../../model/clone.ts';
import type { NetworkAttachment, Project, Service, TopLevelResource } from '../../model/types.ts';
import { mayChangeBehaviour } from '../context.ts';
import { buildGraph, type ServiceGraph } from '../graph.ts';
import { imageView } from '../image.ts';
import type { RuleContext } from '../types.ts';
import { droppedPorts } from './ch502-unneeded-published-port.ts';

export const FRONTEND = 'frontend';
export const BACKEND = 'backend';
export const EGRESS = 'egress';

export interface Segmentation {
  /** Service → networks it joins. */
  placement: Map<string, string[]>;
  /** Aliases a service had on `default`, repeated on every network it joins. */
  aliases: Map<string, NetworkAttachment>;
  networks: Record<string, TopLevelResource>;
  /** Services given `egress` because nothing says they work without the internet (for the report). */
  unsure: string[];
  needsInternet: string[];
}

export type SegmentationResult = { ok: true; plan: Segmentation } | { ok: false; reason?: string };

/** Evidence that a service reaches another over the network (shared namespaces and volumes are not). */
const NOT_NETWORK_USE = new Set(['volumes_from', 'pid', 'ipc', 'network_mode']);

const memo = new WeakMap<Project, SegmentationResult>();

/** The plan for `ctx.project`, computed once per project before any service of it was changed. */
export function segmentation(ctx: RuleContext): SegmentationResult {
  let r = memo.get(ctx.project);
  if (!r) {
    r = planSegmentation(ctx);
    memo.set(ctx.project, r);
  }
  return r;
}

function allServices(project: Project): Record<string, Service> {
  return { ...(project.disabledServices ?? {}), ...project.services };
}

/** `network_mode: service:X` → X; `container:X` → the service with that container name (or name); else undefined. */
function namespaceHost(svc: Service, services: Record<string, Service>): { host?: string; unresolved?: boolean } {
  const mode = svc.network_mode;
  if (typeof mode !== 'string') return {};
  const m = /^(service|container):(.+)$/.exec(mode);
  if (!m) return {};
  if (m[1] === 'service') return services[m[2]] ? { host: m[2] } : { unresolved: true };
  const byContainer = Object.entries(services).find(([n, s]) => s.container_name === m[2] || n === m[2]);
  return byContainer ? { host: byContainer[0] } : { unresolved: true };
}

/** True when the attachment to `default` carries nothing but aliases (which can be repeated on new networks). */
function onlyAliases(att: NetworkAttachment | null | undefined): boolean {
  if (att === null || att === undefined) return true;
  return Object.keys(att).every((k) => k === 'aliases');
}

function needsInternet(name: string, svc: Service, ctx: RuleContext): 'yes' | 'no' | 'unsure' {
  if ((ctx.policy.internetServices ?? []).includes(name)) return 'yes';
  const facts = imageView(svc, ctx).facts;
  if (!facts) return 'unsure';
  if (facts.needsInternet) return 'yes';
  const env = svc.environment ?? {};
  if ((facts.needsInternetWhenEnv ?? []).some((v) => env[v] !== undefined && env[v] !== null && env[v] !== '')) return 'yes';
  return 'no';
}

export function planSegmentation(ctx: RuleContext): SegmentationResult {
  const project = ctx.project;
  const services = allServices(project);
  const participating: string[] = [];
  const sharers = new Map<string, string>(); // service in another's namespace → that service
  for (const [name, svc] of Object.entries(services)) {
    const ns = namespaceHost(svc, services);
    if (ns.unresolved) return { ok: false, reason: `${name} shares the network namespace of a container outside the project, so the service graph is incomplete` };
    if (ns.host) sharers.set(name, ns.host);
    if (svc.network_mode !== undefined && svc.network_mode !== null && svc.network_mode !== '') continue;
    participating.push(name);
  }
  if (participating.length < 2) return { ok: false };
  for (const name of participating) {
    const nets = Object.keys(services[name].networks ?? {});
    if (nets.some((n) => n !== 'default')) return { ok: false, reason: 'the project already attaches services to its own networks; segmentation is left to you' };
    if (!onlyAliases(services[name].networks?.default)) return { ok: false, reason: `${name} sets addresses or options on the default network; segmentation is left to you` };
  }
  const explicit = participating.filter((n) => services[n].networks && Object.keys(services[n].networks!).length);
  if (explicit.length && ctx.plan && !ctx.plan.compose.override) {
    return { ok: false, reason: `${explicit.join(', ')} name${explicit.length > 1 ? '' : 's'} the default network; detaching from it needs networks: !override (Compose >= 2.24.4, target ${ctx.plan.compose.label})` };
  }
  const def = project.networks?.default;
  if (def && Object.keys(def).length) return { ok: false, reason: 'the default network is configured (name, driver or external); other stacks may rely on it, so it is left as it is' };
  for (const n of [FRONTEND, BACKEND, EGRESS]) if (project.networks && n in project.networks) return { ok: false, reason: `a network named ${n} already exists` };

  // Edges between participating services; a namespace sharer's edges belong to the service it shares with.
  const graph: ServiceGraph = buildGraph({ ...project, services });
  const owner = (s: string): string | undefined => {
    const host = sharers.get(s) ?? s;
    return participating.includes(host) ? host : undefined;
  };
  const adj = new Map<string, Set<string>>(participating.map((n) => [n, new Set<string>()]));
  for (const from of Object.keys(services)) {
    for (const to of graph.reaches(from)) {
      if (!graph.evidence(from, to).some((e) => !NOT_NETWORK_USE.has(e))) continue;
      const a = owner(from);
      const b = owner(to);
      if (!a || !b || a === b) continue;
      adj.get(a)!.add(b);
      adj.get(b)!.add(a);
    }
  }

  // Services that share files (volumes_from, the same named volume or host directory) often share configuration
  // too: a daemon or cron container of an application reads the application's database host from a shared file
  // the graph never sees. Such siblings get the union of their connections, which can only add sharing.
  const group = new Map<string, string>(participating.map((n) => [n, n]));
  const find = (n: string): string => (group.get(n) === n ? n : find(group.get(n)!));
  const join = (a: string, b: string): void => {
    if (group.has(a) && group.has(b)) group.set(find(a), find(b));
  };
  const byMount = new Map<string, string>();
  for (const name of participating) {
    const svc = services[name];
    for (const vf of svc.volumes_from ?? []) {
      const m = /^(?:(service|container):)?([^:]+)/.exec(String(vf));
      if (m && m[1] !== 'container') join(name, owner(m[2]) ?? m[2]);
    }
    for (const v of svc.volumes ?? []) {
      if (!v || (v.type !== 'volume' && v.type !== 'bind') || typeof v.source !== 'string' || !v.source) continue;
      const key = `${v.type}:${v.source}`;
      const first = byMount.get(key);
      if (first) join(name, first);
      else byMount.set(key, name);
    }
  }
  const members = new Map<string, string[]>();
  for (const n of participating) {
    const root = find(n);
    const l = members.get(root);
    if (l) l.push(n);
    else members.set(root, [n]);
  }
  for (const list of members.values()) {
    if (list.length < 2) continue;
    const union = new Set(list.flatMap((n) => [...adj.get(n)!]));
    for (const n of list) for (const t of union) if (t !== n) {
      adj.get(n)!.add(t);
      adj.get(t)!.add(n);
    }
  }

  const publishers = new Set(
    participating.filter((name) => {
      const ports = services[name].ports ?? [];
      if (!ports.length) return false;
      const willDrop = ctx.plan?.applies('CH502', name) ?? true;
      if (!willDrop) return true;
      const dropped = droppedPorts(services[name], { graph: ctx.graph, serviceName: name, policy: ctx.policy, images: ctx.images, project });
      return dropped.length < ports.length;
    }),
  );
  if (!publishers.size) return { ok: false };

  // Is there anything to separate? Today every participating service shares `default`.
  const unrelatedBefore = [...publishers].reduce((n, p) => n + participating.filter((s) => s !== p && !adj.get(p)!.has(s)).length, 0);
  if (!unrelatedBefore) return { ok: false };

  const isolated = participating.filter((n) => adj.get(n)!.size === 0);
  if (isolated.length && !mayChangeBehaviour(ctx, 'CH504')) {
    return {
      ok: false,
      reason:
        `not segmented automatically: the service graph connects ${isolated.slice(0, 5).join(', ')}${isolated.length > 5 ? ' and others' : ''} to nothing ` +
        '(configuration files can name services the graph cannot see); --fix CH504 splits the networks anyway',
    };
  }

  // A non-publisher a publisher talks to can stay on `backend` (the publisher joins `backend`, and then shares it
  // with everything there) or join the publisher on `frontend` (and lose `internal`). Three layouts, from the most
  // internal: every such service stays on `backend`; only those that also talk to other non-publishers ("middle
  // tier") join both; also those that talk only to publishers ("leaves", typically their datastore) move to
  // `frontend`. Keep the layout that leaves the publishers the fewest services they do not use, then the one
  // with the fewest non-publishers outside `backend`.
  type Layout = 'internal' | 'middle' | 'leaves';
  const place = (layout: Layout): Map<string, Set<string>> => {
    const placement = new Map<string, Set<string>>(participating.map((n) => [n, new Set<string>()]));
    for (const p of publishers) placement.get(p)!.add(FRONTEND);
    for (const n of participating) {
      if (publishers.has(n)) continue;
      const near = [...adj.get(n)!];
      const pubs = near.filter((x) => publishers.has(x));
      const internal = near.filter((x) => !publishers.has(x));
      if (pubs.length && internal.length && layout !== 'internal') placement.get(n)!.add(FRONTEND).add(BACKEND);
      else if (pubs.length && !internal.length && layout === 'leaves') placement.get(n)!.add(FRONTEND);
      else {
        placement.get(n)!.add(BACKEND);
        for (const p of pubs) placement.get(p)!.add(BACKEND);
      }
    }
    return placement;
  };
  const sharesIn = (pl: Map<string, Set<string>>, a: string, b: string): boolean => [...pl.get(a)!].some((x) => pl.get(b)!.has(x));
  const unrelatedIn = (pl: Map<string, Set<string>>): number =>
    [...publishers].reduce((n, p) => n + participating.filter((s) => s !== p && !adj.get(p)!.has(s) && sharesIn(pl, p, s)).length, 0);
  const outside = (pl: Map<string, Set<string>>): number => participating.filter((n) => !publishers.has(n) && pl.get(n)!.has(FRONTEND)).length;
  const layouts = (['internal', 'middle', 'leaves'] as const).map((l) => place(l));
  const placement = layouts.reduce((best, pl) => {
    const d = unrelatedIn(pl) - unrelatedIn(best);
    return d < 0 || (d === 0 && outside(pl) < outside(best)) ? pl : best;
  });

  const unsure: string[] = [];
  const internet: string[] = [];
  for (const n of participating) {
    const nets = placement.get(n)!;
    if (nets.has(FRONTEND)) continue;
    const need = needsInternet(n, services[n], ctx);
    if (need === 'no') continue;
    nets.add(EGRESS);
    (need === 'yes' ? internet : unsure).push(n);
  }

  // Every edge must still have a network in common; and the split must actually separate something.
  for (const [a, near] of adj) for (const b of near) if (!sharesIn(placement, a, b)) return { ok: false, reason: 'internal error: a planned network split would cut an edge of the service graph' };
  if (unrelatedIn(placement) >= unrelatedBefore) return { ok: false, reason: 'the service graph connects the published services to nearly everything, so a frontend/backend split would not separate anything' };

  const used = new Set([...placement.values()].flatMap((s) => [...s]));
  const networks: Record<string, TopLevelResource> = {};
  if (used.has(FRONTEND)) networks[FRONTEND] = {};
  if (used.has(BACKEND)) networks[BACKEND] = { internal: true };
  if (used.has(EGRESS)) networks[EGRESS] = {};
  const order = [FRONTEND, BACKEND, EGRESS];
  const aliases = new Map<string, NetworkAttachment>();
  for (const n of participating) {
    const att = services[n].networks?.default;
    if (att && att.aliases?.length) aliases.set(n, { aliases: att.aliases });
  }
  return {
    ok: true,
    plan: {
      placement: new Map([...placement].map(([n, s]) => [n, order.filter((x) => s.has(x))])),
      aliases,
      networks,
      unsure: unsure.sort(),
      needsInternet: internet.sort(),
    },
  };
}

/** The networks mapping a service gets under the plan (aliases cloned with their written form). */
export function attachmentsFor(plan: Segmentation, name: string): Record<string, NetworkAttachment | null> | undefined {
  const nets = plan.placement.get(name);
  if (!nets) return undefined;
  const alias = plan.aliases.get(name);
  return Object.fromEntries(nets.map((n) => [n, alias ? cloneTree(alias) : null]));
}
