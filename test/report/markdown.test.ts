// --format markdown: a PR comment with the summary table, the findings, and the drift diff collapsed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cell, formatMarkdown, MAX_ROWS } from '../../src/report/formats/markdown.ts';
import type { CheckReport, ReportFinding } from '../../src/report/formats/model.ts';
import { scenario } from './scenario.ts';

const s = scenario();
test.after(() => s.cleanup());

test('summary table counts every severity, with the failing ones', () => {
  const md = formatMarkdown(s.rich);
  assert.match(md, /^## compose-harden: shop — ❌ failed\n/);
  for (const sev of ['critical', 'high', 'medium', 'low', 'info']) {
    const list = s.rich.findings.filter((f) => f.severity === sev);
    assert.ok(md.includes(`| ${sev} | ${list.length} | ${list.filter((f) => f.failing).length} |`), sev);
  }
  assert.match(md, new RegExp(`${s.rich.baselined.length} accepted by the baseline`));
  assert.match(md, new RegExp(`${s.rich.baseline!.fixed.length} fixed since the baseline`));
});

test('one table row per finding, linking the rule page', () => {
  const md = formatMarkdown(s.rich);
  const rows = md.split('\n').filter((l) => /^\| (❌|⚠️) \|/.test(l));
  assert.is(rows.length, s.rich.findings.length);
  for (const f of s.rich.findings) assert.ok(rows.some((r) => r.includes(`[${f.rule}](`) && r.includes(cell(f.message)) && r.includes(`\`${f.file}:${f.line}:${f.column}\``)));
});

test('the override diff sits in a collapsible block, fenced as diff, with the fix', () => {
  const md = formatMarkdown(s.rich);
  const open = md.indexOf('<details><summary>Expected changes to compose.override.yaml</summary>');
  assert.ok(open >= 0);
  const block = md.slice(open, md.indexOf('</details>', open));
  assert.ok(block.includes('```diff\n' + s.rich.drift!.diff.trimEnd() + '\n```'));
  assert.ok(md.includes(`Fix: \`${s.rich.drift!.fix}\``));
});

test('passing report; table cells cannot break the table; long lists are cut', () => {
  const ok = formatMarkdown({ ...s.plain, findings: [], exitCode: 0, drift: undefined } as CheckReport);
  assert.match(ok, /✅ passed/);
  assert.not.match(ok, /<details/);
  assert.is(cell('a|b\nc<d>'), 'a\\|b c&lt;d&gt;');
  const f: ReportFinding = { rule: 'CH101', severity: 'low', message: 'm', path: [], fingerprint: 'x:1', failing: false };
  const many = formatMarkdown({ ...s.plain, findings: Array.from({ length: MAX_ROWS + 5 }, () => f), drift: undefined } as CheckReport);
  assert.match(many, /… and 5 more/);
});

test.run();
