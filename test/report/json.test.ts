// --format json is valid against schemas/findings.schema.json, byte-stable from run to run, and holds no
// machine-specific paths.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { formatJson } from '../../src/report/formats/json.ts';
import { scenario } from './scenario.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/findings.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

const s = scenario();
test.after(() => s.cleanup());

for (const [name, r] of [
  ['plain', () => s.plain],
  ['with baseline, exception and drift', () => s.rich],
] as const) {
  test(`json report (${name}) is valid against the schema`, () => {
    const data = JSON.parse(formatJson(r()));
    assert.ok(validate(data), JSON.stringify(validate.errors, null, 2));
  });
}

test('the rich report uses every part of the schema', () => {
  const d = JSON.parse(formatJson(s.rich));
  assert.ok(d.findings.length && d.suppressed.length && d.baselined.length && d.fixedSinceBaseline.length);
  assert.is(d.drift.status, 'drifted');
  assert.is(d.exitCode, 1);
  assert.is(d.summary.failing, d.findings.filter((f: { failing: boolean }) => f.failing).length);
  assert.ok(d.findings.some((f: { failing: boolean }) => !f.failing), 'findings below --fail-on medium are listed, not failing');
});

test('the schema rejects what the report never writes', () => {
  const d = JSON.parse(formatJson(s.plain));
  assert.not.ok(validate({ ...d, extra: 1 }));
  assert.not.ok(validate({ ...d, findings: [{ ...d.findings[0], line: 0 }] }));
  assert.not.ok(validate({ ...d, findings: [{ ...d.findings[0], fingerprint: '12:1' }] }));
});

test('no absolute or temp paths; the same project gives the same bytes', () => {
  const text = formatJson(s.plain);
  assert.not.ok(text.includes(s.dir), 'paths are relative to the project/repository root');
  const again = scenario();
  try {
    assert.is(formatJson(again.plain).replace(/"project": "[^"]*"/, ''), text.replace(/"project": "[^"]*"/, ''));
  } finally {
    again.cleanup();
  }
});

test.run();
