// The harden report: a unified diff of the effective configuration before and after, each hunk
// annotated with the rules behind it, then a summary a person can act on. Secret values are redacted
// in every part (the diff is rendered from the redacted effective configuration).
import { createTwoFilesPatch } from 'diff';
import { Trial } from './trial.ts';
import { compareText } from '../model/text.ts';
import { blockwisePatch } from './blockwise-diff.ts';
import type { HardenResult } from '../harden.ts';
import type { Finding } from '../rules/types.ts';
import { makeContext, ruleById } from '../rules/index.ts';
import type { Rule } from '../rules/types.ts';
import type { Service } from '../model/types.ts';
import { graphOf } from '../setup.ts';
import { cloneTree } from '../model/clone.ts';
import { formatLoc } from '../model/loc.ts';
import { renderConfig } from './config.ts';
import { isSecretEntry } from './redact.ts';
import { displayPath } from './findings.ts';

export interface HardenReport {
  override: { path: string; existing: boolean; written: boolean; unchanged: boolean; composeVersion: string };
  diff: Array<{ header: string; rules: string[]; lines: string[] }>;
  applied: Array<{ rule: string; title: string; services: string[] }>;
  remaining: Array<{ rule: string; severity: string; service?: string; location?: string; message: string; why: string }>;
  manual: Array<{ path: string; message: string }>;
  rotate: Array<{ service?: string; variable: string; location?: string }>;
  verify: Array<{ service: string; rule: string; note: string }>;
  /** With --in-place: the patch of each project file. */
  patches: Array<{ file: string; patch: string }>;
  /** What the fixes chose not to do and why. */
  notes: Array<{ rule: string; service?: string; message: string }>;
  /** Secret files the override refers to (names only, never content). */
  secretFiles: string[];
}

const PLUS = 0x2b;
const MINUS = 0x2d;

export function buildReport(r: HardenResult, o: { written: boolean; cwd?: string; secretSteps?: string[] }): HardenReport {
  const cwd = o.cwd ?? process.cwd();
  const before = renderConfig(r.original, { format: 'yaml', isSecret: isSecretEntry });
  const after = renderConfig(r.merged, { format: 'yaml', isSecret: isSecretEntry });
  const patch = { hunks: blockwisePatch(before, after, 3) };
  const afterOwners = keyOwners(after);
  // Rules by service and key, so annotating a hunk costs one lookup per changed line.
  const rulesAt = new Map<string, Set<string>>();
  for (const c of r.changes) {
    for (const k of c.keys) {
      const at = c.service ? `${c.service}\u0000${k}` : `\u0000${k}`;
      const set = rulesAt.get(at) ?? new Set<string>();
      set.add(c.rule);
      rulesAt.set(at, set);
      if (c.service) {
        const any = rulesAt.get(`${c.service}\u0000`) ?? new Set<string>();
        any.add(c.rule);
        rulesAt.set(`${c.service}\u0000`, any);
      }
    }
  }
  // Consecutive lines share their owner: look each owner up once.
  const rulesOf = new Map<object, Set<string> | undefined>();
  const diff = patch.hunks.map((h) => {
    const rules = new Set<string>();
    let line = h.newStart;
    for (const l of h.lines) {
      const sign = l.charCodeAt(0);
      if (sign === PLUS || sign === MINUS) {
        const owner = afterOwners[Math.min(line, afterOwners.length) - 1];
        let found: Set<string> | undefined;
        if (owner) {
          found = rulesOf.get(owner);
          if (found === undefined && !rulesOf.has(owner)) rulesOf.set(owner, (found = rulesAt.get(`${owner.service ?? ''}\u0000${owner.key ?? ''}`)));
        }
        for (const id of found ?? []) rules.add(id);
      }
      if (sign !== MINUS) line++;
    }
    return { header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, rules: [...rules].sort(), lines: h.lines };
  });

  const applied = new Map<string, Set<string>>();
  for (const c of r.changes) {
    const set = applied.get(c.rule) ?? new Set<string>();
    set.add(c.service ?? '(project)');
    applied.set(c.rule, set);
  }
  const whyLeft = whyLeftFor(r);
  const why = explainByService(r.after.findings, whyLeft);
  const remaining = r.after.findings.map((f, i) => ({
    rule: f.rule,
    severity: f.severity,
    service: f.service,
    location: f.loc ? formatLoc(f.loc, cwd) : undefined,
    message: f.message,
    why: why[i],
  }));
  for (const f of r.after.suppressed) {
    remaining.push({ rule: f.rule, severity: f.severity, service: f.service, location: f.loc ? formatLoc(f.loc, cwd) : undefined, message: f.message, why: 'exception (x-compose-harden skip)' });
  }
  const rotate = r.before.findings
    .filter((f) => /^CH40[1-5]$/.test(f.rule) && /:(literal|default)$/.test(f.key ?? ''))
    .map((f) => ({ service: f.service, variable: (f.key ?? '').replace(/:(literal|default)$/, ''), location: f.loc ? formatLoc(f.loc, cwd) : undefined }));
  const verify: HardenReport['verify'] = [];
  for (const c of r.changes) {
    const rule = ruleById(c.rule);
    if (!c.service || !rule?.meta.breaks) continue;
    if (!['CH101', 'CH103', 'CH201'].includes(c.rule)) continue;
    const image = (r.original.services[c.service] ?? r.original.disabledServices[c.service])?.image;
    const known = r.images.lookup(image);
    verify.push({ service: c.service, rule: c.rule, note: known ? `knowledge base: ${known.image} (${known.confidence}); ${rule.meta.breaks}` : `image not in the knowledge base (applied because of --strict or policy): ${rule.meta.breaks}` });
  }
  return {
    override: { path: displayPath(r.target.path, cwd), existing: r.previousText !== undefined, written: o.written, unchanged: r.unchanged, composeVersion: r.compose.label },
    diff,
    applied: [...applied].sort(([a], [b]) => compareText(a, b)).map(([rule, services]) => ({ rule, title: ruleById(rule)?.meta.title ?? '', services: [...services].sort() })),
    remaining,
    manual: [...r.manual.map((m) => ({ path: m.path.join('.'), message: m.message })), ...(o.secretSteps ?? []).map((m) => ({ path: 'secrets', message: m }))],
    rotate,
    verify,
    notes: r.notes.map((n) => ({ rule: n.rule, ...(n.service ? { service: n.service } : {}), message: n.message })),
    secretFiles: r.secretFiles.map((f) => displayPath(f.path, cwd)),
    patches: (r.edits ?? []).map((e) => ({ file: displayPath(e.file, cwd), patch: createTwoFilesPatch(displayPath(e.file, cwd), displayPath(e.file, cwd), e.before, e.after, '', '', { context: 2 }) })),
  };
}

