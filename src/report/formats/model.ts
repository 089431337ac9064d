// What every `check` output format renders: one plain, deterministic, secret-free description of the run.
// Paths are relative to the repository root (the same on every machine and in every CI), findings carry
// their fingerprints, and each knows whether it fails the run.
import pkg from '../../../package.json' with { type: 'json' };
import type { Baseline, BaselineEntry } from '../../baseline/baseline.ts';
import { compareWithBaseline } from '../../baseline/baseline.ts';
import { fingerprintFindings, rootRelative } from '../../baseline/fingerprint.ts';
import type { CheckRun, DriftStatus } from '../../drift/check.ts';
import type { StaleName } from '../../drift/stale.ts';
import { allRules, isEnabled } from '../../rules/index.ts';
import { SEVERITIES, type Finding, type RuleMeta, type Severity } from '../../rules/types.ts';
import { collectSecretValues, makeScrubber } from '../redact.ts';

export type FailOn = Severity | 'none';

export interface ReportFinding {
  rule: string;
  severity: Severity;
  service?: string;
  message: string;
  /** Root-relative file of the line to change; absent for findings without a position. */
  file?: string;
  line?: number;
  column?: number;
  path: Array<string | number>;
  key?: string;
  suggestion?: string;
  /** Empty when the report was built without fingerprints (formats that show none, and no baseline). */
  fingerprint: string;
  /** At or above --fail-on, and neither excused nor accepted by the baseline. */
  failing: boolean;
}

export interface ReportLocation {
  file?: string;
  line?: number;
  column?: number;
}

export interface DriftReport {
  /** Root-relative path of the override. */
  override: string;
  status: DriftStatus;
  stale: Array<{ kind: 'service' | 'network'; name: string; service?: string } & ReportLocation>;
  diff: string;
  /** The command that brings the override up to date. */
  fix: string;
  /** One sentence saying what is wrong and what to do. */
  advice: string;
}

export interface CheckReport {
  tool: { name: 'compose-harden'; version: string; informationUri: string };
  project: string;
  /** Absolute folder every `file` is relative to (not part of machine output: it differs per machine). */
  root: string;
  failOn: FailOn;
  findings: ReportFinding[];
  suppressed: ReportFinding[];
  baselined: ReportFinding[];
  baseline?: { file: string; fixed: BaselineEntry[] };
  unusedExceptions: Array<{ service: string; rule: string } & ReportLocation>;
  drift?: DriftReport;
  /** The compose files loaded, root-relative, in load order. */
  files: string[];
  services: string[];
  /** The rules that ran (enabled by the policy), for formats that list them. */
  rules: RuleMeta[];
  exitCode: 0 | 1;
}

export const INFORMATION_URI = 'https://github.com/compose-harden/compose-harden';
export const TOOL_VERSION: string = pkg.version;

/** Where a rule's documentation lives (docs/rules/CHnnn.md, generated from the rule's meta). */
export function ruleHelpUri(id: string): string {
  return `${INFORMATION_URI}/blob/main/docs/rules/${id}.md`;
}

export interface BuildOptions {
  failOn: FailOn;
  root: string;
  baseline?: { file: string; data: Baseline };
  /**
   * Hash each finding's fingerprint (default). The text formats show none, and hashing needs node:crypto,
   * whose loading costs more than a small project's whole check: they turn it off unless there is a baseline.
   */
  fingerprints?: boolean;
}

export function isFailingSeverity(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(failOn);
}

