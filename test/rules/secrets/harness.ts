// Building projects, contexts and fake image facts for the 4xx/5xx rule tests (no loader involved).
import type { Project, Service } from '../../../src/model/types.ts';
import type { Policy } from '../../../src/policy/types.ts';
import type { ImageFacts, ImageKnowledge } from '../../../src/images/index.ts';
import type { PlanningContext, Rule, RuleFinding, SecretFile } from '../../../src/rules/types.ts';
import { cloneTree } from '../../../src/model/clone.ts';
import { CURRENT, type ComposeTarget } from '../../../src/override/version.ts';
import { buildGraph, type ServiceGraph } from '../../../src/rules/graph.ts';
import { makeContext } from '../../../src/rules/context.ts';
import { setLoc, setRaw } from '../../../src/model/loc.ts';
import { defaultPolicy } from '../../../src/policy/index.ts';

export const COMPOSE = '/proj/compose.yml';

export function project(services: Record<string, Service>, extra: Partial<Project> = {}): Project {
  // Each service name sits on its own line, so findings about an absent key point somewhere real.
  Object.keys(services).forEach((name, i) => setLoc(services, name, { file: COMPOSE, line: 2 + i * 20, col: 3 }, { file: COMPOSE, line: 2 + i * 20, col: 3 }));
  return {
    name: 'proj',
    workingDir: '/proj',
    files: [COMPOSE],
    services,
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    disabledServices: {},
    extensions: {},
    envFileValues: {},
    warnings: [],
    ...extra,
  };
}

/** Record that `container[key]` was interpolated from `raw` (what the loader does for values with `$`). */
export function interpolated<T extends object>(container: T, key: string | number, raw: string, vars: string[]): T {
  setRaw(container, key, raw, vars);
  return container;
}

/** Give every entry of a mapping a position in the compose file, one line each from `line`. */
export function placed<T extends object>(container: T, line = 5): T {
  Object.keys(container).forEach((k, i) => setLoc(container, k, { file: COMPOSE, line: line + i, col: 7 }, { file: COMPOSE, line: line + i, col: 5 }));
  return container;
}

export function policy(over: Partial<Policy> = {}): Policy {
  return { ...defaultPolicy(), ...over };
}

/** Facts keyed by repository name (`postgres`, `minio/minio`); only the fields a test cares about. */
export function fakeImages(facts: Record<string, Partial<ImageFacts>>): ImageKnowledge {
  const full = (name: string, f: Partial<ImageFacts>): ImageFacts =>
    ({ image: name, aliases: [], kind: 'app', ports: [], secretFileEnv: {}, ...f }) as ImageFacts;
  return {
    lookup(ref) {
      if (!ref) return undefined;
      const repo = ref.split('@')[0].replace(/:[^/]*$/, '');
      const f = facts[repo];
      return f ? full(repo, f) : undefined;
    },
    all: () => Object.entries(facts).map(([k, f]) => full(k, f)),
  };
}

export const noImages = fakeImages({});

export interface RunOpts {
  policy?: Policy;
  images?: ImageKnowledge;
  graph?: ServiceGraph;
}

export function check(rule: Rule, p: Project, service: string, opts: RunOpts = {}): RuleFinding[] {
  const ctx = makeContext(p, service, { policy: opts.policy ?? policy(), images: opts.images ?? noImages, graph: opts.graph ?? buildGraph(p) });
  return rule.check(p.services[service], ctx);
}

/** Every finding of every rule over every service, with the rule id. */
export function checkAll(rules: Rule[], p: Project, opts: RunOpts = {}): Array<RuleFinding & { rule: string }> {
  const graph = opts.graph ?? buildGraph(p);
  const out: Array<RuleFinding & { rule: string }> = [];
  for (const name of Object.keys(p.services)) {
    for (const r of rules) for (const f of check(r, p, name, { ...opts, graph })) out.push({ ...f, rule: r.meta.id });
  }
  return out;
}

export interface FixRun {
  project: Project;
  notes: Array<{ rule: string; service?: string; message: string }>;
  secretFiles: SecretFile[];
}

export interface FixOpts extends RunOpts {
  compose?: ComposeTarget;
  writeSecrets?: boolean;
  /** `rule\0service` pairs whose fix is switched off (as an exception or a disabled rule would). */
  skip?: string[];
}

/**
 * Run the fixes of `rules` in the given order over a copy of `p`, as the planner does (every service, the
 * rules' order first): a planning context collects notes and secret files. The graph is the original's.
 */
export function runFixes(rules: Rule[], p: Project, opts: FixOpts = {}): FixRun {
  const project = cloneTree(p);
  const graph = opts.graph ?? buildGraph(p);
  const notes: FixRun['notes'] = [];
  const secretFiles: SecretFile[] = [];
  const skip = new Set(opts.skip ?? []);
  const names = [...Object.keys(project.services), ...Object.keys(project.disabledServices)];
  for (const rule of rules) {
    for (const name of names) {
      if (skip.has(`${rule.meta.id}\0${name}`)) continue;
      const service = project.services[name] ?? project.disabledServices[name];
      const plan: PlanningContext = {
        compose: opts.compose ?? CURRENT,
        writeSecrets: opts.writeSecrets === true,
        applies: (id, svc) => !skip.has(`${id}\0${svc}`),
        secretFile: (f) => secretFiles.push(f),
        note: (message, scope) => notes.push({ rule: rule.meta.id, ...(scope === 'project' ? {} : { service: name }), message }),
      };
      const ctx = { ...makeContext(project, name, { policy: opts.policy ?? policy(), images: opts.images ?? noImages, graph }), plan };
      rule.fix?.(service, ctx);
    }
  }
  return { project, notes, secretFiles };
}
