import type { Command } from 'commander';
import { addProjectOptions, loadOptionsFrom, out, type ProjectFlags } from './common.ts';
import { usageError } from './errors.ts';
import { writeErr } from './output.ts';

export function registerConfig(program: Command): void {
  addProjectOptions(program.command('config'))
    .description('print the effective, normalised project, like `docker compose config` (secret values redacted)')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('-q, --quiet', 'only validate, print nothing')
    .option('--no-normalize', 'do not add the implicit default network and resource names')
    .option('--no-path-resolution', 'keep relative paths as written')
    .action(async (flags: ProjectFlags & { format: string; quiet?: boolean; normalize: boolean; pathResolution: boolean }) => {
      if (flags.format !== 'yaml' && flags.format !== 'json') throw usageError(`--format must be yaml or json, not "${flags.format}"`);
      const [{ loadProject }, { renderConfig }, { collectSecretValues, isSecretEntry, scrubText }] = await Promise.all([
        import('../load/project.ts'),
        import('../report/config.ts'),
        import('../report/redact.ts'),
      ]);
      const project = loadProject({ ...loadOptionsFrom(flags), normalize: flags.normalize, resolvePaths: flags.pathResolution });
      for (const w of project.warnings) writeErr(`warning: ${w}\n`);
      if (!flags.quiet) out(scrubText(renderConfig(project, { format: flags.format, isSecret: isSecretEntry }), collectSecretValues(project)));
    });
}
