// The baseline: findings a team has accepted for now, so the tool can be adopted on an existing project and
// only new findings fail the run. Entries are keyed by fingerprint (./fingerprint.ts), so editing the file
// around a finding does not bring it back; entries whose finding is gone are reported as fixed.
import { existsSync, readFileSync } from 'node:fs';
import { compareText } from '../model/text.ts';
import { InputError } from '../model/errors.ts';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  service?: string;
  /** Root-relative file of the finding, for people reading the baseline (matching uses only the fingerprint). */
  file: string;
  /** Model path, dot-joined, for people. */
  path: string;
  key?: string;
  message: string;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

export const BASELINE_VERSION = 1;

const compareEntries = (a: BaselineEntry, b: BaselineEntry): number =>
  compareText(a.file, b.file) || compareText(a.service ?? '', b.service ?? '') || compareText(a.rule, b.rule) || compareText(a.path, b.path) || compareText(a.fingerprint, b.fingerprint);

/** The baseline file's text: sorted, one entry per finding, a trailing newline (stable diffs in review). */
export function baselineText(entries: BaselineEntry[]): string {
  const findings = [...entries].sort(compareEntries).map((e) => {
    const o: Record<string, unknown> = { fingerprint: e.fingerprint, rule: e.rule };
    if (e.service !== undefined) o.service = e.service;
    o.file = e.file;
    o.path = e.path;
    if (e.key !== undefined) o.key = e.key;
    o.message = e.message;
    return o;
  });
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'compose-harden', findings }, null, 2) + '\n';
}

const isStr = (v: unknown): v is string => typeof v === 'string';

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${file}: baseline is not valid JSON (write it with --update-baseline)`);
  }
  const bad = (why: string) => new InputError(`${file}: not a compose-harden baseline (${why}); write it with --update-baseline`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('expected an object');
  const o = data as Record<string, unknown>;
  if (o.version !== BASELINE_VERSION) throw bad(`unsupported version ${JSON.stringify(o.version)?.slice(0, 20)}`);
  if (!Array.isArray(o.findings)) throw bad('findings must be a list');
  const findings = o.findings.map((e, i): BaselineEntry => {
    const r = (e ?? {}) as Record<string, unknown>;
    if (!isStr(r.fingerprint) || !isStr(r.rule)) throw bad(`findings[${i}] needs fingerprint and rule`);
    return {
      fingerprint: r.fingerprint,
      rule: r.rule,
      service: isStr(r.service) ? r.service : undefined,
      file: isStr(r.file) ? r.file : '',
      path: isStr(r.path) ? r.path : '',
      key: isStr(r.key) ? r.key : undefined,
      message: isStr(r.message) ? r.message : '',
    };
  });
  return { version: BASELINE_VERSION, findings };
}

export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) throw new InputError(`${path}: baseline not found (create it with --update-baseline)`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read baseline (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseBaseline(text, path);
}

/** Which current findings the baseline accepts, and which baseline entries no longer match anything (fixed). */
export function compareWithBaseline(current: Array<{ fingerprint: string }>, baseline: Baseline): { accepted: Set<string>; fixed: BaselineEntry[] } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const now = new Set(current.map((c) => c.fingerprint));
  const accepted = new Set([...now].filter((f) => known.has(f)));
  const fixed = baseline.findings.filter((e) => !now.has(e.fingerprint)).sort(compareEntries);
  return { accepted, fixed };
}