/**
 * `explain` for each finding, asked service by service (in the findings' order otherwise): the simulator keeps
 * the copy of one service at a time, which it can drop once that service's findings are explained. Findings are
 * sorted by position, and a service's findings sit in the base file and in the override, so in their own order
 * a copy of every service was kept to the end (at 5,000 services, tens of megabytes).
 */
function explainByService(findings: Finding[], explain: (f: Finding) => string): string[] {
  const order = findings.map((_, i) => i);
  const rank = new Map<string | undefined, number>();
  for (const f of findings) if (!rank.has(f.service)) rank.set(f.service, rank.size);
  order.sort((a, b) => rank.get(findings[a].service)! - rank.get(findings[b].service)! || a - b);
  const out = new Array<string>(findings.length);
  for (const i of order) out[i] = explain(findings[i]);
  return out;
}

/**
 * Explains each finding left. Everything a finding looks up (notes of its rule, manual steps, the simulated
 * fix) is indexed once per report, so explaining thousands of findings stays linear in the project size.
 */
function whyLeftFor(r: HardenResult): (f: Finding) => string {
  const leftByManual = manualPrefixTest(r.manual.map((m) => m.path.join('.')));
  const notes = notesIndex(r.notes);
  const applies = simulator(r);
  const wordTests = new Map<string, RegExp>();
  const mentions = (keyName: string, message: string): boolean => {
    let re = wordTests.get(keyName);
    if (!re) wordTests.set(keyName, (re = new RegExp(`\\b${keyName.replace(/[^\w]/g, '')}\\b`)));
    return re.test(message);
  };
  return (f) => {
    const rule = ruleById(f.rule);
    if (!rule) return 'unknown rule';
    if (leftByManual(f.path)) return 'needs a manual step (see below)';
    if (rule.meta.fix === 'report') return 'report only: fix by hand';
    if (!rule.fix) return 'no automatic fix yet';
    const svc = f.service ? (r.merged.services[f.service] ?? r.merged.disabledServices[f.service]) : undefined;
    const keyName = f.key?.split(':')[0];
    const candidates = notes(f.rule, f.service);
    const note = keyName ? candidates.find((n) => mentions(keyName, n.message)) : candidates[0];
    if (note) return `not changed: ${note.message}`;
    if (f.service && applies(rule, f.service)) {
      return `${svc && !r.images.lookup(svc.image) ? 'image not in the knowledge base' : 'opt-in for this service'}: --strict or --fix ${f.rule} applies it (verify the service afterwards)`;
    }
    if (rule.meta.fix === 'opt-in') return `opt-in: --strict or --fix ${f.rule}`;
    if (f.rule === 'CH803' && svc && !svc.logging?.driver) return 'log driver not set (the host default may be journald): name one in the policy (logging.driver) to apply rotation';
    return `its fix does not apply to this service as configured (compose-harden explain ${f.rule})`;
  };
}

