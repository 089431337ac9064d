// The command line: flags → library calls → output and exit code. No logic of its own.
import { Command, CommanderError } from 'commander';
import { InputError } from '../model/errors.ts';
import { registerCheck } from './check.ts';
import { registerConfig } from './config.ts';
import { registerHarden } from './harden.ts';
import { registerInit } from './init.ts';
import { registerRules } from './rules.ts';
import { writeErr, writeOut } from './output.ts';

const VERSION = '0.1.0';

// Setting up every command's options and help costs a millisecond of each start: a run of one command sets
// up only that one. Anything else (--help, help, a typo to suggest a command for) sees them all.
const REGISTER: Record<string, (program: Command) => void> = {
  config: registerConfig,
  check: registerCheck,
  harden: registerHarden,
  rules: registerRules,
  explain: registerRules,
  init: registerInit,
};

export async function main(argv: string[]): Promise<number> {
  const program = new Command('compose-harden')
    .description('Load, validate, check and harden Docker Compose projects')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut, writeErr })
    .showSuggestionAfterError();
  const only = Object.hasOwn(REGISTER, argv[0] ?? '') ? REGISTER[argv[0]] : undefined;
  for (const register of only ? [only] : new Set(Object.values(REGISTER))) register(program);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    return handleError(e);
  }
}

function handleError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander already printed the one-line reason
  }
  if (e instanceof InputError) {
    const cwd = process.cwd();
    for (const line of e.lines(cwd)) writeErr(`compose-harden: ${line}\n`);
    return 2;
  }
  const msg = e instanceof Error ? e.message : String(e);
  writeErr(`compose-harden: internal error: ${msg.split('\n')[0]}\n`);
  if (process.env.COMPOSE_HARDEN_DEBUG && e instanceof Error) writeErr(`${e.stack}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = handleError(e);
  },
);
