// JUnit XML for CI test dashboards (GitLab, Jenkins, Azure): one test suite per service, one test case per
// service and rule that ran. A case fails when the rule has a finding at or above --fail-on; findings below
// the threshold are written to its output; excused and baselined ones make it skipped. The drift check is a
// suite of its own. No timestamps or durations, so the same project gives the same file.
import type { CheckReport, ReportFinding } from './model.ts';

/** XML 1.0 text: escaped, and without the control characters XML cannot carry at all. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (s: string) => xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

interface Case {
  name: string;
  classname: string;
  file?: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
  output?: string;
}

const line = (f: ReportFinding) => `${f.file ?? '(project)'}${f.line !== undefined ? `:${f.line}:${f.column}` : ''} ${f.severity} ${f.rule} ${f.message}`;

export function formatJunit(r: CheckReport): string {
  const titles = new Map(r.rules.map((m) => [m.id, m.title]));
  const group = (list: ReportFinding[]) => {
    const m = new Map<string, ReportFinding[]>();
    for (const f of list) {
      const k = `${f.service ?? ''}\u0000${f.rule}`;
      const l = m.get(k);
      if (l) l.push(f);
      else m.set(k, [f]);
    }
    return m;
  };
  const active = group(r.findings);
  const excused = group(r.suppressed);
  const accepted = group(r.baselined);
  const suites: Array<{ name: string; cases: Case[] }> = [];
  const hasProjectLevel = [...r.findings, ...r.suppressed, ...r.baselined].some((f) => f.service === undefined);
  for (const service of [...r.services, ...(hasProjectLevel ? [''] : [])]) {
    const cases: Case[] = [];
    const ruleIds = new Set(r.rules.map((m) => m.id));
    for (const f of [...r.findings, ...r.suppressed, ...r.baselined]) if ((f.service ?? '') === service) ruleIds.add(f.rule);
    // Project-level findings only have cases for the rules that found something.
    const ids = service ? [...ruleIds].sort() : [...ruleIds].filter((id) => [...active.keys(), ...excused.keys(), ...accepted.keys()].includes(`\u0000${id}`)).sort();
    for (const id of ids) {
      const key = `${service}\u0000${id}`;
      const found = active.get(key) ?? [];
      const c: Case = { name: `${id} ${titles.get(id) ?? ''}`.trim(), classname: `compose-harden.${service || '(project)'}`, file: found[0]?.file };
      const failing = found.filter((f) => f.failing);
      if (failing.length) {
        const worst = failing[0];
        c.failure = { message: `${worst.message}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ''}`, type: worst.severity, body: found.map(line).join('\n') };
      } else if (found.length) c.output = found.map(line).join('\n');
      else if (accepted.has(key)) c.skipped = 'accepted by the baseline';
      else if (excused.has(key)) c.skipped = 'excused by an x-compose-harden exception';
      cases.push(c);
    }
    suites.push({ name: service || '(project)', cases });
  }
  if (r.drift) {
    const d = r.drift;
    const c: Case = { name: `${d.override} is up to date`, classname: 'compose-harden.override', file: d.override };
    if (d.status !== 'up-to-date') c.failure = { message: d.advice, type: 'drift', body: `${d.diff.trimEnd()}\n\nrun: ${d.fix}` };
    suites.push({ name: 'override', cases: [c] });
  }

  const totals = { tests: 0, failures: 0, skipped: 0 };
  const body: string[] = [];
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.failure).length;
    const skipped = s.cases.filter((c) => c.skipped).length;
    totals.tests += s.cases.length;
    totals.failures += failures;
    totals.skipped += skipped;
    body.push(`  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`);
    for (const c of s.cases) {
      const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"${c.file ? ` file="${attr(c.file)}"` : ''}`;
      if (!c.failure && !c.skipped && !c.output) {
        body.push(`${open}/>`);
        continue;
      }
      body.push(`${open}>`);
      if (c.failure) body.push(`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${xmlEscape(c.failure.body)}</failure>`);
      if (c.skipped) body.push(`      <skipped message="${attr(c.skipped)}"/>`);
      if (c.output) body.push(`      <system-out>${xmlEscape(c.output)}</system-out>`);
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="compose-harden" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
