// Stable identities for findings, shared by the baseline and SARIF's partialFingerprints. A fingerprint is
// built from what a finding *is* (rule, the file that defines the service, model path, discriminator key),
// never from where it currently sits (line numbers) or what the value is (which may be a secret): moving
// lines around or changing a password leaves it unchanged. Equal inputs get an ordinal, never randomness.
import * as crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { keyLocOf } from '../model/loc.ts';
import type { Project } from '../model/types.ts';
import type { Finding } from '../rules/types.ts';

/** The repository root above `dir` (the first folder holding `.git`), or `dir` itself outside a repository. */
export function repoRoot(dir: string): string {
  const start = resolve(dir);
  for (let cur = start; ; ) {
    if (existsSync(join(cur, '.git'))) return cur;
    const parent = dirname(cur);
    if (parent === cur) return start;
    cur = parent;
  }
}

/** A path relative to `root` with forward slashes (the same on every machine and OS); `-` stays `-`. */
export function rootRelative(file: string, root: string): string {
  if (file === '-') return '-';
  const rel = relative(root, file);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** The file whose `services:` entry defines the service (not an override or include that changes it). */
export function definingFile(project: Project, f: Pick<Finding, 'service' | 'loc'>): string {
  if (f.service) {
    const loc = keyLocOf(project.services, f.service) ?? keyLocOf(project.disabledServices, f.service);
    if (loc) return loc.file;
  }
  return f.loc?.file ?? project.files[0] ?? '-';
}

export interface FingerprintInput {
  rule: string;
  /** Root-relative defining file. */
  file: string;
  path: Array<string | number>;
  key?: string;
}

// crypto.hash (Node 20.12+) builds no Hash stream per call: half the time for short texts like these, and a
// check hashes every finding.
const sha256 = (text: string): string => (crypto.hash ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

export function fingerprintBase(i: FingerprintInput): string {
  const text = ['compose-harden/v1', i.rule, i.file, i.path.map(String).join('\u001f'), i.key ?? ''].join('\u0000');
  return sha256(text).slice(0, 32);
}

/**
 * Fingerprints for a list of findings, in the same order: `<hash>:<n>`, where n counts the findings with the
 * same hash before this one (1 for the first). Pass every finding of a run at once (active and excused) so the
 * ordinals are the same whichever subset a report shows.
 */
export function fingerprintFindings(findings: Finding[], project: Project, root: string): string[] {
  const seen = new Map<string, number>();
  // Findings share a handful of files: path.relative once per file, not once per finding.
  const relFiles = new Map<string, string>();
  const rel = (file: string): string => {
    let r = relFiles.get(file);
    if (r === undefined) relFiles.set(file, (r = rootRelative(file, root)));
    return r;
  };
  return findings.map((f) => {
    const base = fingerprintBase({ rule: f.rule, file: rel(definingFile(project, f)), path: f.path, key: f.key });
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
}
