// The `compose-harden` executable. It runs the bundled CLI (dist/cli.cjs) through V8's code cache, so that
// after the first run Node neither parses nor compiles most of it again: start-up is then close to Node's
// own. The cache lives beside the bundle, or in the temp folder when the package folder is read-only; a
// cache V8 rejects (another Node version, a rebuilt bundle) is simply rebuilt.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = join(dirname(fileURLToPath(import.meta.url)), 'cli.cjs');
const code = readFileSync(file, 'utf8');
const key = `cli-${code.length}-${process.version}.cache`;
const places = [join(dirname(file), key), join(tmpdir(), 'compose-harden', key)];

let cachedData: Buffer | undefined;
for (const p of places) {
  try {
    cachedData = readFileSync(p);
    break;
  } catch {
    /* not there */
  }
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // Written at exit, after the run compiled the functions it used: the next run gets those for free.
  process.once('exit', () => {
    const data = script.createCachedData();
    for (const p of places) {
      try {
        mkdirSync(dirname(p), { recursive: true });
        const tmp = `${p}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        renameSync(tmp, p);
        return;
      } catch {
        /* read-only: try the next place */
      }
    }
  });
}
const mod = { exports: {} };
(script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, createRequire(file), mod, file, dirname(file));