export function buildCheckReport(run: CheckRun, o: BuildOptions): CheckReport {
  const { project, result } = run;
  const all = [...result.findings, ...result.suppressed];
  const prints = o.fingerprints !== false || o.baseline ? fingerprintFindings(all, project, o.root) : [];
  // Thousands of findings share a handful of files: each is made root-relative once.
  const relFiles = new Map<string, string>();
  const relFile = (file: string): string => {
    let rel = relFiles.get(file);
    if (rel === undefined) relFiles.set(file, (rel = rootRelative(file, o.root)));
    return rel;
  };
  const view = (f: Finding, i: number, failing: boolean): ReportFinding => {
    const v: ReportFinding = { rule: f.rule, severity: f.severity, message: f.message, path: f.path, fingerprint: prints[i] ?? '', failing };
    if (f.service !== undefined) v.service = f.service;
    if (f.loc) Object.assign(v, { file: relFile(f.loc.file), line: f.loc.line, column: f.loc.col });
    if (f.key !== undefined) v.key = f.key;
    if (f.suggestion !== undefined) v.suggestion = f.suggestion;
    return v;
  };
  const active = result.findings.map((f, i) => view(f, i, isFailingSeverity(f.severity, o.failOn)));
  const suppressed = result.suppressed.map((f, i) => view(f, result.findings.length + i, false));
  let findings = active;
  let baselined: ReportFinding[] = [];
  let baseline: CheckReport['baseline'];
  if (o.baseline) {
    const cmp = compareWithBaseline(active, o.baseline.data);
    findings = active.filter((f) => !cmp.accepted.has(f.fingerprint));
    baselined = active.filter((f) => cmp.accepted.has(f.fingerprint)).map((f) => ({ ...f, failing: false }));
    baseline = { file: o.baseline.file, fixed: cmp.fixed };
  }
  const loc = (l: { file: string; line: number; col: number } | undefined): ReportLocation => (l ? { file: rootRelative(l.file, o.root), line: l.line, column: l.col } : {});
  let drift: DriftReport | undefined;
  if (run.drift) {
    const d = run.drift;
    const override = rootRelative(d.override, o.root);
    drift = {
      override,
      status: d.status,
      stale: d.stale.map((s) => ({ kind: s.kind, name: s.name, ...(s.service ? { service: s.service } : {}), ...loc(s.loc) })),
      diff: d.diff,
      fix: d.fix,
      advice: driftAdvice(d.status, override, d.stale, d.fix, d.generated),
    };
  }
  const report: CheckReport = {
    tool: { name: 'compose-harden', version: TOOL_VERSION, informationUri: INFORMATION_URI },
    project: project.name,
    root: o.root,
    failOn: o.failOn,
    findings,
    suppressed,
    baselined,
    ...(baseline ? { baseline } : {}),
    unusedExceptions: result.unusedSkips.map((u) => ({ service: u.service, rule: u.rule, ...loc(u.loc) })),
    ...(drift ? { drift } : {}),
    files: project.files.map((f) => rootRelative(f, o.root)),
    services: Object.keys(project.services).sort(),
    rules: allRules.filter((r) => isEnabled(r, run)).map((r) => r.meta),
    exitCode: findings.some((f) => f.failing) || (drift && drift.status !== 'up-to-date') ? 1 : 0,
  };
  return scrubReport(report, new Set([...collectSecretValues(project), ...(run.overrideSecrets ?? [])]));
}

function driftAdvice(status: DriftStatus, override: string, stale: StaleName[], fix: string, generated: boolean): string {
  switch (status) {
    case 'up-to-date':
      return `${override} is up to date`;
    case 'missing':
      return `${override} does not exist yet; write it with: ${fix}`;
    case 'drifted':
      return `${override} is not what compose-harden would write now (edited by hand, or the project changed); update it with: ${fix}`;
    case 'stale': {
      const names = stale.map((s) => (s.kind === 'service' ? `service ${s.name}` : s.service ? `network ${s.name} (in service ${s.service})` : `network ${s.name}`));
      const gone = `${override} names ${names.join(', ')}, which the project no longer defines`;
      // A generated override is regenerated whole; harden only adds to the user's own, so the names go by hand.
      return generated ? `${gone}; regenerate it with: ${fix}` : `${gone}; delete ${stale.length === 1 ? 'it' : 'them'} from ${override} (the diff shows how), then run: ${fix}`;
    }
  }
}

/** Every string in the report with secret values masked: a second line of defence behind value-free messages. */
export function scrubReport<T>(value: T, secrets: Set<string>): T {
  if (!secrets.size) return value;
  const scrub = makeScrubber(secrets);
  // Reports repeat the same strings (rule ids, files, messages): each distinct one is scrubbed once.
  const done = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let s = done.get(v);
      if (s === undefined) done.set(v, (s = scrub(v)));
      return s;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = walk((v as Record<string, unknown>)[k]);
        if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
        else out[k] = x;
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