/** Whether a model path, dotted, starts with one of the dotted prefixes (as text: `services.a` also covers `services.ab`). */
export function manualPrefixTest(prefixes: string[]): (path: ReadonlyArray<string | number>) => boolean {
  if (!prefixes.length) return () => false;
  const set = new Set(prefixes);
  let min = Infinity;
  let max = 0;
  for (const p of set) {
    min = Math.min(min, p.length);
    max = Math.max(max, p.length);
  }
  // One set lookup per prefix length of the path, instead of comparing every finding with every step.
  return (steps) => {
    const path = steps.join('.');
    for (let n = min, last = Math.min(max, path.length); n <= last; n++) if (set.has(path.slice(0, n))) return true;
    return false;
  };
}

type Note = HardenResult['notes'][number];

/** The notes of a rule that concern a service: its own and the project-wide ones, in their original order. */
export function notesIndex(all: Note[]): (rule: string, service: string | undefined) => readonly Note[] {
  const byRule = new Map<string, { shared: number[]; byService: Map<string, number[]>; sharedNotes?: Note[] }>();
  all.forEach((n, i) => {
    let e = byRule.get(n.rule);
    if (!e) byRule.set(n.rule, (e = { shared: [], byService: new Map() }));
    if (!n.service) e.shared.push(i);
    else {
      const list = e.byService.get(n.service);
      if (list) list.push(i);
      else e.byService.set(n.service, [i]);
    }
  });
  const none: readonly Note[] = [];
  return (rule, service) => {
    const e = byRule.get(rule);
    if (!e) return none;
    const own = service ? e.byService.get(service) : undefined;
    if (!own) return (e.sharedNotes ??= e.shared.map((i) => all[i]));
    // Both lists are in note order: merge them.
    const out: Note[] = [];
    let a = 0;
    let b = 0;
    while (a < e.shared.length || b < own.length) {
      out.push(all[b >= own.length || (a < e.shared.length && e.shared[a] < own[b]) ? e.shared[a++] : own[b++]]);
    }
    return out;
  };
}

/** Only rules that change nothing but the service itself are simulated: others would need a copy of the project. */
const SERVICE_ONLY_FIXES = new Set(['CH101', 'CH102', 'CH103', 'CH105', 'CH201', 'CH202', 'CH203', 'CH301', 'CH302', 'CH303', 'CH501', 'CH502', 'CH801', 'CH802', 'CH803', 'CH804']);
const simulated = new WeakMap<object, Map<string, boolean>>();

/**
 * Whether a rule's fix would change a service if the user opted in, simulated on a copy of the service.
 * Answers are cached per rule and service and looked up before anything is copied; each service is copied
 * once per report, and put back after every fix tried on it. That equals a fresh copy per fix because fixes
 * change a service through its entries only: positions and written forms are set on new containers, never
 * on the ones a fix was given.
 */
