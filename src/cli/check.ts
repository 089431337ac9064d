import type { Command } from 'commander';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { baselineText, parseBaseline, readBaseline, type Baseline } from '../baseline/baseline.ts';
import { checkWithDrift } from '../drift/check.ts';
import { quoteArg } from '../drift/regenerate.ts';
import { InputError } from '../model/errors.ts';
import { scrubText } from '../report/redact.ts';
import { buildCheckReport, type CheckReport, type FailOn } from '../report/formats/model.ts';
import { FORMATS, isFormat, renderReport } from '../report/formats/index.ts';
import { SEVERITIES, type Severity } from '../rules/types.ts';
import { addProjectOptions, loadOptionsFrom, type ProjectFlags } from './common.ts';
import { usageError } from './errors.ts';

export interface CheckFlags extends ProjectFlags {
  format: string;
  failOn: string;
  config?: string;
  outputFile?: string;
  override?: string;
  /** false with --no-drift. */
  drift?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  /** true with --color, false with --no-color, undefined: decided by the terminal. */
  color?: boolean;
}

export interface CheckIO {
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  stdout(s: string): void;
  stderr(s: string): void;
}

const HELP = `
Exit codes:
  0  nothing fails: no finding at or above --fail-on that neither the override fixes nor an exception
     (x-compose-harden skip) or the baseline excuses, and the override is up to date
  1  such findings, or override drift
  2  invalid input or usage (unreadable or invalid compose file, policy or baseline; bad flags)

Findings are those of the project as Compose loads it (base files + the committed override), so what the
override fixes does not count.

Drift: when Compose loads an override file (compose.override.yaml and the like) or --override names one, check
works out in memory what \`compose-harden harden\` would write and compares it with the committed file; any
difference is drift (exit 1), shown as a unified diff from committed to expected, with the command that fixes it.
An override compose-harden generated (it has the generated header) must equal a fresh generation for the base
files, with the --strict/--fix/--compose-version of its "Regenerate with:" line: hand edits, new services and
images that need other settings all show. An override you wrote yourself must have nothing left for harden to
add. An override naming services or networks the project no longer defines is drift too. A missing --override
file is drift when hardening would write something. --no-drift skips the comparison.

Baseline: --baseline FILE accepts the findings listed there (matched by fingerprints made of rule, file, model
path and key, never line numbers), so only new findings fail; findings fixed since are reported.
--update-baseline writes FILE from the current findings.

Formats: text (default), json (schemas/findings.schema.json), sarif (SARIF 2.1.0 for code scanning), github
(workflow command annotations), markdown (PR comment), junit (one test case per service and rule).`;

export function registerCheck(program: Command): void {
  addProjectOptions(program.command('check'))
    .description('check the project against the hardening rules and the committed override for drift')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .option('--output-file <path>', 'write the report to this file instead of standard output')
    .option('--fail-on <severity>', 'lowest severity that fails the run: info, low, medium, high, critical, or none', 'low')
    .option('-c, --config <path>', 'policy file (default: .compose-harden.yml found from the project directory)')
    .option('--override <path>', 'the override to compare (default: the override file Compose loads beside the base file)')
    .option('--no-drift', 'do not compare the committed override with a regenerated one')
    .option('--baseline <file>', 'accept the findings recorded in this file; only new ones fail')
    .option('--update-baseline', 'write the current findings to the --baseline file')
    .option('--color', 'colour the text output even when not on a terminal (NO_COLOR still wins)')
    .option('--no-color', 'never colour the output')
    .addHelpText('after', HELP)
    .action(async (flags: CheckFlags) => {
      process.exitCode = await runCheck(flags, {
        cwd: process.cwd(),
        env: process.env,
        isTTY: process.stdout.isTTY === true,
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
      });
    });
}

