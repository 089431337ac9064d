// Standard output and error written straight to their file descriptors. process.stdout is a stream whose
// set-up loads Node's stream modules, and for a pipe its net module too: milliseconds on every run, for text
// we write in one piece anyway. Writes are synchronous, so output is complete before the process exits.
import { fstatSync, statSync, writeSync } from 'node:fs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: 1 | 2, text: string): void {
  if (!text) return;
  const data = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < data.length) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking descriptor (a terminal or pipe another process set up so) is full: wait, then go on.
      if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 1);
      // A reader that went away (`| head`) is not an error of ours: stop quietly, as Node's streams do not.
      else if (code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      else throw e;
    }
  }
}

export const writeOut = (text: string): void => writeAll(1, text);
export const writeErr = (text: string): void => writeAll(2, text);

/**
 * Whether standard output is a terminal. Only a character device can be one, and /dev/null is the usual one
 * that is not: those two cheap checks settle nearly every run without setting up process.stdout.
 */
export function stdoutIsTTY(): boolean {
  let rdev: number;
  try {
    const s = fstatSync(1);
    if (!s.isCharacterDevice()) return false;
    rdev = s.rdev;
  } catch {
    return false;
  }
  try {
    if (rdev === statSync('/dev/null').rdev) return false;
  } catch {
    /* no /dev/null here: ask the stream */
  }
  return process.stdout.isTTY === true;
}
