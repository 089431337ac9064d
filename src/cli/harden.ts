import type { Command } from 'commander';
import { addProjectOptions, type ProjectFlags } from './common.ts';

export interface HardenFlags extends ProjectFlags {
  output?: string;
  stdout?: boolean;
  dryRun?: boolean;
  strict?: boolean;
  fix?: string[];
  inPlace?: boolean;
  writeSecrets?: boolean;
  composeVersion?: string;
  format: string;
  config?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerHarden(program: Command): void {
  addProjectOptions(program.command('harden'))
    .description('write a minimal, verified override that hardens the project, and report each change')
    .option('-o, --output <path>', 'where to write the override (default: the override file Compose loads beside the base file)')
    .option('--stdout', 'print the override instead of writing it')
    .option('--dry-run', 'write nothing; print the report')
    .option('--strict', 'also apply fixes that can change behaviour for images the knowledge base does not know')
    .option('--fix <ids>', 'apply these opt-in fixes (comma-separated or repeated)', collect)
    .option('--in-place', 'rewrite the original files instead of writing an override (keeps comments)')
    .option('--write-secrets', 'write committed secret values to secret files (0600, git-ignored)')
    .option('--compose-version <v>', 'target Compose version: decides whether !reset/!override may be used', 'v2')
    .option('--format <format>', 'report format: text, json or markdown', 'text')
    .option('-c, --config <path>', 'policy file (default: .compose-harden.yml found from the project directory)')
    .action(async (flags: HardenFlags) => {
      (await import('./harden-run.ts')).runHarden(flags);
    });
}
