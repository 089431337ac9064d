// Writing the secret files `harden --write-secrets` planned (Plan.secretFiles). Each file is created 0600 in a
// 0700 folder through a temp file and a rename, so a half-written secret never exists under its real name.
// Compose bind-mounts a file secret with the host file's owner and mode (uid/gid/mode are ignored outside Swarm),
// so the file must belong to the user the container reads it as: chowned when we run as root, otherwise a manual
// step names the exact command. The folder is added to .gitignore. Messages name paths, never values.
import { chmodSync, chownSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { InputError } from '../model/errors.ts';
import type { SecretFile } from '../rules/types.ts';

export interface SecretFilesResult {
  written: string[];
  /** Commands the user must run (chown as root), one line each. */
  manual: string[];
  /** The .gitignore that was created or extended, if any. */
  gitignore?: string;
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function writeOne(path: string, value: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, value);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(tmp, 0o600); // the umask cannot widen it, but an inherited ACL default could
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw new InputError(`${path}: cannot write the secret file (${(e as NodeJS.ErrnoException).code ?? 'error'}); nothing else was changed`);
  }
}

/** Add `/<dir>/` to the .gitignore of `projectDir` unless a line already ignores it. */
export function ignoreInGit(projectDir: string, dir: string): string | undefined {
  const path = join(projectDir, '.gitignore');
  const entry = `/${dir.replace(/^\/+|\/+$/g, '')}/`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const bare = entry.slice(1, -1);
  if (lines.some((l) => [entry, `${bare}/`, bare, `/${bare}`, `${bare}/*`, `/${bare}/*`].includes(l))) return undefined;
  const next = `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# compose-harden: secret files\n${entry}\n`;
  const tmp = join(projectDir, `.gitignore.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, next);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return path;
}

/**
 * Write every planned secret file under `projectDir` and ignore the folder(s) in git. Existing files are left
 * alone when they hold the same value, and refused otherwise (a rotated secret is the user's, not ours).
 */
export function writeSecretFiles(list: SecretFile[], projectDir: string): SecretFilesResult {
  const out: SecretFilesResult = { written: [], manual: [] };
  if (!list.length) return out;
  const uid = currentUid();
  const dirs = new Set<string>();
  for (const f of list) {
    const dir = dirname(f.path);
    const rel = relative(projectDir, dir);
    if (rel.startsWith('..')) throw new InputError(`${f.path}: a secret file must stay inside the project directory`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    dirs.add(rel);
    if (existsSync(f.path)) {
      if (readFileSync(f.path, 'utf8') !== f.value) {
        throw new InputError(`${f.path} exists with other content (secret ${f.secret} of ${f.service}); remove it or point the secret at it by hand`);
      }
    } else writeOne(f.path, f.value);
    out.written.push(f.path);
    if (f.uid === undefined) {
      out.manual.push(`${relative(projectDir, f.path)}: the user ${f.service} runs as is unknown; make the file readable by it (and by nobody else)`);
      continue;
    }
    const gid = f.gid ?? f.uid;
    if (uid === 0) chownSync(f.path, f.uid, gid);
    else if (uid !== f.uid) out.manual.push(`sudo chown ${f.uid}:${gid} ${relative(projectDir, f.path)}   # ${f.service} reads it as uid ${f.uid}`);
  }
  for (const d of [...dirs].sort()) out.gitignore = ignoreInGit(projectDir, d) ?? out.gitignore;
  return out;
}
