import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8'));

test('policy schema is a valid draft-07 schema (run time skips this check)', () => {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  const validate = ajv.compile(schema);
  assert.ok(validate({ rules: { CH101: 'high', CH201: false, CH301: { enabled: true, severity: 'low' } }, limits: { cpus: 1.5 } }));
  assert.not.ok(validate({ rules: { CH101: 'loud' } }));
});

test.run();
