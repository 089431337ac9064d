// Start-up cost is mostly code loaded: a plain `check` must not load harden's stages (checked on the static
// import graph esbuild sees; dynamic imports are the lazy edges), and the built CLI loads none of the builtins
// that cost milliseconds (child_process, crypto, net, streams) on an ordinary run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build, type Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');

async function staticClosure(entry: string): Promise<Set<string>> {
  const r = await build({ entryPoints: [ROOT + entry], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent', absWorkingDir: ROOT, external: ['node:*'] });
  const inputs = (r.metafile as Metafile).inputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of inputs[file]?.imports ?? []) if (i.kind === 'import-statement' && (i.external || inputs[i.path])) visit(i.path);
  };
  visit(entry);
  return seen;
}

test('a check without an override loads no stage of harden', async () => {
  const files = await staticClosure('src/cli/check-run.ts');
  for (const heavy of ['src/harden.ts', 'src/plan/plan.ts', 'src/override/render.ts', 'src/override/verify.ts', 'src/report/harden-report.ts', 'src/drift/check.ts']) {
    assert.not.ok(files.has(heavy), `check-run.ts imports ${heavy} statically`);
  }
  assert.not.ok([...files].some((f) => f.includes('node_modules/diff/')), 'check-run.ts imports the diff library statically');
});

test('check and harden runs load no costly builtin: child_process, crypto, net, streams, tty', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ch-lazy-'));
  try {
    const preload = join(dir, 'modules.cjs');
    writeFileSync(preload, `const before = new Set(process.moduleLoadList);
process.on('exit', () => require('fs').writeSync(2, '\\nMODULES ' + JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))) + '\\n'));`);
    const example = join(ROOT, 'examples/webapp/compose.yaml');
    for (const args of [['check', '--no-drift', '-f', example], ['harden', '--dry-run', '-f', example], ['config', '-f', example]]) {
      const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
      assert.ok(r.status === 0 || r.status === 1, `${args[0]}: exit ${r.status} ${r.stderr}`);
      const loaded: string[] = JSON.parse(/MODULES (.*)/.exec(r.stderr)![1]);
      for (const name of ['child_process', 'crypto', 'net', 'stream', 'tty']) {
        assert.not.ok(loaded.includes(`NativeModule ${name}`), `${args[0]} loaded node:${name}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
