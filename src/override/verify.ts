// The override is verified, not hoped: merging it onto the original files with our own loader must
// give exactly the hardened project (except what is left to manual steps).
import { loadProject } from '../load/project.ts';
import type { LoadOptions } from '../load/options.ts';
import type { Project } from '../model/types.ts';
import { sameValue } from './delta.ts';
import type { ManualStep } from './delta.ts';

export interface VerifyResult {
  ok: boolean;
  merged?: Project;
  /** Where the merge differs from the plan (model paths), for the internal error message. */
  differences: string[];
}

type Tree = Record<string, unknown>;

export function verifyOverride(load: LoadOptions, files: string[], overridePath: string, text: string, hardened: Project, manual: ManualStep[]): VerifyResult {
  const withOverride = files.includes(overridePath) ? files : [...files, overridePath];
  return verifyFiles(load, withOverride, new Map([[overridePath, text]]), hardened, manual);
}

/** Load `files` with some of them replaced by `texts` and compare with the hardened project. */
export function verifyFiles(load: LoadOptions, files: string[], texts: Map<string, string>, hardened: Project, manual: ManualStep[]): VerifyResult {
  const overlay = new Map([...(load.overlay ?? []), ...texts]);
  let merged: Project;
  try {
    merged = loadProject({ ...load, files, overlay });
  } catch (e) {
    return { ok: false, differences: [`the override does not load: ${(e as Error).message}`] };
  }
  const skip = manual.map((m) => m.path.join('.'));
  const differences: string[] = [];
  const compare = (a: unknown, b: unknown, path: string[]) => {
    const p = path.join('.');
    if (skip.some((s) => p === s || p.startsWith(s + '.'))) return;
    if (sameValue(a, b)) return;
    const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isMap(a) && isMap(b)) {
      for (const k of new Set([...Object.keys(a as Tree), ...Object.keys(b as Tree)])) compare((a as Tree)[k], (b as Tree)[k], [...path, k]);
      return;
    }
    differences.push(p);
  };
  for (const section of ['services', 'disabledServices', 'networks', 'volumes', 'secrets', 'configs'] as const) {
    compare(merged[section], hardened[section], [section === 'disabledServices' ? 'services' : section]);
  }
  return { ok: differences.length === 0, merged, differences };
}
