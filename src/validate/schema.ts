// Schema validation of a parsed Compose document against the current Compose Specification, with the
// validator compiled ahead of time (scripts/build-schema.mjs) so nothing is compiled at start-up.
import { validate } from './generated/compose-validator.js';
import { problemsFromErrors } from './messages.ts';
import { nameProblems } from './names.ts';

export interface SchemaProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * Every schema problem of `doc` (a parsed, interpolated Compose document with `!reset`/`!override`
 * resolved, i.e. what compose-go validates after merging), one per failing place, plus the project and
 * container name rules the engine applies. Messages start with the dotted path and never contain the
 * file location (the caller adds it) nor values from places that may hold secrets.
 */
export function validateSchema(doc: unknown): SchemaProblem[] {
  const schemaProblems = validate(doc) ? [] : problemsFromErrors(doc, validate.errors ?? []);
  const seen = new Set(schemaProblems.map(key));
  return [...schemaProblems, ...nameProblems(doc).filter((p) => !seen.has(key(p)))];
}

function key(p: SchemaProblem): string {
  return JSON.stringify(p.path) + '\0' + p.message;
}