function simulator(r: HardenResult): (rule: Rule, service: string) => boolean {
  let answers = simulated.get(r);
  if (!answers) simulated.set(r, (answers = new Map()));
  // The copy of the service simulated last: the next service's replaces it (see explainByService).
  let trial: { service: string; trial: Trial<Service> } | undefined;
  const policies = new Map<string, HardenResult['policy']>();
  // One stand-in project for every simulation: the service being fixed is swapped in and back out. Rule helpers
  // cache per project (one-shot jobs, for one), so a fresh project per simulation would make the report quadratic.
  const project = { ...r.merged, services: { ...r.merged.services }, disabledServices: { ...r.merged.disabledServices } };
  return (rule, service) => {
    const original = r.merged.services[service] ?? r.merged.disabledServices[service];
    if (!original || !rule.fix) return false;
    if (!SERVICE_ONLY_FIXES.has(rule.meta.id)) return false;
    const cacheKey = `${rule.meta.id}\u0000${service}`;
    const cached = answers.get(cacheKey);
    if (cached !== undefined) return cached;
    if (trial?.service !== service) trial = { service, trial: new Trial(original, cloneTree(original)) };
    const current = trial.trial;
    const svc = current.copy;
    const section = service in r.merged.services ? project.services : project.disabledServices;
    let policy = policies.get(rule.meta.id);
    if (!policy) policies.set(rule.meta.id, (policy = { ...r.policy, strict: true, fix: [...(r.policy.fix ?? []), rule.meta.id] }));
    let applies = false;
    let changed: number[] | undefined;
    section[service] = svc;
    try {
      rule.fix(svc, makeContext(project, service, { policy, images: r.images, graph: graphOf(r.merged) }));
      changed = current.changed();
      applies = !current.sameJson(changed);
    } catch {
      applies = false;
    } finally {
      section[service] = original;
      if (!current.restore(changed ?? current.changed())) trial = undefined;
    }
    answers.set(cacheKey, applies);
    return applies;
  };
}

const SPACE = 0x20;
const COLON = 0x3a;
const QUOTE = 0x22;

/** The name before the line's first colon, from `from` (`^ {n}(\S[^:]*):` once the indent is known), unquoted. */
function nameBeforeColon(text: string, from: number, end: number): string | undefined {
  // The first character is part of the name even when it is a colon (`\S` takes it).
  const colon = text.indexOf(':', from + 1);
  if (colon < 0 || colon >= end) return undefined;
  let a = from;
  let b = colon;
  if (text.charCodeAt(a) === QUOTE) a++;
  if (b > a && text.charCodeAt(b - 1) === QUOTE) b--;
  return text.slice(a, b);
}

/** A top-level key (`^([A-Za-z_][\w-]*):`) starting the line at `at`, or undefined. */
function topKey(text: string, at: number, end: number): string | undefined {
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return i > at ? text.slice(at, i) : undefined;
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
    if (!letter && (i === at || !((c >= 0x30 && c <= 0x39) || c === 0x2d))) return undefined;
  }
  return undefined;
}

/** `\s` of a regular expression, by character code. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Whether the line at `[at, end)` starts with exactly `n` spaces and then something else (`^ {n}\S`). */
function indentedBy(text: string, at: number, end: number, n: number): boolean {
  if (end - at <= n) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(at + i) !== SPACE) return false;
  return !isSpace(text.charCodeAt(at + n));
}

