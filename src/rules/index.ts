// The rule registry, and the one place that runs rules over a project: enabled rules, policy severities,
// per-service exceptions, deterministic order.
import type { Project } from '../model/types.ts';
import { compareText } from '../model/text.ts';
import type { Loc } from '../model/loc.ts';
import type { Finding, Rule, RuleFinding, Severity } from './types.ts';
import { makeContext, type RunOptions } from './context.ts';
import { readExceptions } from './exceptions.ts';
import { secretRules } from './secrets/index.ts';
import { networkRules } from './network/index.ts';
import { rule as ch101 } from './ch101-run-as-root.ts';
import { rule as ch102 } from './ch102-privileged.ts';
import { rule as ch103 } from './ch103-capabilities-not-dropped.ts';
import { rule as ch104 } from './ch104-dangerous-capability.ts';
import { rule as ch105 } from './ch105-no-new-privileges.ts';
import { rule as ch106 } from './ch106-root-group.ts';
import { rule as ch107 } from './ch107-lifecycle-hooks.ts';
import { rule as ch201 } from './ch201-read-only-root.ts';
import { rule as ch202 } from './ch202-weak-tmpfs.ts';
import { rule as ch203 } from './ch203-writable-config-mount.ts';
import { rule as ch204 } from './ch204-mount-propagation.ts';
import { rule as ch205 } from './ch205-shared-writable-volume.ts';
import { rule as ch301 } from './ch301-memory-limit.ts';
import { rule as ch302 } from './ch302-cpu-limit.ts';
import { rule as ch303 } from './ch303-pids-limit.ts';
import { rule as ch304 } from './ch304-risky-ulimits.ts';
import { rule as ch305 } from './ch305-oom-protection.ts';
import { rule as ch306 } from './ch306-cgroup-parent.ts';
import { rule as ch601 } from './ch601-engine-socket.ts';
import { rule as ch602 } from './ch602-use-api-socket.ts';
import { rule as ch603 } from './ch603-sensitive-host-path.ts';
import { rule as ch604 } from './ch604-host-network.ts';
import { rule as ch605 } from './ch605-host-pid.ts';
import { rule as ch606 } from './ch606-host-ipc.ts';
import { rule as ch607 } from './ch607-host-uts.ts';
import { rule as ch608 } from './ch608-userns-host.ts';
import { rule as ch609 } from './ch609-host-cgroup.ts';
import { rule as ch610 } from './ch610-seccomp-disabled.ts';
import { rule as ch611 } from './ch611-apparmor-disabled.ts';
import { rule as ch612 } from './ch612-selinux-disabled.ts';
import { rule as ch613 } from './ch613-unmasked-paths.ts';
import { rule as ch614 } from './ch614-host-devices.ts';
import { rule as ch615 } from './ch615-unsafe-sysctls.ts';
import { rule as ch616 } from './ch616-shared-namespaces.ts';
import { rule as ch701 } from './ch701-mutable-tag.ts';
import { rule as ch702 } from './ch702-no-digest.ts';
import { rule as ch703 } from './ch703-registry-allowlist.ts';
import { rule as ch704 } from './ch704-privileged-build.ts';
import { rule as ch801 } from './ch801-healthcheck.ts';
import { rule as ch802 } from './ch802-restart-policy.ts';
import { rule as ch803 } from './ch803-log-rotation.ts';
import { rule as ch804 } from './ch804-init.ts';

export type { RunOptions } from './context.ts';
export { makeContext, mayChangeBehaviour } from './context.ts';
export { readExceptions, EXCEPTION_KEY, type ServiceException } from './exceptions.ts';

const own: Rule[] = [
  ch101, ch102, ch103, ch104, ch105, ch106, ch107,
  ch201, ch202, ch203, ch204, ch205,
  ch301, ch302, ch303, ch304, ch305, ch306,
  ch601, ch602, ch603, ch604, ch605, ch606, ch607, ch608, ch609, ch610, ch611, ch612, ch613, ch614, ch615, ch616,
  ch701, ch702, ch703, ch704,
  ch801, ch802, ch803, ch804,
];

/** Every rule, sorted by id. */
export const allRules: Rule[] = [...own, ...secretRules, ...networkRules].sort((a, b) => compareText(a.meta.id, b.meta.id));

const byId = new Map(allRules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id.trim().toUpperCase());
}

/**
 * The order the planner applies fixes in (fixes interact: the tmpfs owner comes from the chosen uid, memory must
 * cover tmpfs sizes, ...): the catalog's "Fix ordering", then every other rule by id.
 */
export const FIX_ORDER = ['CH504', 'CH502', 'CH501', 'CH101', 'CH106', 'CH103', 'CH105', 'CH201', 'CH301', 'CH302', 'CH303', 'CH401', 'CH801', 'CH802', 'CH803'];

/**
 * The top-level service keys each fix may change. The planner compares only these before and after a fix
 * (a whole-service snapshot per rule and service was most of planning time on large projects); a change
 * outside them is caught after planning, which then reruns with whole snapshots. A test over the corpus
 * proves the lists complete. Fixes not listed are always compared whole.
 */
