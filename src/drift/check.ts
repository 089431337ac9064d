// `check` with the drift check: load the project as Compose will (base + committed override), find what is
// left, and regenerate the override in memory to see whether the committed one is what `harden` would write
// now. Nothing is written; the caller decides what to print and the exit code.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { harden, hardenLoadOptions, preparePolicy, runOptionsFor } from '../harden.ts';
import { loadProject } from '../load/project.ts';
import { OVERRIDE_FILES, resolveOptions, type LoadOptions } from '../load/options.ts';
import { InputError } from '../model/errors.ts';
import type { Project } from '../model/types.ts';
import type { Policy } from '../policy/types.ts';
import { checkProject, type CheckResult } from '../rules/index.ts';
import { overrideSecretValues } from './secrets.ts';
import { repoRoot, rootRelative } from '../baseline/fingerprint.ts';
import { baseNames, findStale, withoutStale, type StaleName } from './stale.ts';

export type DriftStatus = 'up-to-date' | 'drifted' | 'missing' | 'stale';

export interface Drift {
  /** Absolute path of the override compared. */
  override: string;
  status: DriftStatus;
  stale: StaleName[];
  /** Unified diff from the committed override to the expected one; empty when up to date. */
  diff: string;
  /** The command that brings the override up to date. */
  fix: string;
}

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
   * The command that rewrites the override, given the files the check loaded and the override path; it also
   * goes into the header of an override that does not exist yet.
   */
  fixCommand: (files: string[], override: string) => string;
}

const normalise = (s: string) => s.replace(/\r\n?/g, '\n');

/** The override among the loaded files: Compose's own override names, after the first file. */
export function loadedOverride(files: string[]): string | undefined {
  return files.slice(1).find((f) => f !== '-' && OVERRIDE_FILES.includes(basename(f)));
}

export function unifiedDiff(label: string, before: string | undefined, after: string): string {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${label}`, `b/${label}`, before ?? '', after, undefined, undefined, { context: 3 });
  // jsdiff starts with a line of '=' (its Index: heritage); git-style patches start at ---.
  return patch.replace(/^=+\n/, '');
}

export function checkWithDrift(o: CheckRunOptions): CheckRun {
  const load = hardenLoadOptions(o.load);
  const cwd = resolve(load.cwd ?? process.cwd());
  const resolved = resolveOptions(load);
  const override = o.drift === false ? undefined : o.override ? resolve(cwd, o.override) : loadedOverride(resolved.files);
  if (!override) return plainCheck(load, o.config, repoRoot(resolved.workingDir));

  const exists = existsSync(override);
  const files = exists && !resolved.files.includes(override) ? [...resolved.files, override] : resolved.files;
  const withFiles: LoadOptions = { ...load, files };
  const root = repoRoot(resolved.workingDir);
  const label = relativeLabel(override, root);
  const committed = exists ? readText(override) : undefined;
  const fix = o.fixCommand(files, override);
  const overrideSecrets = committed === undefined ? undefined : overrideSecretValues(committed);

  const baseFiles = files.filter((f) => f !== override);
  if (committed !== undefined && baseFiles.length) {
    const base = loadProject({ ...withFiles, files: baseFiles, projectDirectory: load.projectDirectory ?? resolved.workingDir });
    const stale = findStale(committed, override, baseNames(base));
    if (stale.length) {
      // Compose may not even load the project as committed; judge the findings on the override without the
      // stale entries (what the fix leaves), and show that removal as the diff.
      const cleaned = withoutStale(committed, stale);
      const run = plainCheck({ ...withFiles, overlay: new Map([...(load.overlay ?? []), [override, cleaned]]) }, o.config, root);
      return { ...run, overrideSecrets, drift: { override, status: 'stale', stale, diff: unifiedDiff(label, normalise(committed), normalise(cleaned)), fix } };
    }
  }

  const r = harden({ load: withFiles, config: o.config, output: override, command: fix });
  const run: CheckRun = { project: r.original, root, policy: r.policy, result: r.before, overrideSecrets };
  if (committed === undefined) {
    // Nothing to harden means nothing to write: a missing override is only drift when it would have content.
    run.drift = { override, status: r.unchanged ? 'up-to-date' : 'missing', stale: [], diff: r.unchanged ? '' : unifiedDiff(label, undefined, normalise(r.overrideText)), fix };
    return run;
  }
  const same = normalise(committed) === normalise(r.overrideText);
  run.drift = { override, status: same ? 'up-to-date' : 'drifted', stale: [], diff: same ? '' : unifiedDiff(label, normalise(committed), normalise(r.overrideText)), fix };
  return run;
}

function plainCheck(load: LoadOptions, config: string | undefined, root: string): CheckRun {
  const project = loadProject(load);
  const { policy, images } = preparePolicy(project, { config });
  return { project, root, policy, result: checkProject(project, runOptionsFor(project, policy, images)) };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function relativeLabel(file: string, root: string): string {
  const rel = rootRelative(file, root);
  return rel.startsWith('..') ? resolve(file) : rel;
}
