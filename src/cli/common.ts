// Project options shared by every command: the same flags and meanings as `docker compose`.
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { LoadOptions } from '../load/options.ts';
import { writeOut } from './output.ts';

export interface ProjectFlags {
  file?: string[];
  projectDirectory?: string;
  projectName?: string;
  envFile?: string[];
  profile?: string[];
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addProjectOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --file <path>', 'compose file (repeatable, merged in order; - reads stdin)').argParser(collect))
    .option('--project-directory <dir>', 'alternate working directory (default: the first file\'s folder)')
    .option('-p, --project-name <name>', 'project name')
    .addOption(new Option('--env-file <path>', 'environment file for interpolation (repeatable)').argParser(collect))
    .addOption(new Option('--profile <name>', 'profile to enable (repeatable)').argParser(collect));
}

export function loadOptionsFrom(flags: ProjectFlags): LoadOptions {
  return {
    files: flags.file,
    projectDirectory: flags.projectDirectory,
    projectName: flags.projectName,
    envFiles: flags.envFile,
    profiles: flags.profile,
    stdin: () => readFileSync(0, 'utf8'),
  };
}

/** The command's output, all of it written before this returns. */
export function out(text: string): void {
  writeOut(text);
}
