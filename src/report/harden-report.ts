// The harden report: a unified diff of the effective configuration before and after, each hunk
// annotated with the rules behind it, then a summary a person can act on. Secret values are redacted
// in every part (the diff is rendered from the redacted effective configuration).
import { createTwoFilesPatch } from 'diff';
import { compareText } from '../model/text.ts';
import { blockwisePatch } from './blockwise-diff.ts';
import type { HardenResult } from '../harden.ts';
import type { Finding } from '../rules/types.ts';
import { makeContext, ruleById } from '../rules/index.ts';
import type { Rule } from '../rules/types.ts';
import { buildGraph, type ServiceGraph } from '../rules/graph.ts';
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
  const diff = patch.hunks.map((h) => {
    const rules = new Set<string>();
    let line = h.newStart;
    for (const l of h.lines) {
      if (l.startsWith('+') || l.startsWith('-')) {
        const owner = afterOwners[Math.min(line, afterOwners.length) - 1];
        const found = owner ? rulesAt.get(`${owner.service ?? ''}\u0000${owner.key ?? ''}`) : undefined;
        for (const id of found ?? []) rules.add(id);
      }
      if (!l.startsWith('-')) line++;
    }
    return { header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, rules: [...rules].sort(), lines: h.lines };
  });

  const applied = new Map<string, Set<string>>();
  for (const c of r.changes) {
    const set = applied.get(c.rule) ?? new Set<string>();
    set.add(c.service ?? '(project)');
    applied.set(c.rule, set);
  }
  const suppressed = new Set(r.after.suppressed.map((f) => `${f.rule}\u0000${f.service}`));
  const remaining = r.after.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    service: f.service,
    location: f.loc ? formatLoc(f.loc, cwd) : undefined,
    message: f.message,
    why: whyLeft(f, r),
  }));
  for (const f of r.after.suppressed) {
    remaining.push({ rule: f.rule, severity: f.severity, service: f.service, location: f.loc ? formatLoc(f.loc, cwd) : undefined, message: f.message, why: 'exception (x-compose-harden skip)' });
  }
  void suppressed;
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

function whyLeft(f: Finding, r: HardenResult): string {
  const rule = ruleById(f.rule);
  if (!rule) return 'unknown rule';
  if (r.manual.some((m) => f.path.join('.').startsWith(m.path.join('.')))) return 'needs a manual step (see below)';
  if (rule.meta.fix === 'report') return 'report only: fix by hand';
  if (!rule.fix) return 'no automatic fix yet';
  const svc = f.service ? (r.merged.services[f.service] ?? r.merged.disabledServices[f.service]) : undefined;
  const keyName = f.key?.split(':')[0];
  const candidates = r.notes.filter((n) => n.rule === f.rule && (!n.service || n.service === f.service));
  const note = keyName ? candidates.find((n) => new RegExp(`\\b${keyName.replace(/[^\w]/g, '')}\\b`).test(n.message)) : candidates[0];
  if (note) return `not changed: ${note.message}`;
  if (f.service && appliesWhenAsked(r, rule, f.service)) {
    return `${svc && !r.images.lookup(svc.image) ? 'image not in the knowledge base' : 'opt-in for this service'}: --strict or --fix ${f.rule} applies it (verify the service afterwards)`;
  }
  if (rule.meta.fix === 'opt-in') return `opt-in: --strict or --fix ${f.rule}`;
  if (f.rule === 'CH803' && svc && !svc.logging?.driver) return 'log driver not set (the host default may be journald): name one in the policy (logging.driver) to apply rotation';
  return `its fix does not apply to this service as configured (compose-harden explain ${f.rule})`;
}

/** Whether the rule's fix would change this service if the user opted in (simulated on a copy). */
function appliesWhenAsked(r: HardenResult, rule: Rule, service: string): boolean {
  const original = r.merged.services[service] ?? r.merged.disabledServices[service];
  if (!original || !rule.fix) return false;
  // Copy only what a fix may change (this service and the small project sections), never the whole project:
  // the report asks this for every finding left.
  const svc = cloneTree(original);
  const disabled = !(service in r.merged.services);
  // Only rules that change nothing but the service itself are simulated: copying the project's sections for
  // every finding would make large reports quadratic.
  if (!SERVICE_ONLY_FIXES.has(rule.meta.id)) return false;
  const cacheKey = `${rule.meta.id}\u0000${service}`;
  const cached = simulated.get(r)?.get(cacheKey);
  if (cached !== undefined) return cached;
  const copy = {
    ...r.merged,
    services: disabled ? r.merged.services : { ...r.merged.services, [service]: svc },
    disabledServices: disabled ? { ...r.merged.disabledServices, [service]: svc } : r.merged.disabledServices,
  };
  const before = JSON.stringify(svc);
  const policy = { ...r.policy, strict: true, fix: [...(r.policy.fix ?? []), rule.meta.id] };
  let applies = false;
  try {
    rule.fix(svc, makeContext(copy, service, { policy, images: r.images, graph: graphOf(r.merged) }));
    applies = JSON.stringify(svc) !== before;
  } catch {
    applies = false;
  }
  const map = simulated.get(r) ?? new Map<string, boolean>();
  map.set(cacheKey, applies);
  simulated.set(r, map);
  return applies;
}

const SERVICE_ONLY_FIXES = new Set(['CH101', 'CH102', 'CH103', 'CH105', 'CH201', 'CH202', 'CH203', 'CH301', 'CH302', 'CH303', 'CH501', 'CH502', 'CH801', 'CH802', 'CH803', 'CH804']);
const simulated = new WeakMap<object, Map<string, boolean>>();

const graphs = new WeakMap<object, ServiceGraph>();
function graphOf(p: HardenResult['merged']): ServiceGraph {
  let g = graphs.get(p);
  if (!g) graphs.set(p, (g = buildGraph(p)));
  return g;
}

/** For each line of a rendered config: the service and service key it belongs to. */
function keyOwners(text: string): Array<{ service?: string; key?: string } | undefined> {
  const out: Array<{ service?: string; key?: string } | undefined> = [];
  let section = '';
  let service: string | undefined;
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const m0 = /^([A-Za-z_][\w-]*):/.exec(line);
    const m1 = /^ {2}(\S[^:]*):/.exec(line);
    const m2 = /^ {4}(\S[^:]*):/.exec(line);
    if (m0) {
      section = m0[1];
      service = undefined;
      key = undefined;
    } else if (m1) {
      if (section === 'services') service = m1[1].replace(/^"|"$/g, '');
      else key = section;
      key = section === 'services' ? undefined : section;
    } else if (m2 && section === 'services') key = m2[1].replace(/^"|"$/g, '');
    out.push(section === 'services' ? (service ? { service, key } : undefined) : section ? { key: section } : undefined);
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
