// Finding and reading `.compose-harden.yml`: `--config` wins; otherwise search from the project directory
// upwards, stopping at the repository root (a directory holding `.git`) so that the same project behaves the
// same on every machine. There is no global or home configuration.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { InputError, inputErrors, type InputProblem } from '../model/errors.ts';
import { ruleById } from '../rules/index.ts';
import { defaultPolicy } from './defaults.ts';
import { mergePolicy, type PolicyFile } from './merge.ts';
import { nodeLoc, schemaProblems, type Located } from './schema.ts';
import type { Policy } from './types.ts';

import { POLICY_FILE_NAMES } from './names.ts';

export { POLICY_FILE_NAMES };

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/** The policy file that applies to a project directory, or undefined. */
export function findPolicyFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const found = POLICY_FILE_NAMES.map((n) => join(dir, n)).filter(isFile);
    if (found.length > 1) throw new InputError(`both ${found.join(' and ')} exist; keep one policy file`, { file: found[1], line: 1, col: 1 });
    if (found.length === 1) return found[0];
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Rule ids the policy names that no rule has: a typo would otherwise silently keep a rule on. */
function unknownRuleIds(src: Located, data: PolicyFile): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const id of Object.keys(data.rules ?? {})) {
    if (!ruleById(id)) problems.push({ message: `policy rules: unknown rule "${id}"`, loc: nodeLoc(src, src.doc.getIn(['rules', id], true) as Node) });
  }
  (data.fix ?? []).forEach((id, i) => {
    if (!ruleById(id)) problems.push({ message: `policy fix: unknown rule "${id}"`, loc: nodeLoc(src, src.doc.getIn(['fix', i], true) as Node) });
  });
  return problems;
}

/** Parse and validate policy text; `file` names it in error locations. */
export function parsePolicy(text: string, file: string, base: Policy = defaultPolicy()): Policy {
  const lineCounter = new LineCounter();
  // prettyErrors would append the offending source line to messages; our messages never echo input.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const src: Located = { doc, lineCounter, file };
  if (doc.errors.length) {
    throw inputErrors(
      doc.errors.map((e) => {
        const p = lineCounter.linePos(e.pos[0]);
        return { message: `policy is not valid YAML (${e.code.toLowerCase().replace(/_/g, ' ')})`, loc: { file, line: p.line, col: p.col } };
      }),
    );
  }
  const data = (doc.toJS() ?? {}) as unknown;
  const problems = schemaProblems(src, data);
  if (!problems.length) problems.push(...unknownRuleIds(src, data as PolicyFile));
  if (problems.length) throw inputErrors(problems);
  return mergePolicy(base, data as PolicyFile, file);
}

/**
 * The effective policy for a project: the explicit file when given (relative to the working directory),
 * else the nearest `.compose-harden.yml`/`.yaml` from `startDir` up to the repository root, else the defaults.
 */
export function loadPolicy(startDir: string, explicitPath?: string): Policy {
  let file: string | undefined;
  if (explicitPath !== undefined) {
    file = resolve(explicitPath);
    if (!isFile(file)) throw new InputError(`policy file not found: ${file}`);
  } else {
    file = findPolicyFile(startDir);
  }
  if (!file) return defaultPolicy();
  return parsePolicy(readFileSync(file, 'utf8'), file);
}
