// The planning step: a pure function from the loaded project to the hardened one. Fixes run in the
// catalog's fixed order on a copy; every change is recorded with the rule that made it, so the override
// and the report can say why each line is there. Side effects a fix needs (secret files to write) and
// things the report must say are collected, never performed here.
import { cloneTree } from '../model/clone.ts';
import { sameJson } from '../model/same-json.ts';
import { sameShot, shot, snapshot } from './shot.ts';
import type { Project } from '../model/types.ts';
import { CURRENT, parseComposeVersion, type ComposeTarget } from '../override/version.ts';
import { FIX_TOUCHES, isEnabled, makeContext, readExceptions, rulesInFixOrder, ruleById, type RunOptions } from '../rules/index.ts';
import type { PlanningContext, RuleContext, SecretFile } from '../rules/types.ts';

export interface PlannedChange {
  rule: string;
  /** Absent for project-level changes (a new network or secret). */
  service?: string;
  /** Top-level keys of the service (or project sections) the fix changed. */
  keys: string[];
}

export interface PlanNote {
  rule: string;
  service?: string;
  message: string;
}

export interface Plan {
  hardened: Project;
  changes: PlannedChange[];
  /** Secret values to write (0600) before the override is used; only with --write-secrets. */
  secretFiles: SecretFile[];
  /** Steps and caveats for the report (no values). */
  notes: PlanNote[];
}

export interface PlanOptions {
  /** The Compose the override is written for (`--compose-version`); current by default. */
  compose?: ComposeTarget;
  /** `--write-secrets`: move committed literal secrets into files under ./secrets/. */
  writeSecrets?: boolean;
}

const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

export function planHardening(project: Project, opts: RunOptions, planOpts: PlanOptions = {}): Plan {
  const fast = planWith(project, opts, planOpts, FIX_TOUCHES);
  // A fix that changed a key it does not declare would go unexplained in the report: plan again comparing
  // whole services (the result is the same, since planning is a pure function; only the attribution differs).
  return unexplainedChanges(project, fast).length ? planWith(project, opts, planOpts, {}) : fast;
}

/** Service keys that differ between the project and the plan's result but no recorded change names. */
export function unexplainedChanges(project: Project, plan: Plan): string[] {
  const claimed = new Set(plan.changes.flatMap((c) => (c.service ? c.keys.map((k) => `${c.service}\u0000${k}`) : [])));
  const out: string[] = [];
  for (const group of ['services', 'disabledServices'] as const) {
    for (const [name, after] of Object.entries(plan.hardened[group])) {
      const before = project[group][name] as Record<string, unknown> | undefined;
      if (!before) continue;
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (!claimed.has(`${name}\u0000${k}`) && !sameJson(before[k], (after as Record<string, unknown>)[k])) out.push(`${name}.${k}`);
      }
    }
  }
  return out;
}

function planWith(project: Project, opts: RunOptions, planOpts: PlanOptions, touches: Readonly<Record<string, readonly string[]>>): Plan {
  const hardened = cloneTree(project);
  const exceptions = readExceptions(project, (id) => !!ruleById(id));
  const changes: PlannedChange[] = [];
  const secretFiles: SecretFile[] = [];
  const notes: PlanNote[] = [];
  const applies = (id: string, service: string): boolean => {
    const rule = ruleById(id);
    return !!rule?.fix && isEnabled(rule, opts) && !exceptions.get(service)?.skip.includes(rule.meta.id);
  };
  // Until every caller passes the target, the policy's v1 flag (set by harden()) at least keeps v1 runs tag-free.
  const compose = planOpts.compose ?? (opts.policy.composeV1 ? parseComposeVersion('1.29.2') : CURRENT);
  const names = [...Object.keys(hardened.services).sort(), ...Object.keys(hardened.disabledServices).sort()];
  let id = ''; // the rule whose fix is running: notes are filed under it
  const noted = new Set<string>();
  // One context per service for all the fixes (fixes change a service in place; none replaces it): a
  // context per rule and service was most of what planning a large project allocated.
  const contexts = new Map<string, RuleContext & { plan: PlanningContext }>();
  const contextFor = (name: string) => {
    let ctx = contexts.get(name);
    if (!ctx) {
      const plan: PlanningContext = {
        compose,
        writeSecrets: planOpts.writeSecrets === true,
        applies,
        secretFile: (f) => secretFiles.push(f),
        note: (message, scope) => {
          const service = scope === 'project' ? undefined : name;
          const key = `${id}\u0000${service ?? ''}\u0000${message}`;
          if (noted.has(key)) return;
          noted.add(key);
          notes.push({ rule: id, ...(service ? { service } : {}), message });
        },
      };
      contexts.set(name, (ctx = { ...makeContext(hardened, name, opts), plan }));
    }
    return ctx;
  };
  for (const rule of rulesInFixOrder()) {
    if (!isEnabled(rule, opts) || !rule.fix) continue;
    id = rule.meta.id;
    // Project sections (networks, secrets...) are compared once per rule, not once per service.
    const sectionsBefore = SECTIONS.map((s) => snapshot(hardened[s]));
    for (const name of names) {
      if (exceptions.get(name)?.skip.includes(id)) continue;
      const service = hardened.services[name] ?? hardened.disabledServices[name];
      const ctx = contextFor(name);
      const keys = changedKeys(service as Record<string, unknown>, touches[id], () => rule.fix!(service, ctx));
      if (keys.length) changes.push({ rule: id, service: name, keys });
    }
    const changedSections = SECTIONS.filter((s, i) => sectionsBefore[i] !== snapshot(hardened[s]));
    if (changedSections.length) changes.push({ rule: id, keys: changedSections });
  }
  return { hardened, changes, secretFiles, notes };
}

/** The top-level keys of `service` that `fix` changed: only `declared` ones are compared when given. */
function changedKeys(service: Record<string, unknown>, declared: readonly string[] | undefined, fix: () => void): string[] {
  if (declared) {
    // Scalars are compared as they are; only containers (changed in place) need their text taken.
    const before = declared.map((k) => shot(service[k]));
    fix();
    return declared.filter((k, i) => !sameShot(before[i], service[k])).sort();
  }
  // One snapshot of the whole service; key by key only when the fix changed something.
  const whole = snapshot(service);
  fix();
  if (snapshot(service) === whole) return [];
  const before = JSON.parse(whole) as Record<string, unknown>;
  const keys = new Set<string>();
  for (const k of new Set([...Object.keys(before), ...Object.keys(service)])) if (snapshot(before[k]) !== snapshot(service[k])) keys.add(k);
  return [...keys].sort();
}
