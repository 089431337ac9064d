// The planning step: a pure function from the loaded project to the hardened one. Fixes run in the
// catalog's fixed order on a copy; every change is recorded with the rule that made it, so the override
// and the report can say why each line is there.
import { cloneTree } from '../model/clone.ts';
import type { Project } from '../model/types.ts';
import { isEnabled, makeContext, readExceptions, rulesInFixOrder, ruleById, type RunOptions } from '../rules/index.ts';

export interface PlannedChange {
  rule: string;
  /** Absent for project-level changes (a new network or secret). */
  service?: string;
  /** Top-level keys of the service (or project sections) the fix changed. */
  keys: string[];
}

export interface Plan {
  hardened: Project;
  changes: PlannedChange[];
}

const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

function snapshot(v: unknown): string {
  return JSON.stringify(v) ?? '';
}

export function planHardening(project: Project, opts: RunOptions): Plan {
  const hardened = cloneTree(project);
  const exceptions = readExceptions(project, (id) => !!ruleById(id));
  const changes: PlannedChange[] = [];
  const names = [...Object.keys(hardened.services).sort(), ...Object.keys(hardened.disabledServices).sort()];
  for (const rule of rulesInFixOrder()) {
    if (!isEnabled(rule, opts) || !rule.fix) continue;
    const id = rule.meta.id;
    for (const name of names) {
      if (exceptions.get(name)?.skip.includes(id)) continue;
      const service = hardened.services[name] ?? hardened.disabledServices[name];
      const ctx = makeContext(hardened, name, opts);
      const before = new Map(Object.keys(service).map((k) => [k, snapshot(service[k])]));
      const sectionsBefore = SECTIONS.map((s) => snapshot(hardened[s]));
      rule.fix(service, ctx);
      const keys = new Set<string>();
      for (const k of new Set([...before.keys(), ...Object.keys(service)])) if (before.get(k) !== snapshot(service[k])) keys.add(k);
      if (keys.size) changes.push({ rule: id, service: name, keys: [...keys].sort() });
      const changedSections = SECTIONS.filter((s, i) => sectionsBefore[i] !== snapshot(hardened[s]));
      if (changedSections.length) changes.push({ rule: id, keys: changedSections });
    }
  }
  return { hardened, changes };
}
