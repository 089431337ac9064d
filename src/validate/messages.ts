// Turns ajv's raw errors into one readable problem per failing place.
//
// ajv reports every branch of a failed `oneOf`: a port written as `true` yields "must be number",
// "must be string", "must be object" and "must match exactly one schema". Branches of the Compose schema
// accept disjoint kinds of value (string vs list vs mapping), and ajv only looks inside a value for the
// branch whose kind matched, so the errors *inside or about* the value tell which branch the user meant:
// report those, and when there are none (no branch accepts this kind of value) say what kinds are allowed.
import type { ComposeSchemaError } from './generated/compose-validator.js';
import { closedObjects } from './generated/schema-hints.js';
import { containerNameMessage } from './names.ts';
import { formatPath, lookupByShape, pointerToPath, valueAt, type DocPath } from './paths.ts';
import type { SchemaProblem } from './schema.ts';
import { closestKey } from './suggest.ts';
import { describeValue, quotable, quoteKey } from './values.ts';

type AjvError = ComposeSchemaError;

// What a place accepts, for places whose alternatives are better named than listed as JSON types.
const ALTERNATIVES: Readonly<Record<string, string>> = {
  'services/*/ports/#': 'is not a valid port mapping: use a number, a string such as "8080:80" or a mapping',
  'services/*/volumes/#': 'is not a valid volume: use a string such as "./data:/data" or a mapping with "type"',
  'services/*/build': 'must be a build context (a string) or a mapping',
  'services/*/command': 'must be a string, a list of strings or null',
  'services/*/entrypoint': 'must be a string, a list of strings or null',
  'services/*/env_file': 'must be a path or a list of paths (strings or mappings with "path")',
  'services/*/env_file/#': 'must be a path or a mapping with "path"',
  'services/*/extends': 'must be a service name or a mapping with "service"',
  'services/*/depends_on': 'must be a list of service names or a mapping of service names',
  'services/*/networks': 'must be a list of network names or a mapping of network names',
  'services/*/models': 'must be a list of model names or a mapping of model names',
  'services/*/secrets/#': 'must be a secret name or a mapping with "source"',
  'services/*/configs/#': 'must be a config name or a mapping with "source"',
  'services/*/build/secrets/#': 'must be a secret name or a mapping with "source"',
  'services/*/devices/#': 'must be a device string such as "/dev/ttyUSB0:/dev/ttyUSB0" or a mapping with "source"',
  'services/*/gpus': 'must be "all" or a list of GPU requests',
  'include/#': 'must be a path or a mapping with "path"',
};

// Patterns the schema uses, in words.
const PATTERNS: Readonly<Record<string, string>> = {
  'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+':
    'must be always, never, missing, build, if_not_present, refresh, daily, weekly or every_<duration> (e.g. every_12h)',
};

const NAME_OF_ENTRY: Readonly<Record<string, string>> = {
  services: 'service',
  depends_on: 'service',
  volumes: 'volume',
  networks: 'network',
  secrets: 'secret',
  configs: 'config',
  models: 'model',
};

const SERVICE_LIKE_NAME = '^[a-zA-Z0-9._-]+$';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
  object: 'a mapping',
  array: 'a list',
};

function isCombinator(e: AjvError): boolean {
  return e.keyword === 'oneOf' || e.keyword === 'anyOf';
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length;
}

function within(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

function joinAlternatives(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Allowed JSON types in words. Strings next to booleans exist so interpolated "true" validates. */
function typesPhrase(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 2 && unique[0] === 'boolean' && unique[1] === 'string') return 'a boolean';
  return joinAlternatives(unique.map((t) => TYPE_WORDS[t] ?? t));
}

function typeList(e: AjvError): string[] {
  const t = e.params.type;
  return Array.isArray(t) ? t.map(String) : String(t).split(',');
}

function subject(path: DocPath): string {
  return formatPath(path) || 'the Compose file';
}

function got(path: DocPath, value: unknown): string {
  return ` (got ${describeValue(path, value)})`;
}

class Collector {
  readonly problems: SchemaProblem[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly doc: unknown) {}

  add(path: DocPath, message: string): void {
    const key = JSON.stringify(path) + '\0' + message;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ path, message });
  }

  path(pointer: string): DocPath {
    return pointerToPath(this.doc, pointer);
  }

  value(path: DocPath): unknown {
    return valueAt(this.doc, path);
  }
}

/** One problem per failing place, in the order ajv found them. */
export function problemsFromErrors(doc: unknown, errors: readonly AjvError[]): SchemaProblem[] {
  const out = new Collector(doc);
  condense([...errors], out);
  return out.problems;
}

function condense(errors: AjvError[], out: Collector): void {
  // A combinator owns every error at or below its place. Of nested ones only the outermost is handled
  // here: the shallowest place, and at one place the last reported (ajv reports the outer one last).
  const owners = new Map<string, AjvError>();
  for (const e of errors) {
    if (!isCombinator(e)) continue;
    const enclosing = [...owners.keys()].find((place) => within(e.instancePath, place));
    if (enclosing !== undefined && enclosing !== e.instancePath) continue;
    for (const place of [...owners.keys()]) if (within(place, e.instancePath)) owners.delete(place);
    owners.set(e.instancePath, e);
  }
  const ownerOf = (e: AjvError) => [...owners.keys()].find((place) => within(e.instancePath, place));
  for (const e of errors) {
    const place = ownerOf(e);
    if (place === undefined) simple(e, out);
    else if (owners.get(place) === e) combinator(e, errors.filter((x) => x !== e && within(x.instancePath, place)), out);
  }
}

