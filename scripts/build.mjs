// Bundles the CLI into one CommonJS file run through V8's code cache by a small launcher (src/cli/launcher.ts):
// Node resolves no module tree and, after the first run, compiles almost nothing. Commands load their heavy
// code through dynamic imports, which esbuild keeps lazy inside the bundle; minified, there is less to read.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false, legalComments: 'none' };
await build({
  ...common,
  format: 'cjs',
  minify: true,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.cjs',
  define: { 'import.meta.url': '__chImportMetaUrl' },
  banner: { js: 'var __chImportMetaUrl=require("url").pathToFileURL(__filename).href;' },
});
await build({ ...common, format: 'esm', entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
if (existsSync('src/index.ts')) await build({ ...common, format: 'esm', entryPoints: ['src/index.ts'], outfile: 'dist/index.js', packages: 'external' });
// Warm the code cache with a typical run, so even the first real run starts fast.
if (existsSync('examples/webapp/compose.yaml')) {
  try {
    execFileSync(process.execPath, ['dist/cli.js', 'check', '--no-drift', '-f', 'examples/webapp/compose.yaml'], { stdio: 'ignore' });
  } catch {
    /* findings exit 1: the cache is written all the same */
  }
}
