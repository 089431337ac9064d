// Writes that never leave a half-written or lost file: a temp file beside the target, flushed, then
// renamed over it. The target is re-read first so a file changed since we read it is never clobbered.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../model/errors.ts';

export interface AtomicWriteOptions {
  /** The content the file had when we read it (undefined: it must not exist now). */
  previous?: string;
  mode?: number;
}

export function writeFileAtomic(path: string, text: string, o: AtomicWriteOptions = {}): void {
  let current: string | undefined;
  let mode = o.mode;
  try {
    current = readFileSync(path, 'utf8');
    mode ??= statSync(path).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  if (current !== o.previous) {
    throw new InputError(`${path}: changed since it was read (another run or an editor?); nothing was written, run again`);
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode ?? 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    // The descriptor is gone once close returns, even with an error: never close it twice.
    const open = fd;
    fd = undefined;
    closeSync(open);
    renameSync(tmp, path);
  } catch (e) {
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      /* the write already failed; that error is the one to report */
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot write (${code ?? 'error'}${code === 'EACCES' || code === 'EROFS' ? ': the folder is read-only' : ''}); the previous file is unchanged`);
  }
}
