// Bundles the CLI into one file so Node resolves no module tree at start-up.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', sourcemap: false };
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __chCreateRequire } from 'node:module'; const require = __chCreateRequire(import.meta.url);" },
});
if (existsSync('src/index.ts')) await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', packages: 'external' });
