// The drift check: the committed override against what `harden` would write now, for generated overrides
// (compared with a fresh generation) and for overrides the user wrote (nothing may be left to add).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWithDrift, isGenerated, type CheckRun } from '../../src/drift/check.ts';
import { harden } from '../../src/harden.ts';
import { buildCheckReport } from '../../src/report/formats/model.ts';
import { BASE, hardenProject, removeProject, tmpProject, writeFiles } from './tmp-project.ts';

const FIX = 'compose-harden harden';
const run = (dir: string, extra: { override?: string; drift?: boolean } = {}): CheckRun =>
  checkWithDrift({ load: { cwd: dir, env: {} }, fixCommand: () => FIX, ...extra });

function withProject(name: string, fn: (dir: string) => void): void {
  test(name, () => {
    const dir = tmpProject({ 'compose.yaml': BASE });
    try {
      fn(dir);
    } finally {
      removeProject(dir);
    }
  });
}

const addedLines = (diff: string) => diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
const removedLines = (diff: string) => diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));

withProject('a freshly generated override is up to date, and what it fixes is not a finding', (dir) => {
  const before = run(dir);
  assert.is(before.drift, undefined, 'no override yet: nothing to compare');
  assert.ok(before.result.findings.some((f) => f.rule === 'CH101' && f.service === 'web'));
  const path = hardenProject(dir);
  assert.ok(isGenerated(readFileSync(path, 'utf8')));
  const after = run(dir);
  assert.is(after.drift?.status, 'up-to-date');
  assert.is(after.drift?.diff, '');
  assert.not.ok(after.result.findings.some((f) => f.rule === 'CH101'), 'the override fixes CH101');
  assert.ok(after.result.findings.length < before.result.findings.length);
});

withProject('hand-edited generated override: drift, with the diff back to the generated text and the fix', (dir) => {
  const path = hardenProject(dir);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('memory: 512m', 'memory: 2g'));
  const d = run(dir).drift!;
  assert.is(d.status, 'drifted');
  assert.ok(d.diff.startsWith('--- a/compose.override.yaml\n+++ b/compose.override.yaml\n'), d.diff.slice(0, 80));
  assert.ok(removedLines(d.diff).some((l) => l.includes('memory: 2g')), d.diff);
  assert.ok(addedLines(d.diff).some((l) => l.includes('memory: 512m')), d.diff);
  assert.is(d.fix, 'rm compose.override.yaml && compose-harden harden');
});

withProject('hand edit that removes a hardening key is drift too', (dir) => {
  const path = hardenProject(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n {4}read_only: true/, ''));
  const r = run(dir);
  assert.is(r.drift?.status, 'drifted');
  assert.ok(addedLines(r.drift!.diff).some((l) => l.includes('read_only: true')));
  assert.ok(r.result.findings.some((f) => f.rule === 'CH201'), 'the project as loaded has a writable root again');
});

withProject('a new unhardened service: drift listing its hardening', (dir) => {
  hardenProject(dir);
  writeFiles(dir, { 'compose.yaml': `${BASE}  worker:\n    image: nginx:1.27\n` });
  const r = run(dir);
  assert.is(r.drift?.status, 'drifted');
  assert.ok(addedLines(r.drift!.diff).some((l) => l === '+  worker:'), r.drift!.diff);
  assert.ok(r.result.findings.some((f) => f.service === 'worker' && f.rule === 'CH101'));
});

withProject('a removed service still in the override: stale, located, and the project is still judged', (dir) => {
  const path = hardenProject(dir);
  writeFiles(dir, { 'compose.yaml': BASE.replace('  cache:\n    image: redis:7\n', '') });
  const r = run(dir);
  const d = r.drift!;
  assert.is(d.status, 'stale');
  assert.equal(
    d.stale.map((s) => [s.kind, s.name]),
    [['service', 'cache']],
  );
  const line = readFileSync(path, 'utf8').split('\n').indexOf('  cache:') + 1;
  assert.equal(d.stale[0].loc, { file: path, line, col: 3 });
  assert.ok(removedLines(d.diff).some((l) => l === '-  cache:'));
  assert.not.ok(addedLines(d.diff).length, 'only removals');
  assert.equal(Object.keys(r.project.services), ['web']);
  assert.is(buildCheckReport(r, { failOn: 'low', root: r.root }).drift?.advice, 'compose.override.yaml names service cache, which the project no longer defines; regenerate it with: rm compose.override.yaml && compose-harden harden');
});

withProject('a changed image that needs other tmpfs paths and another healthcheck: drift', (dir) => {
  hardenProject(dir);
  writeFiles(dir, { 'compose.yaml': BASE.replace('redis:7', 'postgres:16') });
  const d = run(dir).drift!;
  assert.is(d.status, 'drifted');
  assert.ok(addedLines(d.diff).some((l) => l.includes('/var/run/postgresql')), d.diff);
  assert.ok(removedLines(d.diff).some((l) => l.includes('redis-cli')), d.diff);
});