/** For each line of a rendered config: the service and service key it belongs to. */
export function keyOwners(text: string): Array<{ service?: string; key?: string } | undefined> {
  const out: Array<{ service?: string; key?: string } | undefined> = [];
  let section = '';
  let service: string | undefined;
  let key: string | undefined;
  // Lines of one key share one owner object. Most lines are nested deeper than a service key: their indent
  // says so, and only the few that may start a section, service or key are cut out and matched.
  let owner: { service?: string; key?: string } | undefined;
  for (let at = 0; ; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    let changed = out.length === 0;
    const c = text.charCodeAt(at);
    if (c !== SPACE) {
      const top = topKey(text, at, end);
      if (top !== undefined) {
        section = top;
        service = undefined;
        key = undefined;
        changed = true;
      }
    } else if (indentedBy(text, at, end, 2)) {
      const name = nameBeforeColon(text, at + 2, end);
      if (name !== undefined) {
        if (section === 'services') service = name;
        key = section === 'services' ? undefined : section;
        changed = true;
      }
    } else if (section === 'services' && indentedBy(text, at, end, 4)) {
      const name = nameBeforeColon(text, at + 4, end);
      if (name !== undefined) {
        key = name;
        changed = true;
      }
    }
    if (changed) owner = section === 'services' ? (service ? { service, key } : undefined) : section ? { key: section } : undefined;
    out.push(owner);
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

export function formatReportText(rep: HardenReport): string {
  const out: string[] = [];
  const o = rep.override;
  if (o.unchanged) out.push(`Nothing to change: the project is already hardened (${o.path}).`);
  else if (rep.patches.length) out.push(`${o.written ? 'Rewrote' : 'Would rewrite'} ${rep.patches.map((p) => p.file).join(', ')} in place (comments and layout kept).`);
  else out.push(`${o.written ? 'Wrote' : 'Would write'} ${o.path}${o.existing ? ' (updated in place, your content kept)' : ''} for Compose ${o.composeVersion}.`);
  for (const p of rep.patches) out.push('', p.patch.trimEnd());
  if (rep.diff.length) {
    out.push('', 'Effective configuration, before → after:', '--- before', '+++ after');
    for (const h of rep.diff) {
      out.push(`${h.header}${h.rules.length ? `  # ${h.rules.map((id) => `${id} ${ruleById(id)?.meta.title ?? ''}`.trim()).join('; ')}` : ''}`);
      out.push(...h.lines);
    }
  }
  if (rep.applied.length) {
    out.push('', 'Fixes applied:');
    for (const a of rep.applied) out.push(`  ${a.rule} ${a.title}: ${a.services.join(', ')}`);
  }
  if (rep.verify.length) {
    out.push('', 'Verify after starting (fixes that change behaviour):');
    for (const v of rep.verify) out.push(`  ${v.service} ${v.rule}: ${v.note}`);
  }
  if (rep.secretFiles.length) {
    out.push('', `Secret files${o.written ? ' written' : ' to write'} (0600, git-ignored; values never printed):`);
    for (const f of rep.secretFiles) out.push(`  ${f}`);
  }
  if (rep.notes.length) {
    out.push('', 'Not changed, and why:');
    for (const n of rep.notes) out.push(`  ${n.service ? `${n.service} ` : ''}${n.rule}: ${n.message}`);
  }
  if (rep.manual.length) {
    out.push('', 'Manual steps required (the target Compose cannot express them in an override):');
    for (const m of rep.manual) out.push(`  ${m.path}: ${m.message}`);
  }
  if (rep.rotate.length) {
    out.push('', 'Secrets to rotate (their values are committed in the project):');
    for (const s of rep.rotate) out.push(`  ${s.service ?? ''} ${s.variable}${s.location ? ` (${s.location})` : ''}`);
  }
  if (rep.remaining.length) {
    out.push('', `Findings left (${rep.remaining.length}):`);
    for (const f of rep.remaining) out.push(`  ${f.location ?? f.service ?? ''} ${f.severity} ${f.rule} ${f.message} [${f.why}]`);
  }
  return out.join('\n') + '\n';
}

export function formatReportMarkdown(rep: HardenReport): string {
  const out: string[] = [];
  const o = rep.override;
  out.push(`### compose-harden`, '', o.unchanged ? `Nothing to change: \`${o.path}\` is up to date.` : `${o.written ? 'Wrote' : 'Would write'} \`${o.path}\` (Compose ${o.composeVersion}).`);
  if (rep.applied.length) {
    out.push('', '| rule | title | services |', '| --- | --- | --- |');
    for (const a of rep.applied) out.push(`| ${a.rule} | ${a.title} | ${a.services.join(', ')} |`);
  }
  if (rep.diff.length) {
    out.push('', '<details><summary>Effective configuration diff</summary>', '', '```diff');
    for (const h of rep.diff) out.push(`${h.header}${h.rules.length ? ` ${h.rules.join(', ')}` : ''}`, ...h.lines);
    out.push('```', '', '</details>');
  }
  for (const [title, rows] of [
    ['Not changed, and why', rep.notes.map((n) => `- ${n.service ? `${n.service} ` : ''}${n.rule}: ${n.message}`)],
    ['Manual steps', rep.manual.map((m) => `- \`${m.path}\`: ${m.message}`)],
    ['Secrets to rotate', rep.rotate.map((s) => `- ${s.service ?? ''} \`${s.variable}\`${s.location ? ` (${s.location})` : ''}`)],
    ['Verify after starting', rep.verify.map((v) => `- ${v.service} ${v.rule}: ${v.note}`)],
    ['Findings left', rep.remaining.map((f) => `- ${f.severity} ${f.rule} ${f.service ?? ''}: ${f.message} (${f.why})`)],
  ] as const) {
    if (rows.length) out.push('', `#### ${title}`, '', ...rows);
  }
  return out.join('\n') + '\n';
}
