// Findings for people: grouped by file, `line:col severity CHnnn message` (the bare rule run; `check` itself
// renders through ./formats/, which adds drift, baseline and the machine formats).
import { relative } from 'node:path';
import type { CheckResult } from '../rules/index.ts';
import type { Finding } from '../rules/types.ts';

const COLORS: Record<string, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };

export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function formatFindingsText(r: CheckResult, o: { color?: boolean; cwd?: string } = {}): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const file = f.loc ? displayPath(f.loc.file, o.cwd) : '(project)';
    const list = byFile.get(file) ?? [];
    list.push(f);
    byFile.set(file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(file);
    for (const f of list) {
      const where = f.loc ? `${f.loc.line}:${f.loc.col}` : '-';
      const sev = o.color ? `${COLORS[f.severity] ?? ''}${f.severity}\x1b[0m` : f.severity;
      out.push(`  ${where.padEnd(8)} ${sev.padEnd(o.color ? 8 + 9 : 8)} ${f.rule}  ${f.service ? `${f.service}: ` : ''}${f.message}`);
    }
    out.push('');
  }
  const counts = new Map<string, number>();
  for (const f of r.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const summary = ['critical', 'high', 'medium', 'low', 'info'].filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  out.push(r.findings.length ? `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'} (${summary.join(', ')})` : 'no findings');
  if (r.suppressed.length) out.push(`${r.suppressed.length} excused by x-compose-harden exceptions`);
  return out.join('\n') + '\n';
}
