// Runs the real command line: the CLI bundled from the current sources (as scripts/build.mjs does, into a
// temp folder, once per test process), started as a child process the way a shell, CI or pre-commit would.
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
let bundle: string | undefined;
let binDir: string | undefined;

export function cliBundle(): string {
  if (bundle) return bundle;
  const dir = mkdtempSync(join(tmpdir(), 'ch-cli-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  bundle = join(dir, 'cli.js');
  buildSync({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __chCreateRequire } from 'node:module'; const require = __chCreateRequire(import.meta.url);" },
  });
  return bundle;
}

/** A folder holding a `compose-harden` executable (what an npm install puts on PATH), for shell commands. */
export function binPath(): string {
  if (binDir) return binDir;
  const dir = mkdtempSync(join(tmpdir(), 'ch-bin-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  binDir = dir;
  const shim = join(dir, 'compose-harden');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${cliBundle()}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no COMPOSE_* or colour settings leak in from the machine running the tests. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${binPath()}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/tmp', ...extra };
}

export function cli(args: string[], cwd: string, env: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd, env: baseEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function shell(command: string, cwd: string, env: Record<string, string> = {}): Result {
  const r = spawnSync('/bin/sh', ['-c', command], { cwd, env: baseEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
