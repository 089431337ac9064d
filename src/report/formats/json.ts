// The machine-readable report, described by schemas/findings.schema.json. Keys are always written in the
// same order and optional ones are omitted rather than null, so the output of the same project is byte-stable.
import { SEVERITIES } from '../../rules/types.ts';
import type { CheckReport, ReportFinding } from './model.ts';

export const JSON_REPORT_VERSION = 1;

const finding = (f: ReportFinding) => ({
  rule: f.rule,
  severity: f.severity,
  ...(f.service !== undefined ? { service: f.service } : {}),
  message: f.message,
  ...(f.file !== undefined ? { file: f.file, line: f.line, column: f.column } : {}),
  path: f.path,
  ...(f.key !== undefined ? { key: f.key } : {}),
  ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
  fingerprint: f.fingerprint,
  failing: f.failing,
});

export function jsonReport(r: CheckReport): Record<string, unknown> {
  const bySeverity = Object.fromEntries([...SEVERITIES].reverse().map((s) => [s, r.findings.filter((f) => f.severity === s).length]));
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: r.tool.name, version: r.tool.version },
    project: r.project,
    failOn: r.failOn,
    exitCode: r.exitCode,
    summary: {
      findings: r.findings.length,
      failing: r.findings.filter((f) => f.failing).length,
      bySeverity,
      suppressed: r.suppressed.length,
      baselined: r.baselined.length,
      fixedSinceBaseline: r.baseline?.fixed.length ?? 0,
      drift: r.drift ? r.drift.status !== 'up-to-date' : false,
    },
    findings: r.findings.map(finding),
    suppressed: r.suppressed.map(finding),
    baselined: r.baselined.map(finding),
    fixedSinceBaseline: (r.baseline?.fixed ?? []).map((e) => ({
      fingerprint: e.fingerprint,
      rule: e.rule,
      ...(e.service !== undefined ? { service: e.service } : {}),
      file: e.file,
      path: e.path,
      ...(e.key !== undefined ? { key: e.key } : {}),
      message: e.message,
    })),
    unusedExceptions: r.unusedExceptions,
    drift: r.drift
      ? { override: r.drift.override, status: r.drift.status, stale: r.drift.stale, diff: r.drift.diff, fix: r.drift.fix, advice: r.drift.advice }
      : null,
  };
}

export function formatJson(r: CheckReport): string {
  return JSON.stringify(jsonReport(r), null, 2) + '\n';
}
