// `check` with the drift check: load the project as Compose will (base + committed override), find what is
// left, and work out in memory whether the committed override is what `harden` would write now. Nothing is
// written; the caller decides what to print and the exit code.
//
// Two kinds of override are compared differently:
// - one compose-harden generated (it carries the generated header): it is the tool's file, so it must equal
//   what `harden` writes for the base files from scratch, with the options its `Regenerate with:` line names.
//   Any hand edit, a new service, a changed image that needs other tmpfs paths or a different user: drift.
// - one the user wrote (harden merged its changes into it, or nothing yet): harden only ever adds to it, so it
//   must equal what `harden` would make of it now, i.e. nothing may be left to add.
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { harden, HEADER } from '../harden.ts';
import { loadProject } from '../load/project.ts';
import { OVERRIDE_FILES, resolveOptions, type LoadOptions } from '../load/options.ts';
import { InputError } from '../model/errors.ts';
import type { Project } from '../model/types.ts';
import type { Policy } from '../policy/types.ts';
import { rootRelative } from '../baseline/fingerprint.ts';
import { driftTarget, loadedOverride, plainCheck, type CheckRun, type CheckRunOptions } from './plain.ts';

export { loadedOverride, type CheckRun, type CheckRunOptions };
import { parseRegenerate, quoteArg, type RegenerateOptions } from './regenerate.ts';
import { overrideSecretValues } from './secrets.ts';
import { baseNames, findStale, withoutStale, type StaleName } from './stale.ts';

export type DriftStatus = 'up-to-date' | 'drifted' | 'missing' | 'stale';

export interface Drift {
  /** Absolute path of the override compared. */
  override: string;
  /** The override carries compose-harden's generated header (compared with a fresh generation). */
  generated: boolean;
  status: DriftStatus;
  stale: StaleName[];
  /** Unified diff from the committed override to the expected one; empty when up to date. */
  diff: string;
  /** The command that brings the override up to date. */
  fix: string;
}

const normalise = (s: string) => s.replace(/\r\n?/g, '\n');

/** The override carries the header `harden` writes on a file it creates. */
export function isGenerated(text: string): boolean {
  return normalise(text).split('\n', 12).includes(`# ${HEADER[0]}`);
}

export function unifiedDiff(label: string, before: string | undefined, after: string): string {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${label}`, `b/${label}`, before ?? '', after, undefined, undefined, { context: 3 });
  // jsdiff starts with a line of '=' (its Index: heritage); git-style patches start at ---.
  return patch.replace(/^=+\n/, '');
}

export function checkWithDrift(o: CheckRunOptions): CheckRun {
  const { load, resolved, root, cwd, override } = driftTarget(o);
  if (!override) return plainCheck(load, o.config, root);

  const exists = existsSync(override);
  const files = exists && !resolved.files.includes(override) ? [...resolved.files, override] : resolved.files;
  const withFiles: LoadOptions = { ...load, files };
  const baseFiles = files.filter((f) => f !== override);
  // The base files alone, loaded from the same project directory as the whole project.
  const baseLoad: LoadOptions = { ...withFiles, files: baseFiles, projectDirectory: load.projectDirectory ?? resolved.workingDir };
  const label = labelFor(override, root);
  const committed = exists ? readText(override) : undefined;
  const overrideSecrets = committed === undefined ? undefined : overrideSecretValues(committed);
  const command = o.fixCommand(files, override);

  if (committed !== undefined && isGenerated(committed) && baseFiles.length) {
    const regen = parseRegenerate(committed);
    const expected = regenerate(baseLoad, override, o.config, regen, command);
    const stale = findStale(committed, override, baseNames(expected.original));
    const run = stale.length ? judgeWithout(committed, stale, withFiles, override, o.config, root) : plainCheck(withFiles, o.config, root);
    const same = normalise(committed) === normalise(expected.text);
    const fix = `rm ${quoteArg(rel(override, cwd))} && ${regen.command ?? command}`;
    const status: DriftStatus = same ? 'up-to-date' : stale.length ? 'stale' : 'drifted';
    return { ...run, overrideSecrets, drift: { override, generated: true, status, stale, diff: same ? '' : unifiedDiff(label, normalise(committed), normalise(expected.text)), fix } };
  }

  if (committed !== undefined && baseFiles.length) {
    const stale = findStale(committed, override, baseNames(loadProject(baseLoad)));
    if (stale.length) {
      // Compose may not even load the project as committed: judge the findings on the override without the
      // stale entries (what the fix leaves), and show that removal as the diff.
      const cleaned = withoutStale(committed, stale);
      const run = judgeWithout(committed, stale, withFiles, override, o.config, root);
      return { ...run, overrideSecrets, drift: { override, generated: false, status: 'stale', stale, diff: unifiedDiff(label, normalise(committed), normalise(cleaned)), fix: command } };
    }
  }

  const r = harden({ load: withFiles, config: o.config, output: override, command, verify: false });
  const run: CheckRun = { project: r.original, root, policy: r.policy, result: r.before, overrideSecrets };
  if (committed === undefined) {
    // Nothing to harden means nothing to write: a missing override is only drift when it would have content.
    run.drift = { override, generated: false, status: r.unchanged ? 'up-to-date' : 'missing', stale: [], diff: r.unchanged ? '' : unifiedDiff(label, undefined, normalise(r.overrideText)), fix: command };
    return run;
  }
  const same = normalise(committed) === normalise(r.overrideText);
  run.drift = { override, generated: false, status: same ? 'up-to-date' : 'drifted', stale: [], diff: same ? '' : unifiedDiff(label, normalise(committed), normalise(r.overrideText)), fix: command };
  return run;
}

/**
 * What `harden` writes for the base files when no override exists yet: generated beside the real one under a
 * name no file has, so harden neither merges into nor refuses the committed file.
 */
function regenerate(baseLoad: LoadOptions, override: string, config: string | undefined, regen: RegenerateOptions, command: string): { text: string; original: Project } {
  let virtual = `${override}.compose-harden-expected`;
  while (existsSync(virtual)) virtual += '_';
  const r = harden({ load: baseLoad, config, output: virtual, command: regen.command ?? command, strict: regen.strict, fix: regen.fix, composeVersion: regen.composeVersion, verify: false });
  return { text: r.overrideText, original: r.original };
}

function judgeWithout(committed: string, stale: StaleName[], load: LoadOptions, override: string, config: string | undefined, root: string): CheckRun {
  const cleaned = withoutStale(committed, stale);
  return plainCheck({ ...load, overlay: new Map([...(load.overlay ?? []), [override, cleaned]]) }, config, root);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function labelFor(file: string, root: string): string {
  const r = rootRelative(file, root);
  return r.startsWith('..') ? resolve(file) : r;
}

function rel(file: string, cwd: string): string {
  const r = rootRelative(file, cwd);
  return r.startsWith('..') ? file : r;
}
