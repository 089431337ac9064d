// The baseline round trip: write it from a run, read it back, accept exactly those findings (even after lines
// move), fail on new ones, report fixed ones; a broken baseline is bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineText, compareWithBaseline, parseBaseline, readBaseline, type BaselineEntry } from '../../src/baseline/baseline.ts';
import { checkWithDrift } from '../../src/drift/check.ts';
import { InputError } from '../../src/model/errors.ts';
import { buildCheckReport, type CheckReport } from '../../src/report/formats/model.ts';
import { BASE, removeProject, tmpProject, writeFiles } from '../drift/tmp-project.ts';

function report(dir: string, baseline?: { file: string; data: ReturnType<typeof parseBaseline> }): CheckReport {
  const run = checkWithDrift({ load: { cwd: dir, env: {} }, fixCommand: () => 'x' });
  return buildCheckReport(run, { failOn: 'low', root: run.root, baseline });
}

const entries = (r: CheckReport): BaselineEntry[] =>
  r.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, service: f.service, file: f.file ?? '', path: f.path.join('.'), key: f.key, message: f.message }));

test('round trip: every current finding is accepted, nothing fails, nothing is fixed', () => {
  const dir = tmpProject({ 'compose.yaml': BASE });
  try {
    const before = report(dir);
    assert.ok(before.findings.some((f) => f.failing));
    const text = baselineText(entries(before));
    assert.is(baselineText(parseBaseline(text, 'b.json').findings), text, 'stable text');
    const after = report(dir, { file: 'b.json', data: parseBaseline(text, 'b.json') });
    assert.is(after.findings.length, 0);
    assert.is(after.baselined.length, before.findings.length);
    assert.equal(after.baseline?.fixed, []);
    assert.is(after.exitCode, 0);
  } finally {
    removeProject(dir);
  }
});

test('after lines move a baselined finding stays accepted; a new one fails; a fixed one is reported', () => {
  const dir = tmpProject({ 'compose.yaml': BASE });
  try {
    const data = parseBaseline(baselineText(entries(report(dir))), 'b.json');
    // Comment lines on top move everything; cache gains a user (fixes its CH101); a new service appears.
    writeFiles(dir, { 'compose.yaml': `# moved\n# down\n${BASE.replace('    image: redis:7\n', '    image: redis:7\n    user: "999:999"\n')}  worker:\n    image: nginx:1.27\n` });
    const r = report(dir, { file: 'b.json', data });
    assert.ok(r.findings.length > 0);
    assert.ok(r.findings.every((f) => f.service === 'worker'), r.findings.map((f) => `${f.service} ${f.rule}`).join(', '));
    assert.ok(r.baselined.some((f) => f.service === 'web' && f.rule === 'CH101'));
    assert.equal(r.baseline?.fixed.map((e) => [e.service, e.rule]), [['cache', 'CH101']]);
    assert.is(r.exitCode, 1);
  } finally {
    removeProject(dir);
  }
});

test('compareWithBaseline matches on fingerprints only', () => {
  const e = (fingerprint: string): BaselineEntry => ({ fingerprint, rule: 'CH101', file: 'f', path: 'p', message: 'm' });
  const { accepted, fixed } = compareWithBaseline([{ fingerprint: 'a:1' }, { fingerprint: 'c:1' }], { version: 1, findings: [e('a:1'), e('b:1')] });
  assert.equal([...accepted], ['a:1']);
  assert.equal(fixed.map((x) => x.fingerprint), ['b:1']);
});

test('a missing or malformed baseline is bad input with the file named', () => {
  const dir = tmpProject({});
  try {
    assert.throws(() => readBaseline(join(dir, 'none.json')), (e: Error) => e instanceof InputError && /baseline not found.*--update-baseline/.test(e.message));
    const bad = join(dir, 'bad.json');
    for (const text of ['{', '[]', '{"version": 2, "findings": []}', '{"version": 1}', '{"version": 1, "findings": [{"rule": "CH101"}]}']) {
      writeFileSync(bad, text);
      assert.throws(() => readBaseline(bad), (e: Error) => e instanceof InputError && e.message.startsWith(bad), text);
    }
  } finally {
    removeProject(dir);
  }
});

test.run();
