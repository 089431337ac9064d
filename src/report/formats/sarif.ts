// SARIF 2.1.0 as GitHub code scanning ingests it: every rule that ran with its description and help, every
// finding that is neither excused nor accepted by the baseline, repo-relative locations, and fingerprints
// that survive line moves. Override drift is reported as a result of its own rule, `override-drift`.
import type { RuleMeta, Severity } from '../../rules/types.ts';
import { fingerprintBase } from '../../baseline/fingerprint.ts';
import { ruleHelpUri, type CheckReport, type ReportFinding } from './model.ts';
import { ruleHelpMarkdown } from './rule-docs.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'composeHarden/v1';
export const DRIFT_RULE = 'override-drift';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'warning', info: 'note' };
/** GitHub's scale: ≥9 critical, 7–8.9 high, 4–6.9 medium, <4 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

const clip = (s: string, n = 1024) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const pascal = (title: string) =>
  title
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

function sarifRule(m: RuleMeta) {
  return {
    id: m.id,
    name: pascal(m.title),
    shortDescription: { text: clip(m.title) },
    fullDescription: { text: clip(m.rationale) },
    helpUri: ruleHelpUri(m.id),
    help: { text: `${m.rationale}\n\nBefore:\n${m.example.before}\nAfter:\n${m.example.after}`, markdown: ruleHelpMarkdown(m) },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: { tags: ['security', 'docker-compose'], precision: 'high', 'security-severity': SECURITY_SEVERITY[m.severity] },
  };
}

const DRIFT_META = {
  id: DRIFT_RULE,
  name: 'OverrideDrift',
  shortDescription: { text: 'Committed override is out of date' },
  fullDescription: { text: 'The committed Compose override is not what compose-harden harden would write for the project now: it was edited by hand, the project changed, or it names services or networks that no longer exist.' },
  helpUri: `${ruleHelpUri('README')}#override-drift`,
  help: { text: 'Regenerate the override with compose-harden harden (the message names the exact command) and commit it.' },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['security', 'docker-compose'], precision: 'very-high' },
};

function location(file: string, line = 1, column = 1) {
  return { physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line, startColumn: column } } };
}

export function sarifLog(r: CheckReport): Record<string, unknown> {
  const rules: object[] = r.rules.map(sarifRule);
  const index = new Map(r.rules.map((m, i) => [m.id, i]));
  const fallbackFile = r.files[0] ?? '.';
  const result = (f: ReportFinding) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.service ? `${f.service}: ` : ''}${f.message}` },
    locations: [location(f.file ?? fallbackFile, f.line, f.column)],
    // GitHub matches alerts on primaryLocationLineHash only; giving it our line-independent fingerprint keeps
    // an alert the same alert when lines move (and the upload action leaves a present value alone).
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint, primaryLocationLineHash: f.fingerprint },
    properties: { severity: f.severity, ...(f.service ? { service: f.service } : {}) },
  });
  const results: object[] = r.findings.map(result);
  if (r.drift && r.drift.status !== 'up-to-date') {
    const d = r.drift;
    const driftIndex = rules.length;
    rules.push(DRIFT_META);
    const at = d.status === 'missing' ? [{ file: fallbackFile, line: 1, column: 1, what: '' }] : d.stale.length ? d.stale.map((s) => ({ file: s.file ?? d.override, line: s.line ?? 1, column: s.column ?? 1, what: `${s.kind}:${s.service ?? ''}:${s.name}` })) : [{ file: d.override, line: 1, column: 1, what: '' }];
    for (const a of at) {
      const fp = `${fingerprintBase({ rule: DRIFT_RULE, file: d.override, path: [d.status], key: a.what })}:1`;
      results.push({
        ruleId: DRIFT_RULE,
        ruleIndex: driftIndex,
        level: 'error',
        message: { text: d.advice },
        locations: [location(a.file, a.line, a.column)],
        partialFingerprints: { [FINGERPRINT_KEY]: fp, primaryLocationLineHash: fp },
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: r.tool.name, semanticVersion: r.tool.version, version: r.tool.version, informationUri: r.tool.informationUri, rules } },
        automationDetails: { id: `compose-harden/${r.project}/` },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(r: CheckReport): string {
  return JSON.stringify(sarifLog(r), null, 2) + '\n';
}
