import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { baselineText, parseBaseline, readBaseline, type Baseline } from '../baseline/baseline.ts';
import { checkRun } from '../drift/plain.ts';
import { quoteArg } from '../drift/regenerate.ts';
import { InputError } from '../model/errors.ts';
import { scrubText } from '../report/redact.ts';
import { buildCheckReport, type CheckReport, type FailOn } from '../report/formats/model.ts';
import { FORMATS, isFormat, renderReport } from '../report/formats/index.ts';
import { SEVERITIES, type Severity } from '../rules/types.ts';
import { loadOptionsFrom } from './common.ts';
import { usageError } from './errors.ts';

import type { CheckFlags, CheckIO } from './check.ts';

/** The whole command; returns the exit code (0 or 1). Bad input throws an InputError (exit code 2). */
export async function runCheck(flags: CheckFlags, io: CheckIO): Promise<number> {
  if (!isFormat(flags.format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format.slice(0, 40)}"`);
  const failOn = flags.failOn as FailOn;
  if (failOn !== 'none' && !SEVERITIES.includes(failOn as Severity)) throw usageError(`--fail-on must be one of ${SEVERITIES.join(', ')} or none, not "${flags.failOn.slice(0, 40)}"`);
  if (flags.updateBaseline && !flags.baseline) throw usageError('--update-baseline needs --baseline FILE (where to write it)');
  const outputFile = flags.outputFile ? resolve(io.cwd, flags.outputFile) : undefined;
  if (outputFile && existsSync(outputFile) && statSync(outputFile).isDirectory()) throw usageError(`--output-file ${flags.outputFile}: is a directory`);

  const load = { ...loadOptionsFrom(flags), cwd: io.cwd, env: io.env };
  const run = await checkRun({
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

  const report = buildCheckReport(run, { failOn, root, baseline, fingerprints: flags.format === 'json' || flags.format === 'sarif' });
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
