// The policy validator is compiled ahead of time; the committed module must match the schema.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdtempSync as mkdtemp, writeFileSync } from 'node:fs';
import committed from '../../src/policy/generated/policy-validator.js';

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

/** A document for each place the schema describes, holding each kind of value, so both valid and invalid ones occur. */
function documents(schema: Record<string, unknown>): unknown[] {
  const values: unknown[] = [true, 0, 2.5, -1, 'x', '', 'off', 'high', 'CH101', '512m', null, [], ['a'], ['a', 'a'], [1, 'b'], {}, { a: 1 }, { CH101: 'off' }];
  const out: unknown[] = [];
  const walk = (node: unknown, wrap: (v: unknown) => unknown, depth: number) => {
    if (node === null || typeof node !== 'object' || depth > 6) return;
    const n = node as Record<string, unknown>;
    for (const v of values) out.push(wrap(v));
    for (const [k, sub] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) walk(sub, (v) => wrap({ [k]: v }), depth + 1);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') walk(n.additionalProperties, (v) => wrap({ CH101: v, web: v }), depth + 1);
    if (n.items && typeof n.items === 'object') walk(n.items, (v) => wrap([v]), depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const sub of (n[key] ?? []) as unknown[]) walk(sub, wrap, depth + 1);
  };
  walk(schema, (v) => v, 0);
  return out;
}

// The committed module's schema literal is cut down to what its code reads (pruneSchemaConstants): it must
// answer exactly like ajv's untouched output, verdict and every error's fields.
test('pruned schema literal: same verdicts and errors as ajv\'s own standalone code', async () => {
  const mod = (await import(pathToFileURL(join(ROOT, 'scripts/build-policy-validator.mjs')).href)) as { policyValidatorCode: (o: { prune: boolean }) => string };
  const dir = mkdtemp(join(tmpdir(), 'ch-policy-raw-'));
  try {
    const file = join(dir, 'raw.mjs');
    writeFileSync(file, mod.policyValidatorCode({ prune: false }));
    const raw = ((await import(pathToFileURL(file).href)) as { default: typeof committed }).default;
    const docs = documents(JSON.parse(readFileSync(join(ROOT, 'schemas/policy.schema.json'), 'utf8')) as Record<string, unknown>);
    let invalid = 0;
    for (const doc of docs) {
      const a = committed(doc);
      const b = raw(doc);
      if (!b) invalid++;
      assert.is(a, b, JSON.stringify(doc));
      assert.is(JSON.stringify(committed.errors), JSON.stringify(raw.errors), JSON.stringify(doc));
    }
    assert.ok(docs.length > 500 && invalid > 300 && docs.length - invalid > 50, `${docs.length} documents, ${invalid} invalid`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
