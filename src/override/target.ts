// Where the override goes: the name Compose itself will load beside the base file.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '../model/errors.ts';
import { OVERRIDE_FILES } from '../load/options.ts';

export interface OverrideTarget {
  path: string;
  /** The override is one of the loaded files (the user's own): update it in place. */
  existing: boolean;
  /** Compose picks it up without `-f` (standard base and override names in one folder). */
  autoLoaded: boolean;
}

const PAIR: Record<string, string> = {
  'compose.yaml': 'compose.override.yaml',
  'compose.yml': 'compose.override.yml',
  'docker-compose.yml': 'docker-compose.override.yml',
  'docker-compose.yaml': 'docker-compose.override.yaml',
};

export function chooseOverrideTarget(files: string[], explicit?: string, cwd = process.cwd()): OverrideTarget {
  const real = files.filter((f) => f !== '-');
  if (explicit) {
    const path = resolve(cwd, explicit);
    return { path, existing: real.includes(path), autoLoaded: false };
  }
  const base = real[0];
  if (!base) throw new InputError('cannot choose where to write the override for a project read from standard input: use -o PATH or --stdout');
  // An override the user already has among the loaded files is the one to update.
  const loadedOverride = real.slice(1).find((f) => OVERRIDE_FILES.includes(basename(f)));
  if (loadedOverride) return { path: loadedOverride, existing: true, autoLoaded: PAIR[basename(base)] !== undefined };
  const dir = dirname(base);
  // One already beside the base (but not loaded, e.g. -f base only): Compose v2 prefers the compose.override.* names.
  for (const name of OVERRIDE_FILES) {
    const p = join(dir, name);
    if (existsSync(p)) return { path: p, existing: real.includes(p), autoLoaded: PAIR[basename(base)] !== undefined };
  }
  const name = PAIR[basename(base)] ?? 'docker-compose.override.yml';
  return { path: join(dir, name), existing: false, autoLoaded: PAIR[basename(base)] !== undefined && real.length === 1 };
}

/** Refuse to write through a symlink that leads outside the project directory. */
export function checkWritable(target: string, projectDir: string): void {
  let st;
  try {
    st = lstatSync(target);
  } catch {
    return; // does not exist yet
  }
  if (st.isSymbolicLink()) {
    let dest: string;
    try {
      dest = realpathSync(target);
    } catch {
      throw new InputError(`${target}: is a dangling symlink; refusing to write through it`);
    }
    const rel = relative(realpathSync(projectDir), dest);
    if (rel.startsWith('..') || resolve(rel) === rel) throw new InputError(`${target}: is a symlink to ${dest}, outside the project; refusing to write through it`);
  } else if (!st.isFile()) throw new InputError(`${target}: exists and is not a regular file`);
}
