// The `compose-harden` executable. It runs the bundled CLI (dist/cli.cjs) through V8's code cache, so that
// after the first run Node neither parses nor compiles most of it again: start-up is then close to Node's
// own. Each command keeps its own cache: V8 reads a whole cache at start, so a check should not pay for the
// functions only harden runs. It is built as CommonJS (dist/package.json says so): an ES module entry point would make Node load
// its whole ES module loader first, which costs more than the rest of this file. The cache lives beside the
// bundle, or in the temp folder when the package folder is read-only; a cache V8 rejects (another Node
// version or V8 flags) is simply rebuilt, and each build names its own caches.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** FNV-1a: a short, stable name for a set of options (node:crypto would cost more than it saves). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Set by the build: a hash of the bundle's text (V8 accepts a cache for any source of the same length). */
declare const __CH_BUILD_ID__: string | undefined;

const file = join(__dirname, 'cli.cjs');
// The build checks that the bundle is ASCII (esbuild escapes the rest), so Latin-1 reads it exactly as UTF-8
// would, without the decoder's pass over 800 kB.
const code = readFileSync(file, 'latin1');
// V8 rejects a cache made under other flags: a run with Node options (NODE_OPTIONS in CI, --cpu-prof) keeps
// its own, in the temp folder, instead of replacing the one the build warmed for plain runs.
const options = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
const COMMANDS = ['check', 'harden', 'config'];
const command = COMMANDS.includes(process.argv[2]) ? process.argv[2] : 'other';
// V8 checks a cache against the source's length only: a cache left in the temp folder by another build of the
// same length would run that build's bytecode. The build's hash in the name keeps each build to its own caches.
const build = typeof __CH_BUILD_ID__ === 'string' ? __CH_BUILD_ID__ : String(code.length);
const key = `cli-${build}-${process.version}${options ? `-${hash(options)}` : ''}-${command}.cache`;
// `os` only when the cache is not beside the bundle: most runs never need it.
const inTemp = () => join((require('node:os') as typeof import('node:os')).tmpdir(), 'compose-harden', key);
const places = options ? [inTemp] : [() => join(__dirname, key), inTemp];

let cachedData: Buffer | undefined;
for (const place of places) {
  try {
    cachedData = readFileSync(place());
    break;
  } catch {
    /* not there */
  }
}
// The bundle is already written as a function of the CommonJS arguments (scripts/build.mjs).
const script = new Script(code, { filename: file, cachedData });
// The build sets COMPOSE_HARDEN_REFRESH_CACHE on its later warm-up runs of a command, so its cache covers them all.
if (cachedData === undefined || script.cachedDataRejected || process.env.COMPOSE_HARDEN_REFRESH_CACHE) {
  // Written at exit, after the run compiled the functions it used: the next run gets those for free.
  process.once('exit', () => {
    const data = script.createCachedData();
    for (const place of places) {
      try {
        const p = place();
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
(script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, require, mod, file, __dirname);
