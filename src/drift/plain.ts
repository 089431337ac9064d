// `check` without a committed override to compare, which is most runs: load, check, done. The drift check
// (drift/check.ts) needs harden's whole pipeline; it is loaded only when there is an override to compare.
import { basename, resolve } from 'node:path';
import { repoRoot } from '../baseline/fingerprint.ts';
import { loadProject } from '../load/project.ts';
import { OVERRIDE_FILES, resolveOptions, type LoadOptions, type ResolvedOptions } from '../load/options.ts';
import type { Project } from '../model/types.ts';
import type { Policy } from '../policy/types.ts';
import { checkProject, type CheckResult } from '../rules/index.ts';
import { hardenLoadOptions, preparePolicy, runOptionsFor } from '../setup.ts';
import type { Drift } from './check.ts';

export interface CheckRun {
  project: Project;
  /** The repository root (or the project directory outside a repository): report paths are relative to it. */
  root: string;
  policy: Policy;
  result: CheckResult;
  /** Undefined when there is no override to compare (none loaded, no --override, or drift checking off). */
  drift?: Drift;
  /** Secret-looking values written in the committed override, for masking output. */
  overrideSecrets?: Set<string>;
}

export interface CheckRunOptions {
  load: LoadOptions;
  config?: string;
  /** `--override PATH`: compare this file even when Compose would not load it by itself. */
  override?: string;
  /** Compare the committed override at all (`--no-drift` turns it off). */
  drift?: boolean;
  /**
   * The `harden` command line for this project, given the files the check loaded and the override path; used
   * as the fix (and in the header of an override that does not exist yet) unless the override names its own.
   */
  fixCommand: (files: string[], override: string) => string;
}

/** The override among the loaded files: Compose's own override names, after the first file. */
export function loadedOverride(files: string[]): string | undefined {
  return files.slice(1).find((f) => f !== '-' && OVERRIDE_FILES.includes(basename(f)));
}

/** The project's load options and root, and the override to compare (none when drift checking is off). */
export function driftTarget(o: CheckRunOptions): { load: LoadOptions; resolved: ResolvedOptions; root: string; cwd: string; override?: string } {
  const load = hardenLoadOptions(o.load);
  const cwd = resolve(load.cwd ?? process.cwd());
  const resolved = resolveOptions(load);
  const root = repoRoot(resolved.workingDir);
  const override = o.drift === false ? undefined : o.override ? resolve(cwd, o.override) : loadedOverride(resolved.files);
  return { load, resolved, root, cwd, override };
}

/** The check run, with the drift check when there is an override to compare. */
export async function checkRun(o: CheckRunOptions): Promise<CheckRun> {
  const t = driftTarget(o);
  if (!t.override) return plainCheck(t.load, o.config, t.root, t.resolved);
  return (await import('./check.ts')).checkWithDrift(o);
}

export function plainCheck(load: LoadOptions, config: string | undefined, root: string, resolved?: ResolvedOptions): CheckRun {
  const project = loadProject(load, resolved);
  const { policy, images } = preparePolicy(project, { config });
  return { project, root, policy, result: checkProject(project, runOptionsFor(project, policy, images)) };
}