function combinator(top: AjvError, group: AjvError[], out: Collector): void {
  const path = out.path(top.instancePath);
  if (Array.isArray(top.params.passingSchemas)) {
    out.add(path, `${subject(path)} is ambiguous: it matches more than one of the allowed forms`);
    return;
  }
  const atPlace = (e: AjvError) => e.instancePath === top.instancePath;
  const kindMismatches = group.filter((e) => atPlace(e) && e.keyword === 'type');
  // Some keywords run whatever the value's kind (enum; additionalProperties next to `type: array`), so a
  // branch that rejected the kind can still report more at this place. For branches written inline, the
  // schema path names the branch: drop everything from a branch that rejected the kind.
  const branchPrefix = top.schemaPath + '/';
  const branchOf = (e: AjvError) => (atPlace(e) && e.schemaPath.startsWith(branchPrefix) ? e.schemaPath.slice(branchPrefix.length).split('/')[0] : undefined);
  const wrongKind = new Set(kindMismatches.map(branchOf).filter((b) => b !== undefined));
  const inside = group.filter((e) => {
    if (!atPlace(e)) return true;
    if (e.keyword === 'type' || isCombinator(e)) return false;
    const branch = branchOf(e);
    return branch === undefined || !wrongKind.has(branch);
  });
  if (inside.length > 0) {
    condense(inside, out);
    return;
  }
  const value = out.value(path);
  const named = lookupByShape(ALTERNATIVES, path);
  const predicate = named ?? `must be ${typesPhrase(kindMismatches.flatMap(typeList))}`;
  out.add(path, `${subject(path)} ${predicate}${got(path, value)}`);
}

function simple(e: AjvError, out: Collector): void {
  const path = out.path(e.instancePath);
  const value = out.value(path);
  const p = subject(path);
  switch (e.keyword) {
    case 'type':
      out.add(path, `${p} must be ${typesPhrase(typeList(e))}${got(path, value)}`);
      break;
    case 'additionalProperties':
      unknownKey(path, String(e.params.additionalProperty), out);
      break;
    case 'required':
      out.add(path, `${p} is missing required key ${quoteKey(String(e.params.missingProperty))}`);
      break;
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const phrase = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
      out.add(path, `${p} must be ${phrase}${got(path, value)}`);
      break;
    }
    case 'pattern': {
      if (path[path.length - 1] === 'container_name') {
        out.add(path, containerNameMessage(path, value));
        break;
      }
      const words = PATTERNS[String(e.params.pattern)];
      out.add(path, `${p} ${words ?? `must match the pattern ${String(e.params.pattern)}`}${got(path, value)}`);
      break;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'greater than', '<': 'less than' };
      out.add(path, `${p} must be ${words[String(e.params.comparison)] ?? String(e.params.comparison)} ${String(e.params.limit)}${got(path, value)}`);
      break;
    }
    case 'uniqueItems': {
      const later = Math.max(Number(e.params.i), Number(e.params.j));
      const earlier = Math.min(Number(e.params.i), Number(e.params.j));
      const item = Array.isArray(value) ? value[later] : undefined;
      const shown = quotable([...path, later], item);
      out.add(
        [...path, later],
        shown ? `${p} has duplicate item ${shown} (at [${earlier}] and [${later}])` : `${p} has duplicate items at [${earlier}] and [${later}]`,
      );
      break;
    }
    default:
      out.add(path, `${p} is invalid (${e.keyword} ${JSON.stringify(e.params)})`);
  }
}

function unknownKey(path: DocPath, key: string, out: Collector): void {
  const hint = lookupByShape(closedObjects, path);
  const where = [...path, key];
  if (hint && hint.keys.length === 0 && hint.patterns.length > 0) {
    // a mapping of names: the key is a badly formed name, not an unknown keyword
    if (key === '') {
      out.add(where, `${subject(path)} has an empty key`);
      return;
    }
    const last = path[path.length - 1];
    const noun = typeof last === 'string' ? NAME_OF_ENTRY[last] : undefined;
    const rule = hint.patterns.includes(SERVICE_LIKE_NAME)
      ? 'use only letters, digits, ".", "_" and "-"'
      : `it must match ${hint.patterns.join(' or ')}`;
    out.add(where, `${subject(path)}: ${quoteKey(key)} is not a valid ${noun ?? 'key'} name: ${rule}`);
    return;
  }
  const suggestion = hint ? closestKey(key, hint.keys) : undefined;
  const mean = suggestion && suggestion !== key ? `, did you mean ${JSON.stringify(suggestion)}?` : '';
  if (path.length === 0) out.add(where, `unknown top-level key ${quoteKey(key)}${mean}`);
  else out.add(where, `${subject(path)}: unknown key ${quoteKey(key)}${mean}`);
}
