// `compose-harden init`: a starter policy that the schema it points at accepts, equal to the defaults, with a
// modeline that resolves to the shipped schema from where the file is written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { schemaReference, starterPolicy } from '../../src/cli/init.ts';
import { defaultPolicy } from '../../src/policy/defaults.ts';
import { parsePolicy } from '../../src/policy/load.ts';
import { removeProject, tmpProject } from '../drift/tmp-project.ts';
import { cli } from './check-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCHEMA = join(ROOT, 'schemas/policy.schema.json');

test('the starter policy is valid against the policy schema and equals the defaults', () => {
  const text = starterPolicy('./x.json');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
  const { source, ...policy } = parsePolicy(text, '/p/.compose-harden.yml');
  assert.is(source, '/p/.compose-harden.yml');
  assert.equal(policy, defaultPolicy());
  assert.is(text.split('\n')[0], '# yaml-language-server: $schema=./x.json');
});

test('the modeline points at the schema shipped in schemas/, relative to the policy file', () => {
  const inRepo = join(ROOT, 'examples/webapp');
  const ref = schemaReference(inRepo);
  assert.is(ref, '../../schemas/policy.schema.json');
  assert.is(resolve(inRepo, ref), SCHEMA);
  const dir = tmpProject({});
  try {
    assert.is(schemaReference(dir), './node_modules/compose-harden/schemas/policy.schema.json', 'where a local install puts it');
    const installed = join(dir, 'node_modules/compose-harden/schemas/policy.schema.json');
    mkdirSync(dirname(installed), { recursive: true });
    cpSync(SCHEMA, installed);
    mkdirSync(join(dir, 'deploy'));
    assert.is(schemaReference(join(dir, 'deploy')), '../node_modules/compose-harden/schemas/policy.schema.json');
  } finally {
    removeProject(dir);
  }
});

test('init writes .compose-harden.yml, refuses to overwrite, --force does; check then uses it', () => {
  const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  try {
    const r = cli(['init'], dir);
    assert.is(r.code, 0, r.stderr);
    const path = join(dir, '.compose-harden.yml');
    assert.match(readFileSync(path, 'utf8'), /^# yaml-language-server: \$schema=\S+policy\.schema\.json\n/);
    const again = cli(['init'], dir);
    assert.is(again.code, 2);
    assert.match(again.stderr, /already exists; --force overwrites it/);
    writeFileSync(path, readFileSync(path, 'utf8').replace('rules: {}', 'rules: { CH101: off }'));
    assert.not.match(cli(['check'], dir).stdout, /CH101/, 'check reads the policy');
    assert.is(cli(['init', '--force'], dir).code, 0);
    assert.match(cli(['check'], dir).stdout, /CH101/);
  } finally {
    removeProject(dir);
  }
});

test.run();
