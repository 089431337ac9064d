// A pull-request comment (or $GITHUB_STEP_SUMMARY): a summary table, the findings in a table, and the
// override drift with its diff in a collapsible block. Long lists are cut so the comment stays within
// GitHub's size limit; the cut says where the full list is.
import { SEVERITIES } from '../../rules/types.ts';
import type { CheckReport } from './model.ts';

export const MAX_ROWS = 100;
export const MAX_DIFF = 40_000;

/** Text for a table cell: no line breaks, no column breaks, no HTML. */
export function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A fence longer than any run of backticks inside, so the block cannot be closed early. */
function fence(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body.trimEnd()}\n${f}`;
}

export function formatMarkdown(r: CheckReport): string {
  const out: string[] = [];
  const failing = r.findings.filter((f) => f.failing).length;
  const drifted = r.drift && r.drift.status !== 'up-to-date';
  const verdict = r.exitCode === 0 ? '✅ passed' : '❌ failed';
  out.push(`## compose-harden: ${cell(r.project)} — ${verdict}`, '');
  const parts = [`**${failing}** failing (\`--fail-on ${r.failOn}\`)`, `${r.findings.length - failing} below the threshold`];
  if (r.suppressed.length) parts.push(`${r.suppressed.length} excused by exceptions`);
  if (r.baseline) parts.push(`${r.baselined.length} accepted by the baseline`, `${r.baseline.fixed.length} fixed since the baseline`);
  if (r.drift) parts.push(drifted ? `override **out of date**` : 'override up to date');
  out.push(parts.join(' · '), '');

  out.push('| Severity | Findings | Failing |', '| --- | ---: | ---: |');
  for (const s of [...SEVERITIES].reverse()) {
    const list = r.findings.filter((f) => f.severity === s);
    out.push(`| ${s} | ${list.length} | ${list.filter((f) => f.failing).length} |`);
  }
  out.push('');

  if (r.findings.length) {
    out.push(`<details${failing ? ' open' : ''}><summary>Findings (${r.findings.length})</summary>`, '');
    out.push('| | Severity | Rule | Service | Location | Message |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of r.findings.slice(0, MAX_ROWS)) {
      const where = f.file ? `\`${cell(f.file)}${f.line !== undefined ? `:${f.line}:${f.column}` : ''}\`` : '';
      out.push(`| ${f.failing ? '❌' : '⚠️'} | ${f.severity} | [${f.rule}](${r.tool.informationUri}/blob/main/docs/rules/${f.rule}.md) | ${cell(f.service ?? '')} | ${where} | ${cell(f.message)} |`);
    }
    if (r.findings.length > MAX_ROWS) out.push('', `… and ${r.findings.length - MAX_ROWS} more (see \`--format sarif\` or \`--format json\`).`);
    out.push('', '</details>', '');
  }
  if (r.baseline?.fixed.length) {
    out.push(`<details><summary>Fixed since the baseline (${r.baseline.fixed.length})</summary>`, '');
    for (const e of r.baseline.fixed.slice(0, MAX_ROWS)) out.push(`- ${e.rule} ${cell(e.service ?? '')}: ${cell(e.message)} (\`${cell(e.file)}\`)`);
    out.push('', 'Run `compose-harden check --baseline … --update-baseline` to drop them from the baseline.', '', '</details>', '');
  }
  if (drifted) {
    const d = r.drift!;
    out.push(`### Override \`${cell(d.override)}\``, '', `❌ ${cell(d.advice)}`, '');
    const diff = d.diff.length > MAX_DIFF ? `${d.diff.slice(0, MAX_DIFF)}\n… (diff cut at ${MAX_DIFF} characters)` : d.diff;
    out.push(`<details><summary>Expected changes to ${cell(d.override)}</summary>`, '', fence(diff, 'diff'), '', '</details>', '');
    out.push(`Fix: \`${d.fix.replace(/`/g, '')}\``, '');
  }
  return out.join('\n');
}