withProject('the options of the Regenerate line are used: a --strict override is not drift', (dir) => {
  const r = harden({ load: { cwd: dir, env: {} }, strict: true, command: 'compose-harden harden --strict' });
  writeFileSync(r.target.path, r.overrideText);
  const plain = harden({ load: { cwd: dir, env: {}, files: [join(dir, 'compose.yaml')] }, output: join(dir, 'elsewhere.yaml'), command: 'compose-harden harden' });
  assert.is.not(plain.overrideText.replace(/^# Regenerate.*$/m, ''), r.overrideText.replace(/^# Regenerate.*$/m, ''), '--strict changes the override here');
  const d = run(dir).drift!;
  assert.is(d.status, 'up-to-date', d.diff);
  assert.is(d.fix, 'rm compose.override.yaml && compose-harden harden --strict');
});

withProject('Windows line endings in the committed override are not drift', (dir) => {
  const path = hardenProject(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
  assert.is(run(dir).drift?.status, 'up-to-date');
});

withProject('an override the user wrote: drift while harden would add to it, up to date once it did', (dir) => {
  writeFiles(dir, { 'compose.override.yaml': '# my local settings\nservices:\n  web:\n    environment:\n      DEBUG: "1"\n' });
  const d = run(dir).drift!;
  assert.is(d.status, 'drifted');
  assert.is(d.fix, FIX, 'harden merges into a file it did not generate');
  assert.ok(d.diff.includes(' # my local settings') || d.diff.includes('DEBUG'), 'the diff keeps the user content as context');
  assert.not.ok(removedLines(d.diff).length, 'harden only adds to a user override');
  hardenProject(dir);
  const after = readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
  assert.ok(after.includes('DEBUG: "1"') && after.includes('# my local settings'));
  assert.is(run(dir).drift?.status, 'up-to-date');
});

withProject('a user override naming a removed service is stale, not a load error', (dir) => {
  writeFiles(dir, { 'compose.override.yaml': 'services:\n  web:\n    read_only: true\n  gone:\n    read_only: true\n' });
  const r = run(dir);
  assert.is(r.drift?.status, 'stale');
  assert.equal(r.drift?.stale.map((s) => s.name), ['gone']);
  assert.is(r.drift?.fix, FIX);
  assert.is(buildCheckReport(r, { failOn: 'low', root: r.root }).drift?.advice, 'compose.override.yaml names service gone, which the project no longer defines; delete it from compose.override.yaml (the diff shows how), then run: compose-harden harden');
});

withProject('networks that no longer exist: attached in a service, or left over at the top level', (dir) => {
  writeFiles(dir, {
    'compose.yaml': `${BASE}networks:\n  front: {}\n`,
    'compose.override.yaml': 'services:\n  web:\n    networks:\n      - front\n      - backend\nnetworks:\n  front:\n    internal: false\n  old:\n    internal: true\n',
  });
  const d = run(dir).drift!;
  assert.is(d.status, 'stale');
  assert.equal(
    d.stale.map((s) => [s.kind, s.name, s.service ?? '']),
    [
      ['network', 'backend', 'web'],
      ['network', 'old', ''],
    ],
  );
  assert.ok(removedLines(d.diff).some((l) => l.includes('- backend')));
  assert.ok(removedLines(d.diff).some((l) => l.includes('old:')));
  assert.not.ok(removedLines(d.diff).some((l) => l.includes('front')), 'front still exists');
});

withProject('--override PATH that does not exist: missing, diffed from /dev/null', (dir) => {
  const d = run(dir, { override: 'hardening.yaml' }).drift!;
  assert.is(d.status, 'missing');
  assert.ok(d.diff.startsWith('--- /dev/null\n+++ b/hardening.yaml\n'));
  assert.ok(addedLines(d.diff).some((l) => l.includes('Regenerate with: compose-harden harden')));
});

withProject('--override PATH Compose would not load by itself is loaded and compared', (dir) => {
  hardenProject(dir, join(dir, 'hardening.yaml'));
  const r = run(dir, { override: 'hardening.yaml' });
  assert.is(r.drift?.status, 'up-to-date');
  assert.not.ok(r.result.findings.some((f) => f.rule === 'CH101'), 'findings are judged with the override loaded');
  const plain = run(dir);
  assert.is(plain.drift, undefined, 'without --override the file is not part of the project');
  assert.ok(plain.result.findings.some((f) => f.rule === 'CH101'));
});

withProject('--no-drift skips the comparison', (dir) => {
  const path = hardenProject(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace('memory: 512m', 'memory: 2g'));
  assert.is(run(dir, { drift: false }).drift, undefined);
});

test.run();