export const FIX_TOUCHES: Readonly<Record<string, readonly string[]>> = {
  CH101: ['user', 'tmpfs', 'environment'],
  CH102: ['privileged', 'cap_add'],
  CH103: ['cap_add', 'cap_drop'],
  CH105: ['security_opt'],
  CH106: ['user', 'group_add'],
  CH201: ['read_only', 'tmpfs', 'environment'],
  CH202: ['tmpfs', 'environment'],
  CH203: ['volumes'],
  CH301: ['deploy', 'mem_limit', 'pids_limit'],
  CH302: ['deploy', 'cpus'],
  CH303: ['deploy', 'pids_limit'],
  CH305: ['oom_kill_disable', 'oom_score_adj'],
  CH401: ['environment', 'secrets'],
  CH501: ['ports'],
  CH502: ['ports'],
  CH504: ['networks'],
  CH603: ['volumes'],
  CH605: ['pid'],
  CH606: ['ipc'],
  CH607: ['uts'],
  CH608: ['userns_mode'],
  CH609: ['cgroup'],
  CH610: ['security_opt'],
  CH611: ['security_opt'],
  CH612: ['security_opt'],
  CH613: ['security_opt'],
  CH801: ['healthcheck'],
  CH802: ['restart'],
  CH803: ['logging'],
  CH804: ['init'],
};

export function rulesInFixOrder(): Rule[] {
  const rank = (r: Rule) => {
    const i = FIX_ORDER.indexOf(r.meta.id);
    return i < 0 ? FIX_ORDER.length : i;
  };
  return allRules.filter((r) => r.fix).sort((a, b) => rank(a) - rank(b) || compareText(a.meta.id, b.meta.id));
}

export function isEnabled(rule: Rule, opts: Pick<RunOptions, 'policy'>): boolean {
  return opts.policy.rules?.[rule.meta.id]?.enabled !== false;
}

export interface CheckResult {
  findings: Finding[];
  /** Findings an `x-compose-harden` exception excused (for reports that show suppressions). */
  suppressed: Finding[];
  /** Skips that excused nothing: stale exceptions worth a warning. */
  unusedSkips: Array<{ service: string; rule: string; loc?: Loc }>;
}

const locKey = (l: Loc | undefined): [number, string, number, number] => (l ? [0, l.file, l.line, l.col] : [1, '', 0, 0]);

/** file, line, column, rule, then the model path: the same input always lists findings in the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  const [ah, af, al, ac] = locKey(a.loc);
  const [bh, bf, bl, bc] = locKey(b.loc);
  return (
    ah - bh ||
    (af < bf ? -1 : af > bf ? 1 : 0) ||
    al - bl ||
    ac - bc ||
    compareText(a.rule, b.rule) ||
    compareText(a.path.join('\u0000'), b.path.join('\u0000')) ||
    compareText(a.key ?? '', b.key ?? '') ||
    compareText(a.message, b.message)
  );
}

/** Run every enabled rule on every enabled service. Throws an InputError for malformed exceptions. */
export function checkProject(project: Project, opts: RunOptions): CheckResult {
  const exceptions = readExceptions(project, (id) => byId.has(id));
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const used = new Set<string>();
  const rules = allRules.filter((r) => isEnabled(r, opts));
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name];
    const ctx = makeContext(project, name, opts);
    const skip = new Set(exceptions.get(name)?.skip ?? []);
    for (const rule of rules) {
      const id = rule.meta.id;
      const override = opts.policy.rules?.[id]?.severity;
      for (const f of rule.check(service, ctx)) {
        const finding = toFinding(f, id, name, override ?? f.severity ?? rule.meta.severity);
        if (skip.has(id)) {
          suppressed.push(finding);
          used.add(`${name}\u0000${id}`);
        } else findings.push(finding);
      }
    }
  }
  const unusedSkips: CheckResult['unusedSkips'] = [];
  for (const [name, e] of [...exceptions].sort(([a], [b]) => compareText(a, b))) {
    if (!(name in project.services)) continue;
    for (const id of e.skip) {
      const rule = byId.get(id)!;
      if (!used.has(`${name}\u0000${id}`) && isEnabled(rule, opts)) unusedSkips.push({ service: name, rule: id, loc: e.locs.get(id) });
    }
  }
  return { findings: sortFindings(findings), suppressed: sortFindings(suppressed), unusedSkips };
}

/**
 * The finding with its rule, service and severity, and without undefined fields; keys in the order
 * `{ ...f, rule, service, severity }` gives them (JSON output shows that order). Built key by key: deleting
 * keys afterwards turns objects into slow dictionaries.
 */
function toFinding(f: RuleFinding, rule: string, service: string, severity: Severity): Finding {
  const out: Record<string, unknown> = {};
  for (const k in f) {
    const v = (f as Record<string, unknown>)[k];
    if (v !== undefined || k === 'service' || k === 'severity') out[k] = v;
  }
  out.rule = rule;
  out.service = f.service ?? service;
  out.severity = severity;
  return out as unknown as Finding;
}

/** Sorted as compareFindings does, with each finding's sort key computed once instead of per comparison. */
function sortFindings(list: Finding[]): Finding[] {
  const keyed = list.map((f) => ({ f, path: f.path.join('\u0000') }));
  keyed.sort((a, b) => {
    const la = a.f.loc;
    const lb = b.f.loc;
    if (!la !== !lb) return la ? -1 : 1;
    if (la && lb) {
      if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
      if (la.line !== lb.line) return la.line - lb.line;
      if (la.col !== lb.col) return la.col - lb.col;
    }
    return compareText(a.f.rule, b.f.rule) || compareText(a.path, b.path) || compareText(a.f.key ?? '', b.f.key ?? '') || compareText(a.f.message, b.f.message);
  });
  return keyed.map((k) => k.f);
}

export function runRules(project: Project, opts: RunOptions): Finding[] {
  return checkProject(project, opts).findings;
}
