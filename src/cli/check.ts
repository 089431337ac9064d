import type { Command } from 'commander';
import { loadProject } from '../load/project.ts';
import { hardenLoadOptions, preparePolicy, runOptionsFor } from '../harden.ts';
import { checkProject } from '../rules/index.ts';
import { SEVERITIES, type Severity } from '../rules/types.ts';
import { formatFindingsJson, formatFindingsText } from '../report/findings.ts';
import { addProjectOptions, loadOptionsFrom, out, type ProjectFlags } from './common.ts';
import { usageError } from './errors.ts';

interface CheckFlags extends ProjectFlags {
  format: string;
  failOn: string;
  config?: string;
}

export function registerCheck(program: Command): void {
  addProjectOptions(program.command('check'))
    .description('check every service against the hardening rules; exit 1 when findings reach --fail-on')
    .option('--format <format>', 'text or json', 'text')
    .option('--fail-on <severity>', 'lowest severity that fails the run: info, low, medium, high or critical', 'low')
    .option('-c, --config <path>', 'policy file (default: .compose-harden.yml found from the project directory)')
    .action((flags: CheckFlags) => {
      if (!['text', 'json'].includes(flags.format)) throw usageError(`--format must be text or json, not "${flags.format}"`);
      if (!SEVERITIES.includes(flags.failOn as Severity)) throw usageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${flags.failOn}"`);
      const project = loadProject(hardenLoadOptions(loadOptionsFrom(flags)));
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const { policy, images } = preparePolicy(project, { config: flags.config });
      const result = checkProject(project, runOptionsFor(project, policy, images));
      const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
      out(flags.format === 'json' ? formatFindingsJson(result, project) : formatFindingsText(result, { color }));
      const threshold = SEVERITIES.indexOf(flags.failOn as Severity);
      process.exitCode = result.findings.some((f) => SEVERITIES.indexOf(f.severity) >= threshold) ? 1 : 0;
    });
}
