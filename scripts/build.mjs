// Bundles the CLI into one CommonJS file run through V8's code cache by a small launcher (src/cli/launcher.ts):
// Node resolves no module tree and, after the first run, compiles almost nothing. Commands load their heavy
// code through dynamic imports, which esbuild keeps lazy inside the bundle; minified, there is less to read.
// dist/ is a CommonJS package scope (dist/package.json), so `node dist/cli.js` starts without Node's ES module
// loader; the library is dist/index.mjs.
import { build } from 'esbuild';
import { packKb } from './kb-pack.mjs';
import { writeProject } from './bench/generate.mjs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false, legalComments: 'none' };

/**
 * Builtins that cost milliseconds to load and that a run often never touches, required on first use instead
 * of when the bundle starts: child_process (with net, dgram and streams) only for commander's executable
 * subcommands, which we have none of; crypto only for finding fingerprints (check, not harden); net only to
 * validate an IP in a port mapping. Each export becomes a getter that loads the real module.
 */
const LAZY_BUILTINS = ['node:child_process', 'node:crypto', 'node:net'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (!LAZY_BUILTINS.includes(args.path)) return undefined;
      return args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((n) => n !== 'default');
      const contents = `let m;
for (const k of ${JSON.stringify(names)}) Object.defineProperty(exports, k, { enumerable: true, get: () => (m ??= require(${JSON.stringify(args.path)}))[k] });`;
      return { contents, loader: 'js' };
    });
  },
};

/**
 * JSON data (the image knowledge base) as a JSON.parse of a string instead of an object literal: V8 parses
 * JSON faster than the equivalent JavaScript, and the code cache then holds a string, not a literal's boilerplate.
 */
const jsonParse = {
  name: 'json-parse',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.json$/ }, (args) => {
      const data = JSON.parse(readFileSync(args.path, 'utf8'));
      // The image knowledge base, packed: names now, each entry parsed on its first lookup (src/images/index.ts).
      // A literal of short arrays and strings: the code cache holds the strings, so nothing is parsed at start.
      if (/[\\/]src[\\/]images[\\/]kb\.json$/.test(args.path)) {
        return { contents: `export default ${JSON.stringify(packKb(data))};`, loader: 'js' };
      }
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, loader: 'js' };
    });
  },
};

await build({
  ...common,
  format: 'cjs',
  minify: true,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  plugins: [lazyBuiltins, jsonParse],
  define: { 'import.meta.url': '__chImportMetaUrl' },
  // The file is the function the launcher compiles, wrapper included: wrapping it at run time would build a
  // second 800 kB string on every start (and the young-generation collection that comes with it).
  banner: { js: '(function (exports, require, module, __filename, __dirname) {var __chImportMetaUrl=require("url").pathToFileURL(__filename).href;' },
  footer: { js: '\n})' },
});
// The launcher reads the bundle as Latin-1, which equals UTF-8 only for ASCII text (esbuild's default charset).
if (/[^\x00-\x7f]/.test(readFileSync('dist/cli.cjs', 'latin1'))) throw new Error('dist/cli.cjs is not ASCII: the launcher would misread it');
// The launcher names its code caches after the bundle's hash: V8 would take a cache made for another bundle of the same length.
const buildId = createHash('sha256').update(readFileSync('dist/cli.cjs')).digest('hex').slice(0, 16);
await build({ ...common, format: 'cjs', entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { __CH_BUILD_ID__: JSON.stringify(buildId) } });
if (existsSync('src/index.ts')) await build({ ...common, format: 'esm', entryPoints: ['src/index.ts'], outfile: 'dist/index.mjs', packages: 'external' });
// Warm each command's code cache with typical runs, so even the first real run starts fast: the first run of a
// command writes its cache, and each later one adds the functions it needed besides (the launcher rewrites the
// cache when told to refresh). `rules` warms the cache of the other commands.
// The examples show one unusual case each; everyday projects (anchors and merge keys, env files, healthchecks,
// limits) come from the benchmark's generator, with other seeds than the benchmark measures. All of them small:
// a cache written after a long run, in which V8 compiled many functions with its baseline compiler (Sparkplug),
// makes later runs slower (a check of 10 services warmed by one 200-service run executed 9% more instructions
// than warmed by a 10-service run; under --no-sparkplug both were the same). By the examples alone: 4% more.
const examples = existsSync('examples') ? readdirSync('examples').map((e) => [`examples/${e}/compose.yaml`]).filter(([f]) => existsSync(f)) : [];
const warmDir = mkdtempSync(join(tmpdir(), 'compose-harden-warm-'));
const everyday = [7, 11, 13].map((seed, i) => writeProject(join(warmDir, `seed-${seed}`), 10 + i, { seed }));
const dashF = (files) => files.flatMap((f) => ['-f', f]);
const projects = [...examples, ...everyday];
const warm = [
  ...projects.map((p) => ['check', '--no-drift', ...dashF(p)]),
  ...projects.map((p) => ['harden', '--dry-run', ...dashF(p)]),
  ...projects.map((p) => ['config', ...dashF(p)]),
  ['rules'],
];
const seen = new Set();
for (const args of warm) {
  try {
    // Without NODE_OPTIONS: the cache beside the bundle is the one for runs without Node options.
    const env = { ...process.env, NODE_OPTIONS: '', ...(seen.has(args[0]) ? { COMPOSE_HARDEN_REFRESH_CACHE: '1' } : {}) };
    seen.add(args[0]);
    execFileSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'ignore', env });
  } catch {
    /* findings exit 1: the cache is written all the same */
  }
}
rmSync(warmDir, { recursive: true, force: true });
