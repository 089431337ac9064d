import type { Command } from 'commander';
import { FORMATS } from '../report/formats/index.ts';
import { addProjectOptions, type ProjectFlags } from './common.ts';
import { stdoutIsTTY, writeErr, writeOut } from './output.ts';

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
        isTTY: stdoutIsTTY(),
        stdout: writeOut,
        stderr: writeErr,
      });
    });
}

/** The whole command (loaded on first use, so other commands never parse it); returns the exit code. */
export async function runCheck(flags: CheckFlags, io: CheckIO): Promise<number> {
  return (await import('./check-run.ts')).runCheck(flags, io);
}