/** The whole command; returns the exit code (0 or 1). Bad input throws an InputError (exit code 2). */
export async function runCheck(flags: CheckFlags, io: CheckIO): Promise<number> {
  if (!isFormat(flags.format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format.slice(0, 40)}"`);
  const failOn = flags.failOn as FailOn;
  if (failOn !== 'none' && !SEVERITIES.includes(failOn as Severity)) throw usageError(`--fail-on must be one of ${SEVERITIES.join(', ')} or none, not "${flags.failOn.slice(0, 40)}"`);
  if (flags.updateBaseline && !flags.baseline) throw usageError('--update-baseline needs --baseline FILE (where to write it)');
  const outputFile = flags.outputFile ? resolve(io.cwd, flags.outputFile) : undefined;
  if (outputFile && existsSync(outputFile) && statSync(outputFile).isDirectory()) throw usageError(`--output-file ${flags.outputFile}: is a directory`);

  const load = { ...loadOptionsFrom(flags), cwd: io.cwd, env: io.env };
  const run = checkWithDrift({
    load,
    config: flags.config,
    override: flags.override,
    drift: flags.drift,
    fixCommand: (files, override) => fixCommand(flags, io.cwd, files, override),
  });
  for (const w of run.project.warnings) io.stderr(`warning: ${w}\n`);
  const root = run.root;

  let baseline: { file: string; data: Baseline } | undefined;
  if (flags.baseline) {
    const path = resolve(io.cwd, flags.baseline);
    const file = relative(root, path).split('\\').join('/') || flags.baseline;
    if (flags.updateBaseline) {
      const current = buildCheckReport(run, { failOn, root });
      const text = baselineText(
        current.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, service: f.service, file: f.file ?? current.files[0] ?? '', path: f.path.join('.'), key: f.key, message: f.message })),
      );
      writeText(path, text);
      io.stderr(`compose-harden: wrote ${current.findings.length} finding${current.findings.length === 1 ? '' : 's'} to the baseline ${flags.baseline}\n`);
      baseline = { file, data: parseBaseline(text, path) };
    } else baseline = { file, data: readBaseline(path) };
  }

  const report = buildCheckReport(run, { failOn, root, baseline });
  const color = !outputFile && flags.format === 'text' && flags.color !== false && !io.env.NO_COLOR && (flags.color === true || io.isTTY);
  const secrets = run.overrideSecrets;
  let text = await renderReport(flags.format, report, { color, cwd: io.cwd });
  if (secrets?.size) text = scrubText(text, secrets);
  if (outputFile) {
    writeText(outputFile, text);
    io.stderr(`compose-harden: ${summary(report)}; ${flags.format} report written to ${flags.outputFile}\n`);
  } else io.stdout(text);
  return report.exitCode;
}

function summary(r: CheckReport): string {
  const failing = r.findings.filter((f) => f.failing).length;
  const parts = [`${failing} failing finding${failing === 1 ? '' : 's'} (--fail-on ${r.failOn})`];
  if (r.drift) parts.push(`override ${r.drift.status}`);
  return parts.join(', ');
}

function writeText(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}


/**
 * The `harden` command line that rewrites the override this check compared: the same project flags, and with
 * --override the same path (-o), loaded explicitly when it exists but Compose would not pick it up by itself.
 */
export function fixCommand(flags: CheckFlags, cwd: string, files: string[], override: string): string {
  const rel = (p: string) => {
    const r = relative(cwd, p);
    return r && !r.startsWith('..') ? r : p;
  };
  const args = ['compose-harden', 'harden'];
  const explicit = flags.override !== undefined;
  const overrideLoadedByCompose = !explicit || (flags.file ?? []).some((f) => resolve(cwd, f) === override);
  if (flags.file?.length || (explicit && existsSync(override) && !overrideLoadedByCompose)) {
    const list = flags.file?.length ? flags.file.map((f) => (f === '-' ? f : rel(resolve(cwd, f)))) : files.filter((f) => f !== override).map(rel);
    if (explicit && existsSync(override) && !list.some((f) => resolve(cwd, f) === override)) list.push(rel(override));
    for (const f of list) args.push('-f', f);
  }
  if (flags.projectDirectory) args.push('--project-directory', flags.projectDirectory);
  if (flags.projectName) args.push('-p', flags.projectName);
  for (const e of flags.envFile ?? []) args.push('--env-file', e);
  for (const p of flags.profile ?? []) args.push('--profile', p);
  if (flags.config) args.push('-c', flags.config);
  if (explicit) args.push('-o', rel(override));
  return args.map(quoteArg).join(' ');
}
