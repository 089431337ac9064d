// GitHub Actions workflow commands: one annotation per finding on its file and line, escaped the way
// @actions/core escapes them. Findings that fail the run are errors; the rest are warnings (info: notices).
import type { CheckReport, ReportFinding } from './model.ts';

/** GitHub shows at most this many annotations of each kind per step. */
export const ANNOTATION_LIMIT = 10;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

const kindOf = (f: ReportFinding): 'error' | 'warning' | 'notice' => (f.failing ? 'error' : f.severity === 'info' ? 'notice' : 'warning');

export function formatGithub(r: CheckReport): string {
  const out: string[] = [];
  const fallback = r.files[0];
  const count = { error: 0, warning: 0, notice: 0 };
  for (const f of r.findings) {
    const kind = kindOf(f);
    count[kind]++;
    out.push(command(kind, { file: f.file ?? fallback, line: f.line, col: f.column, title: `${f.rule} (${f.severity})` }, `${f.service ? `${f.service}: ` : ''}${f.message}`));
  }
  const d = r.drift;
  if (d && d.status !== 'up-to-date') {
    const title = 'compose-harden: override drift';
    if (d.stale.length) {
      for (const s of d.stale) {
        count.error++;
        out.push(command('error', { file: s.file ?? d.override, line: s.line, col: s.column, title }, d.advice));
      }
    } else {
      count.error++;
      out.push(command('error', { file: d.status === 'missing' ? fallback : d.override, line: 1, title }, d.advice));
    }
    // Diff lines start with space, +, - or @, so none can be read as a workflow command.
    out.push(`::group::${escapeData(`${d.override}: expected changes`)}`, d.diff.trimEnd(), '::endgroup::', `run: ${d.fix}`);
  }
  const failing = r.findings.filter((f) => f.failing).length;
  out.push(`compose-harden: ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}, ${failing} failing (--fail-on ${r.failOn})${r.baselined.length ? `, ${r.baselined.length} accepted by the baseline` : ''}${r.baseline?.fixed.length ? `, ${r.baseline.fixed.length} fixed since the baseline` : ''}${d ? `; override ${d.status}` : ''}`);
  if (count.error > ANNOTATION_LIMIT || count.warning > ANNOTATION_LIMIT || count.notice > ANNOTATION_LIMIT) {
    out.push(`compose-harden: GitHub shows only ${ANNOTATION_LIMIT} annotations of each kind per step; the full list is in --format sarif or markdown`);
  }
  return out.join('\n') + '\n';
}
