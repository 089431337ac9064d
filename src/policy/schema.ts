// Validation of a policy document against schemas/policy.schema.json, with every problem tied to the line
// of the offending key or value.
import type { ErrorObject } from 'ajv';
import validatePolicy from './generated/policy-validator.js';
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { Loc } from '../model/loc.ts';
import type { InputProblem } from '../model/errors.ts';

// Compiled ahead of time (scripts/build-policy-validator.mjs): reading a policy loads no ajv.
function validator(): typeof validatePolicy {
  return validatePolicy;
}

type Path = Array<string | number>;

function pathOf(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export interface Located {
  doc: Document;
  lineCounter: LineCounter;
  file: string;
}

export function nodeLoc(src: Located, node: Node | null | undefined): Loc | undefined {
  const start = node?.range?.[0];
  if (start === undefined) return undefined;
  const p = src.lineCounter.linePos(start);
  return { file: src.file, line: p.line, col: p.col };
}

/** The key node of `key` inside the mapping at `path`, or the value node at `path`. */
function keyNode(src: Located, path: Path, key?: string): Node | undefined {
  const parent = path.length ? src.doc.getIn(path, true) : src.doc.contents;
  if (key === undefined) return (parent as Node) ?? undefined;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key as Node | undefined) ?? undefined;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'propertyNames':
      return `"${(e.params as { propertyName: string }).propertyName}" is not a rule id (CHnnn)`;
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return 'must be true/false, "on"/"off", a severity, or {enabled, severity}';
    case 'pattern':
      return 'has an unexpected format';
    default:
      return e.message ?? 'is invalid';
  }
}

const shown = (path: Path): string => (path.length ? path.join('.') : 'the policy');

/** Schema problems of `data`, located in the document. */
export function schemaProblems(src: Located, data: unknown): InputProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // An anyOf failure also reports each branch's own complaint; only the summary is useful to a reader.
  const anyOf = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const propertyNames = errors.filter((e) => e.keyword === 'propertyNames').map((e) => e.schemaPath);
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && anyOf.some((p) => e.schemaPath.startsWith(p + '/'))) continue;
    if (e.keyword === 'pattern' && propertyNames.some((p) => e.schemaPath.startsWith(p + '/'))) continue;
    const path = pathOf(e.instancePath);
    let node: Node | undefined;
    if (e.keyword === 'additionalProperties') node = keyNode(src, path, (e.params as { additionalProperty: string }).additionalProperty);
    else if (e.keyword === 'propertyNames') node = keyNode(src, path, (e.params as { propertyName: string }).propertyName);
    else node = keyNode(src, path);
    const message = `policy ${shown(path)}: ${describe(e)}`;
    const loc = nodeLoc(src, node) ?? nodeLoc(src, src.doc.contents as Node);
    const id = `${message}@${loc?.line}:${loc?.col}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ message, loc });
  }
  const pos = (p: InputProblem) => (p.loc ? p.loc.line * 1e6 + p.loc.col : 0);
  return problems.sort((a, b) => pos(a) - pos(b));
}
