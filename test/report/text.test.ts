// --format text: grouped by file, `line:col severity CHnnn message`; colour only when asked for (the CLI asks on
// a TTY without NO_COLOR); the drift diff and fix after the findings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatText } from '../../src/report/formats/text.ts';
import { scenario } from './scenario.ts';

const s = scenario();
test.after(() => s.cleanup());

test('grouped by file, one line per finding, a summary', () => {
  const out = formatText(s.plain, { cwd: s.dir });
  const lines = out.split('\n');
  assert.is(lines[0], 'compose.yaml');
  for (const f of s.plain.findings) {
    assert.ok(lines.some((l) => l.startsWith(`  ${`${f.line}:${f.column}`.padEnd(8)} ${f.severity.padEnd(8)} ${f.rule}  ${f.service}: ${f.message}`)), `${f.rule} ${f.service}`);
  }
  assert.match(out, new RegExp(`${s.plain.findings.length} findings \\(.*\\); ${s.plain.findings.filter((f) => f.failing).length} at or above --fail-on low`));
  assert.match(out, /1 excused by x-compose-harden exceptions/);
  assert.not.match(out, /\x1b\[/);
});

test('paths are shown relative to where the command runs', () => {
  const out = formatText(s.plain, { cwd: '/' });
  assert.ok(out.startsWith(`${s.dir.slice(1)}/compose.yaml\n`), out.slice(0, 100));
});

test('colour only when asked for', () => {
  assert.match(formatText(s.rich, { cwd: s.dir, color: true }), /\x1b\[33mmedium/);
  assert.not.match(formatText(s.rich, { cwd: s.dir, color: false }), /\x1b\[/);
});

test('baseline and drift sections', () => {
  const out = formatText(s.rich, { cwd: s.dir });
  assert.match(out, new RegExp(`${s.rich.baselined.length} accepted by the baseline baseline.json`));
  assert.match(out, new RegExp(`${s.rich.baseline!.fixed.length} findings fixed since the baseline`));
  assert.match(out, /override drift: compose.override.yaml is not what compose-harden would write now/);
  assert.ok(out.includes(s.rich.drift!.diff.trimEnd()));
  assert.ok(out.trimEnd().endsWith(`run: ${s.rich.drift!.fix}`));
});

test.run();
