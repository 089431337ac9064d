// Fingerprints name what a finding is, not where it sits: moving lines, reordering services, changing a
// secret's value or running from another folder leaves them unchanged; rule, file, path and key change them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintBase, fingerprintFindings, repoRoot, rootRelative } from '../../src/baseline/fingerprint.ts';
import { checkWithDrift } from '../../src/drift/check.ts';
import type { Finding } from '../../src/rules/types.ts';
import { removeProject, tmpProject, writeFiles } from '../drift/tmp-project.ts';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    environment:
      SESSION_SECRET: fp-canary-value-1111
    ports:
      - "8080:80"
  db:
    image: postgres:16
`;

/** Same services, other lines: a comment block on top, services swapped, keys reordered, another value. */
const MOVED = `# a long comment
# that moves every line
services:
  db:
    image: postgres:16

  web:
    ports:
      - "8080:80"
    environment:
      SESSION_SECRET: fp-canary-value-2222-changed
    image: nginx:1.27
`;

function prints(dir: string, cwd = dir): Map<string, { fp: string; line?: number }> {
  const run = checkWithDrift({ load: { cwd, env: {}, files: [join(dir, 'compose.yaml')] }, fixCommand: () => 'x' });
  const fps = fingerprintFindings(run.result.findings, run.project, run.root);
  return new Map(run.result.findings.map((f, i) => [`${f.rule} ${f.service} ${f.path.join('.')} ${f.key ?? ''}`, { fp: fps[i], line: f.loc?.line }]));
}

test('fingerprints survive moved lines, reordered services and keys, and changed values', () => {
  const dir = tmpProject({ 'compose.yaml': COMPOSE });
  try {
    const a = prints(dir);
    writeFiles(dir, { 'compose.yaml': MOVED });
    const b = prints(dir);
    assert.equal([...a.keys()].sort(), [...b.keys()].sort(), 'the same findings');
    assert.ok(a.size > 5);
    let moved = 0;
    for (const [k, v] of a) {
      assert.is(b.get(k)!.fp, v.fp, k);
      if (b.get(k)!.line !== v.line) moved++;
    }
    assert.ok(moved > 5, 'lines really moved');
    assert.ok([...a.keys()].some((k) => k.startsWith('CH401 web')), 'the secret finding is among them');
  } finally {
    removeProject(dir);
  }
});

test('paths are relative to the repository root, so the folder a check runs from does not matter', () => {
  const repo = tmpProject({ 'deploy/compose.yaml': COMPOSE });
  try {
    mkdirSync(join(repo, '.git'));
    const dir = join(repo, 'deploy');
    assert.is(repoRoot(dir), repo);
    assert.is(rootRelative(join(dir, 'compose.yaml'), repo), 'deploy/compose.yaml');
    const fromRoot = prints(dir, repo);
    const fromDir = prints(dir, dir);
    for (const [k, v] of fromRoot) assert.is(fromDir.get(k)!.fp, v.fp);
  } finally {
    removeProject(repo);
  }
});

test('rule, file, path and key each change the fingerprint; the message does not take part', () => {
  const base = { rule: 'CH101', file: 'compose.yaml', path: ['services', 'web'], key: undefined as string | undefined };
  const fp = fingerprintBase(base);
  assert.match(fp, /^[0-9a-f]{32}$/);
  assert.is.not(fingerprintBase({ ...base, rule: 'CH102' }), fp);
  assert.is.not(fingerprintBase({ ...base, file: 'other.yaml' }), fp);
  assert.is.not(fingerprintBase({ ...base, path: ['services', 'db'] }), fp);
  assert.is.not(fingerprintBase({ ...base, key: 'X' }), fp);
  // Joining must not make different paths equal.
  assert.is.not(fingerprintBase({ ...base, path: ['a.b', 'c'] }), fingerprintBase({ ...base, path: ['a', 'b.c'] }));
});

test('identical findings get ordinals in order, never random suffixes', () => {
  const f: Finding = { rule: 'CH401', severity: 'high', service: 'web', message: 'm', path: ['services', 'web', 'environment'], key: 'A', loc: { file: '/r/compose.yaml', line: 3, col: 1 } };
  const project = { services: {}, disabledServices: {}, files: ['/r/compose.yaml'] } as never;
  const fps = fingerprintFindings([f, { ...f, message: 'other' }, { ...f, key: 'B' }], project, '/r');
  const [h] = fps[0].split(':');
  assert.equal(fps.slice(0, 2), [`${h}:1`, `${h}:2`]);
  assert.ok(fps[2].endsWith(':1') && !fps[2].startsWith(h));
  assert.equal(fingerprintFindings([f, f], project, '/r'), fps.slice(0, 2));
});

test.run();
