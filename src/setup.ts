// What check and harden both do before the rules run: the load options of the pipeline and the policy with the
// image knowledge it extends. Kept apart from harden.ts so that a plain check loads none of harden's stages.
import { InputError } from './model/errors.ts';
import type { Project } from './model/types.ts';
import type { LoadOptions } from './load/options.ts';
import { createImageKnowledge, defaultImages, type ImageKnowledge } from './images/index.ts';
import { loadPolicy } from './policy/index.ts';
import type { Policy } from './policy/types.ts';
import { buildGraph, type ServiceGraph } from './rules/graph.ts';
import { ruleById, type RunOptions } from './rules/index.ts';

export interface PolicyFlags {
  config?: string;
  strict?: boolean;
  fix?: string[];
}

/** How the pipeline loads: the override merges onto raw files, so no implicit networks or rewritten paths. */
export function hardenLoadOptions(load: LoadOptions): LoadOptions {
  return { ...load, normalize: false, resolvePaths: false };
}

export function runOptionsFor(project: Project, policy: Policy, images: ImageKnowledge): RunOptions {
  return { policy, images, graph: graphOf(project) };
}

export function preparePolicy(project: Project, o: PolicyFlags): { policy: Policy; images: ImageKnowledge } {
  const policy = loadPolicy(project.workingDir, o.config);
  if (o.strict) policy.strict = true;
  if (o.fix?.length) {
    for (const id of o.fix) if (!ruleById(id)) throw new InputError(`--fix ${id}: no such rule (compose-harden rules lists them)`);
    policy.fix = [...new Set([...(policy.fix ?? []), ...o.fix.map((f) => f.toUpperCase())])];
  }
  const extra = Object.entries(policy.images ?? {}).map(([image, v]) => ({ image, ...v }));
  const images = extra.length ? createImageKnowledge(extra as never) : defaultImages;
  return { policy, images };
}


const graphs = new WeakMap<object, ServiceGraph>();

/**
 * The service graph of a loaded project, built once: the pipeline never changes a project it loaded (planning
 * and simulations work on copies), and harden's report needs the graph its after-check already built.
 */
export function graphOf(project: Project): ServiceGraph {
  let g = graphs.get(project);
  if (!g) graphs.set(project, (g = buildGraph(project)));
  return g;
}
