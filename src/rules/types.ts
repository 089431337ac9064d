import type { Loc } from '../model/loc.ts';
import type { Project, Service } from '../model/types.ts';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** auto: `harden` applies it; opt-in: only with --strict/--fix/policy; report: never applied. */
export type FixClass = 'auto' | 'opt-in' | 'report';

export interface RuleMeta {
  id: string; // CHnnn, stable forever
  title: string;
  severity: Severity;
  fix: FixClass;
  /** CIS Docker Benchmark v1.6.0 items, OWASP Docker cheat sheet rules, ... e.g. ["CIS 5.4", "OWASP #3"]. */
  refs: string[];
  rationale: string;
  /** Before/after snippets (YAML) for documentation. */
  example: { before: string; after: string };
  /** What the fix can break; shown next to behaviour-changing fixes. */
  breaks?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  service?: string; // absent for project-level findings (top-level secrets, networks)
  message: string; // never contains a secret value
  loc?: Loc; // the line that must change, or the service when the key is absent
  /** Model path of the offending value, e.g. ['services','web','ports',0]; stable across line moves. */
  path: Array<string | number>;
  /** Extra stable discriminator for fingerprints (e.g. the variable name), never a secret value. */
  key?: string;
  /** The exact YAML snippet that fixes it, where the rule can say. */
  suggestion?: string;
}

export interface RuleContext {
  project: Project;
  serviceName: string;
  policy: import('../policy/types.ts').Policy;
  images: import('../images/index.ts').ImageKnowledge;
  graph: import('./graph.ts').ServiceGraph;
  /** Location of a path inside the current service (deepest known), or of the service itself. */
  loc(...path: Array<string | number>): Loc | undefined;
  /** Present only while planning (`fix`): what the target Compose can express, and where side effects go. */
  plan?: PlanningContext;
}

/** A secret value the planner wants written to a file (only with --write-secrets); the caller writes it. */
export interface SecretFile {
  /** Absolute path (the top-level secret names it relative to the project directory). */
  path: string;
  value: string;
  /** Owner the container reads it as (file-sourced secrets are bind-mounted with the host owner and mode). */
  uid?: number;
  gid?: number;
  service: string;
  secret: string;
}

export interface PlanningContext {
  compose: import('../override/version.ts').ComposeTarget;
  /** --write-secrets: committed literal secrets may be moved into files under ./secrets/. */
  writeSecrets: boolean;
  /** Whether `rule`'s fix runs for `service` (enabled and not excepted), for fixes that anticipate each other. */
  applies(rule: string, service: string): boolean;
  secretFile(file: SecretFile): void;
  /**
   * Something the report should say about this fix (a step the user must take, why a fix held back). Never a
   * value. `project` notes are about the whole project and are kept once.
   */
  note(message: string, scope?: 'service' | 'project'): void;
}

/** What `check` returns: the registry adds the rule id and the severity (the rule's, or the finding's own
 *  when one rule covers several levels, e.g. CH104 critical for SYS_ADMIN and medium for SYS_PTRACE). */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

export interface Rule {
  meta: RuleMeta;
  check(service: Service, ctx: RuleContext): RuleFinding[];
  /**
   * Changes `service` in place (the planner hands a copy); absent for report-only rules. Self-gating: a fix
   * that could change behaviour does nothing unless the knowledge base vouches for it or the policy opted in
   * (`strict`, `fix: [id]`), so calling it is always safe. Idempotent, and never lowers what the user set.
   */
  fix?(service: Service, ctx: RuleContext): void;
}
