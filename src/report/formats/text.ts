// For people at a terminal: findings grouped by file, `line:col severity CHnnn service: message`, then
// what the baseline and exceptions account for, then the override drift with its diff and the fixing command.
import { isAbsolute, join, relative } from 'node:path';
import type { CheckReport, ReportFinding } from './model.ts';

const SEVERITY_COLOR: Record<string, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };
const RESET = '\x1b[0m';

export interface TextOptions {
  color?: boolean;
  /** File names are shown relative to this folder (where the command runs). */
  cwd?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(r: CheckReport, o: TextOptions = {}): string {
  const cwd = o.cwd ?? process.cwd();
  const paint = (code: string, s: string) => (o.color ? `${code}${s}${RESET}` : s);
  // A few files carry thousands of findings: each name is worked out once.
  const names = new Map<string, string>();
  const shown = (file: string | undefined): string => {
    if (!file) return '(project)';
    let name = names.get(file);
    if (name === undefined) {
      const abs = isAbsolute(file) ? file : join(r.root, file);
      const rel = relative(cwd, abs);
      names.set(file, (name = rel && !rel.startsWith('..') ? rel : abs));
    }
    return name;
  };
  const out: string[] = [];
  const byFile = new Map<string, ReportFinding[]>();
  for (const f of r.findings) {
    const key = shown(f.file);
    const list = byFile.get(key);
    if (list) list.push(f);
    else byFile.set(key, [f]);
  }
  for (const [file, list] of byFile) {
    out.push(o.color ? paint('\x1b[4m', file) : file);
    for (const f of list) {
      const where = f.line !== undefined ? `${f.line}:${f.column ?? 1}` : '-';
      const sev = paint(SEVERITY_COLOR[f.severity] ?? '', f.severity.padEnd(8));
      out.push(`  ${where.padEnd(8)} ${sev} ${f.rule}  ${f.service ? `${f.service}: ` : ''}${f.message}`);
    }
    out.push('');
  }

  const counts = new Map<string, number>();
  for (const f of r.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const bySeverity = ['critical', 'high', 'medium', 'low', 'info'].filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  const failing = r.findings.filter((f) => f.failing).length;
  if (r.findings.length) {
    const gate = r.failOn === 'none' ? 'none fail the check (--fail-on none)' : `${failing} at or above --fail-on ${r.failOn}`;
    out.push(`${plural(r.findings.length, 'finding')} (${bySeverity.join(', ')}); ${gate}`);
  } else out.push('no findings');
  if (r.suppressed.length) out.push(`${r.suppressed.length} excused by x-compose-harden exceptions`);
  for (const u of r.unusedExceptions) {
    out.push(`stale exception: ${u.service} skips ${u.rule}, which finds nothing there${u.file ? ` (${shown(u.file)}:${u.line}:${u.column})` : ''}`);
  }
  if (r.baseline) {
    out.push(`${r.baselined.length} accepted by the baseline ${r.baseline.file}`);
    if (r.baseline.fixed.length) {
      out.push(`${plural(r.baseline.fixed.length, 'finding')} fixed since the baseline (run with --update-baseline to drop ${r.baseline.fixed.length === 1 ? 'it' : 'them'}):`);
      for (const e of r.baseline.fixed) out.push(`  ${e.rule}  ${e.service ? `${e.service}: ` : ''}${e.message} (${e.file})`);
    }
  }
  if (r.drift) {
    const d = r.drift;
    out.push('');
    if (d.status === 'up-to-date') out.push(`override ${shown(d.override)}: up to date`);
    else {
      out.push(paint('\x1b[1;31m', `override drift: ${d.advice}`));
      for (const s of d.stale) out.push(`  ${s.file ? `${shown(s.file)}:${s.line}:${s.column}` : shown(d.override)}  ${s.kind} ${s.name}${s.service ? ` (service ${s.service})` : ''} no longer exists`);
      out.push('');
      out.push(colorDiff(d.diff, !!o.color).trimEnd());
      out.push('');
      out.push(`run: ${d.fix}`);
    }
  }
  return out.join('\n') + '\n';
}

function colorDiff(diff: string, color: boolean): string {
  if (!color) return diff;
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') ? `\x1b[1m${l}${RESET}` : l.startsWith('+') ? `\x1b[32m${l}${RESET}` : l.startsWith('-') ? `\x1b[31m${l}${RESET}` : l.startsWith('@@') ? `\x1b[36m${l}${RESET}` : l))
    .join('\n');
}
