import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/model/errors.ts';
import { defaultPolicy, findPolicyFile, loadPolicy, parsePolicy } from '../../src/policy/index.ts';

const F = '/repo/.compose-harden.yml';

function lines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.lines();
    throw e;
  }
  throw new Error('expected an InputError');
}

test('defaults', () => {
  const p = defaultPolicy();
  assert.equal(p.limits, { memory: '512m', cpus: '1.0', pids: 200 });
  assert.equal(p.logging, { maxSize: '50m', maxFile: '3' });
  assert.is(p.strict, false);
  assert.equal(p.fix, []);
  assert.equal(p.allowedRegistries, []);
  assert.is.not(defaultPolicy().limits, p.limits, 'a fresh object every time');
});

test('an empty file gives the defaults, with its source', () => {
  assert.equal(parsePolicy('', F), { ...defaultPolicy(), source: F });
  assert.equal(parsePolicy('# only a comment\n', F), { ...defaultPolicy(), source: F });
});

test('a full policy merges over the defaults', () => {
  const p = parsePolicy(
    [
      '# yaml-language-server: $schema=./node_modules/compose-harden/schemas/policy.schema.json',
      'rules:',
      '  CH201: off',
      '  ch702: false',
      '  CH101: high',
      '  CH103: {severity: low}',
      'strict: true',
      'fix: [ch804, CH605]',
      'limits: {memory: 1g, cpus: 2}',
      'logging: {maxFile: 5, driver: json-file}',
      'publicPorts: ["web:443", 80]',
      'internetServices: [app]',
      'secretNames: {patterns: ["^MY_"]}',
      'images:',
      '  myorg/api: {user: "1000:1000", writablePaths: [/app/cache], capAdd: [NET_BIND_SERVICE], readOnly: true}',
      'allowedRegistries: [docker.io/library, ghcr.io/myorg]',
      'dockerGid: 998',
    ].join('\n'),
    F,
  );
  assert.equal(p.rules, { CH201: { enabled: false }, CH702: { enabled: false }, CH101: { severity: 'high' }, CH103: { severity: 'low' } });
  assert.is(p.strict, true);
  assert.equal(p.fix, ['CH804', 'CH605']);
  assert.equal(p.limits, { memory: '1g', cpus: '2', pids: 200 });
  assert.equal(p.logging, { maxSize: '50m', maxFile: '5', driver: 'json-file' });
  assert.equal(p.publicPorts, ['web:443', '80']);
  assert.equal(p.internetServices, ['app']);
  assert.equal(p.secretNames, { patterns: ['^MY_'], ignore: [] });
  assert.equal(p.images['myorg/api'], { user: '1000:1000', writablePaths: ['/app/cache'], capAdd: ['NET_BIND_SERVICE'], readOnly: true });
  assert.equal(p.allowedRegistries, ['docker.io/library', 'ghcr.io/myorg']);
  assert.is(p.dockerGid, 998);
});

test('schema errors: every problem, each at the offending key or value', () => {
  const text = ['strict: yes please', 'limitz: {}', 'limits:', '  memory: lots', '  pids: 0', 'rules:', '  CH101: loud', '  rule1: off'].join('\n');
  assert.equal(lines(() => parsePolicy(text, F)), [
    `${F}:1:9: policy strict: must be boolean`,
    `${F}:2:1: policy the policy: unknown key "limitz"`,
    `${F}:4:11: policy limits.memory: has an unexpected format`,
    `${F}:5:9: policy limits.pids: must be >= 1`,
    `${F}:7:10: policy rules.CH101: must be true/false, "on"/"off", a severity, or {enabled, severity}`,
    `${F}:8:3: policy rules: "rule1" is not a rule id (CHnnn)`,
  ]);
});

test('unknown rule ids are rejected where they are written', () => {
  assert.equal(lines(() => parsePolicy('rules:\n  CH999: off\nfix: [CH101, ch998]\n', F)), [
    `${F}:2:10: policy rules: unknown rule "CH999"`,
    `${F}:3:14: policy fix: unknown rule "ch998"`,
  ]);
});

test('nested unknown keys point at the key', () => {
  assert.equal(lines(() => parsePolicy('images:\n  myorg/api:\n    usr: "1000"\n', F)), [`${F}:3:5: policy images.myorg/api: unknown key "usr"`]);
});

test('YAML syntax errors are located and never echo the source line', () => {
  const out = lines(() => parsePolicy('strict: true\nlimits: {memory: "1g"\nfix: []\n', F));
  assert.ok(out.length >= 1);
  assert.match(out[0], /^\/repo\/\.compose-harden\.yml:\d+:\d+: policy is not valid YAML \(/);
  assert.not.ok(out.join('\n').includes('memory: "1g"'));
  assert.match(lines(() => parsePolicy('strict: true\nstrict: false\n', F))[0], `${F}:2:1: policy is not valid YAML (duplicate key)`);
});

test('the top level must be a mapping', () => {
  assert.equal(lines(() => parsePolicy('- CH101\n', F)), [`${F}:1:1: policy the policy: must be object`]);
});

let root = '';
test.before.each(() => {
  root = mkdtempSync(join(tmpdir(), 'ch-policy-'));
});
test.after.each(() => {
  rmSync(root, { recursive: true, force: true });
});

test('discovery: nearest file upwards from the project directory', () => {
  mkdirSync(join(root, 'repo/.git'), { recursive: true });
  mkdirSync(join(root, 'repo/apps/web'), { recursive: true });
  writeFileSync(join(root, 'repo/.compose-harden.yaml'), 'strict: true\n');
  const p = loadPolicy(join(root, 'repo/apps/web'));
  assert.is(p.strict, true);
  assert.is(p.source, join(root, 'repo/.compose-harden.yaml'));
  writeFileSync(join(root, 'repo/apps/.compose-harden.yml'), 'limits: {pids: 50}\n');
  const q = loadPolicy(join(root, 'repo/apps/web'));
  assert.is(q.strict, false, 'the nearest file wins, without merging parents');
  assert.is(q.limits.pids, 50);
});

test('discovery stops at the repository root', () => {
  writeFileSync(join(root, '.compose-harden.yml'), 'strict: true\n');
  mkdirSync(join(root, 'repo/.git'), { recursive: true });
  mkdirSync(join(root, 'repo/svc'), { recursive: true });
  assert.is(findPolicyFile(join(root, 'repo/svc')), undefined);
  assert.equal(loadPolicy(join(root, 'repo/svc')), defaultPolicy());
});

test('two spellings in one directory are an error', () => {
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.compose-harden.yml'), '');
  writeFileSync(join(root, '.compose-harden.yaml'), '');
  assert.match(lines(() => loadPolicy(root))[0], 'keep one policy file');
});

test('an explicit path wins; a missing one is an error', () => {
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.compose-harden.yml'), 'strict: true\n');
  writeFileSync(join(root, 'ci-policy.yml'), 'fix: [CH201]\n');
  const p = loadPolicy(root, join(root, 'ci-policy.yml'));
  assert.equal([p.strict, p.fix, p.source], [false, ['CH201'], join(root, 'ci-policy.yml')]);
  assert.match(lines(() => loadPolicy(root, join(root, 'nope.yml')))[0], 'policy file not found');
});

test('errors from a discovered file name that file', () => {
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.compose-harden.yml'), 'strict: 1\n');
  assert.equal(lines(() => loadPolicy(root)), [`${join(root, '.compose-harden.yml')}:1:9: policy strict: must be boolean`]);
});

test.run();
