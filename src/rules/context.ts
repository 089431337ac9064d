// Building a RuleContext, and the small conventions every rule shares when it reports or fixes.
import { keyLocOf, locOf, selfLoc, type Loc } from '../model/loc.ts';
import type { Project } from '../model/types.ts';
import type { ImageKnowledge } from '../images/index.ts';
import type { Policy } from '../policy/types.ts';
import type { ServiceGraph } from './graph.ts';
import type { RuleContext, RuleFinding } from './types.ts';

export interface RunOptions {
  policy: Policy;
  images: ImageKnowledge;
  graph: ServiceGraph;
}

/** Context for one service; `loc` follows the original model, so it stays valid while a copy is being fixed. */
export function makeContext(project: Project, serviceName: string, opts: RunOptions): RuleContext {
  const service = project.services[serviceName] ?? project.disabledServices?.[serviceName];
  const serviceLoc = (): Loc | undefined =>
    keyLocOf(project.services, serviceName) ?? keyLocOf(project.disabledServices, serviceName) ?? selfLoc(service);
  return {
    project,
    serviceName,
    policy: opts.policy,
    images: opts.images,
    graph: opts.graph,
    loc(...path) {
      // The deepest entry that was written wins; an absent key points at the service's name.
      let cur: unknown = service;
      let best: Loc | undefined;
      for (const key of path) {
        if (cur === null || typeof cur !== 'object') break;
        best = locOf(cur, key) ?? best;
        cur = (cur as Record<string | number, unknown>)[key];
      }
      return best ?? serviceLoc();
    },
  };
}

/**
 * Fixes that can stop a service from working (user, read-only root, capabilities guessed for an image the
 * knowledge base does not know, opt-in fixes) run only when the user asked: `--strict` or `--fix CHnnn`.
 */
export function mayChangeBehaviour(ctx: Pick<RuleContext, 'policy'>, id: string): boolean {
  return ctx.policy.strict === true || (ctx.policy.fix ?? []).includes(id);
}

/** The model path and location of a value inside the current service. */
export function at(ctx: RuleContext, ...path: Array<string | number>): Pick<RuleFinding, 'path' | 'loc'> {
  return { path: ['services', ctx.serviceName, ...path], loc: ctx.loc(...path) };
}
