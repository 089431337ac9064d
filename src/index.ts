// The library API: the same stages the command line uses.
export { loadProject } from './load/project.ts';
export type { LoadOptions } from './load/options.ts';
export type { Project, Service } from './model/types.ts';
export { InputError } from './model/errors.ts';
export type { Loc } from './model/loc.ts';
export { validateSchema, type SchemaProblem } from './validate/schema.ts';
export { checkProject as check, allRules, ruleById, type CheckResult } from './rules/index.ts';
export type { Finding, Rule, RuleMeta, Severity } from './rules/types.ts';
export { harden, type HardenOptions, type HardenResult } from './harden.ts';
export { computeDelta } from './override/delta.ts';
export { renderOverride } from './override/render.ts';
export { parseComposeVersion } from './override/version.ts';
export { renderConfig } from './report/config.ts';
export { buildReport, formatReportText, formatReportMarkdown } from './report/harden-report.ts';
export { loadPolicy, defaultPolicy } from './policy/index.ts';
export { defaultImages, createImageKnowledge, parseImageRef } from './images/index.ts';

import { validateSchema } from './validate/schema.ts';
/** Validate a parsed compose document against the current Compose Specification. */
export const validate = validateSchema;
