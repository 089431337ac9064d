// Project options the way the `docker compose` CLI settles them (compose-go cli/options.go):
// which files, which project directory, which environment, which name and profiles.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../model/errors.ts';
import { parseDotenv } from './dotenv.ts';

export interface LoadOptions {
  /** `-f` files in order; `-` reads standard input. */
  files?: string[];
  projectDirectory?: string;
  projectName?: string;
  envFiles?: string[];
  profiles?: string[];
  /** Process environment (default: process.env). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Standard input, for `-f -`. */
  stdin?: () => string;
  /** Resolve relative host paths against the project directory (docker compose config does). */
  resolvePaths?: boolean;
  /** Add the implicit default network, resource names and the like (docker compose config does). */
  normalize?: boolean;
  /** File contents to use instead of the disk (absolute path → text): an override not yet written. */
  overlay?: Map<string, string>;
  /** Read each service's env_file contents (step 21); off only for tests that compare raw models. */
  readEnvFiles?: boolean;
}

export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface ResolvedOptions {
  files: string[];
  workingDir: string;
  env: Map<string, string>;
  /** Variables that came from env files rather than the process (only for precedence, never printed). */
  envFileNames: string[];
  nameFromCli?: string;
  profiles: string[];
  /** Whether the files were discovered (so the override file Compose would add was added). */
  discovered: boolean;
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

/** Find the first default compose file in `dir` or its parents (docker compose searches upward). */
export function discoverFiles(dir: string): string[] {
  let cur = resolve(dir);
  for (;;) {
    for (const name of DEFAULT_FILES) {
      const p = join(cur, name);
      if (isFile(p)) {
        const out = [p];
        for (const o of OVERRIDE_FILES) {
          const op = join(cur, o);
          if (isFile(op)) {
            out.push(op);
            break;
          }
        }
        return out;
      }
    }
    const parent = dirname(cur);
    if (parent === cur) return [];
    cur = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function readEnvFiles(paths: string[], processEnv: Map<string, string>, required: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    if (!existsSync(p)) {
      if (required) throw new InputError(`env file ${p} not found`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read env file ${p}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    // Expansion inside an env file sees the process environment first, then earlier lines and files.
    const entries = parseDotenv(text, p, (n) => processEnv.get(n) ?? out.get(n));
    for (const [k, e] of entries) if (k !== '') out.set(k, e.value);
  }
  return out;
}

export function resolveOptions(o: LoadOptions): ResolvedOptions {
  const cwd = resolve(o.cwd ?? process.cwd());
  const processEnv = new Map<string, string>();
  for (const [k, v] of Object.entries(o.env ?? process.env)) if (v !== undefined) processEnv.set(k, v);

  const explicitDir = o.projectDirectory ? resolve(cwd, o.projectDirectory) : undefined;
  const envFilesFor = (dir: string): string[] => {
    if (o.envFiles?.length) return o.envFiles.map((f) => resolve(cwd, f));
    const fromVar = processEnv.get('COMPOSE_ENV_FILES');
    if (fromVar) return fromVar.split(',').map((f) => resolve(cwd, f));
    if (isTrue(processEnv.get('COMPOSE_DISABLE_ENV_FILE'))) return [];
    return [join(dir, '.env')];
  };
  const explicitEnvFiles = !!(o.envFiles?.length || processEnv.get('COMPOSE_ENV_FILES'));

  // COMPOSE_FILE and friends may come from the .env of the working directory.
  const firstDir = explicitDir ?? cwd;
  let fileEnv = readEnvFiles(envFilesFor(firstDir), processEnv, explicitEnvFiles);
  const get = (k: string) => processEnv.get(k) ?? fileEnv.get(k);

  let files: string[];
  let discovered = false;
  if (o.files?.length) files = o.files.map((f) => (f === '-' ? '-' : resolve(cwd, f)));
  else if (get('COMPOSE_FILE')) {
    const sep = get('COMPOSE_PATH_SEPARATOR') ?? (process.platform === 'win32' ? ';' : ':');
    files = get('COMPOSE_FILE')!
      .split(sep)
      .filter(Boolean)
      .map((f) => resolve(firstDir, f));
  } else {
    files = discoverFiles(firstDir);
    discovered = true;
    if (!files.length) {
      throw new InputError(`no configuration file provided: no ${DEFAULT_FILES.join(', ')} in ${firstDir} or its parents`);
    }
  }
  const firstFile = files.find((f) => f !== '-');
  const workingDir = explicitDir ?? (files[0] !== '-' && firstFile ? dirname(firstFile) : cwd);
  if (workingDir !== firstDir && !explicitEnvFiles) fileEnv = readEnvFiles(envFilesFor(workingDir), processEnv, false);

  const env = new Map<string, string>(fileEnv);
  for (const [k, v] of processEnv) env.set(k, v); // the process environment always wins

  let profiles = o.profiles?.length ? o.profiles : (env.get('COMPOSE_PROFILES') ?? '').split(',');
  profiles = profiles.map((p) => p.trim()).filter(Boolean);

  let nameFromCli = o.projectName ?? env.get('COMPOSE_PROJECT_NAME');
  if (nameFromCli !== undefined && nameFromCli !== '') {
    if (normalizeProjectName(nameFromCli) !== nameFromCli) {
      throw new InputError(`invalid project name "${nameFromCli.slice(0, 60)}": must contain only lowercase letters, digits, dashes and underscores, and start with a letter or digit`);
    }
  } else nameFromCli = undefined;

  return { files, workingDir, env, envFileNames: [...fileEnv.keys()], nameFromCli, profiles, discovered };
}

export function normalizeProjectName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export function defaultProjectName(dir: string): string {
  return normalizeProjectName(basename(dir)) || 'default';
}

export function absolutize(p: string, base: string): string {
  if (p.startsWith('~')) return join(process.env.HOME ?? '/root', p.slice(1));
  // compose-go keeps absolute paths as written (no cleaning) and, on every OS, Windows drive paths too.
  if (isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\')) return p;
  return resolve(base, p);
}
