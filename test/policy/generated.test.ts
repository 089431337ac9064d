// The policy validator is compiled ahead of time; the committed module must match the schema.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

test('src/policy/generated/policy-validator.js is up to date with schemas/policy.schema.json', () => {
  const out = mkdtempSync(join(tmpdir(), 'ch-policy-'));
  try {
    execFileSync(process.execPath, ['scripts/build-policy-validator.mjs', '--out', out], { cwd: ROOT });
    for (const f of ['policy-validator.js', 'policy-validator.d.ts']) {
      assert.is(readFileSync(join(out, f), 'utf8'), readFileSync(join(ROOT, 'src/policy/generated', f), 'utf8'), `${f} is stale: run node scripts/build-policy-validator.mjs`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
