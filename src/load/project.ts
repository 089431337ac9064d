// Loads a Compose project the way compose-go v2 does (../shared/docs/compose-semantics.md §1):
// per file parse → interpolate → include → reset → extends → merge, then schema, canonical forms,
// defaults, paths, post-merge checks, profiles and env files.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError, inputErrors, type InputProblem } from '../model/errors.ts';
import { copyAllMeta, keyLocOf, locAtPath, locOf, type Loc } from '../model/loc.ts';
import { canonicalize } from '../model/canonical.ts';
import type { Project } from '../model/types.ts';
import { validateSchema } from '../validate/schema.ts';
import { interpolateTree } from './interpolate-tree.ts';
import { deletePaths, enforceUnicity, mergeTrees } from './merge.ts';
import { absolutize, defaultProjectName, normalizeProjectName, readEnvFiles, resolveOptions, type LoadOptions, type ResolvedOptions } from './options.ts';
import { DEFAULT_LIMITS, parseComposeYaml, tooLarge, type ParsedDoc, type Path } from './yaml.ts';
import { resolveExtends } from './extends.ts';
import { finishProject } from './finish.ts';
import { toText } from '../model/text.ts';

export type { LoadOptions } from './options.ts';

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface FileReader {
  read(path: string): string;
}

export interface LoadState {
  env: Map<string, string>;
  warnings: string[];
  /** Files being loaded through include/extends, to refuse cycles. */
  stack: string[];
  stdin?: () => string;
  overlay?: Map<string, string>;
  parsed: Map<string, ParsedDoc[]>;
  /** Values interpolation took from variables (value → variable name), to keep them out of error messages. */
  used: Map<string, string>;
  /** Every variable interpolation looked up, set or not. */
  asked: Set<string>;
  /** Parse and interpolate another file with this state's environment (for extends). */
  load: (path: string) => ParsedDoc[];
  rebase: (service: Record<string, unknown>, dir: string) => void;
}

function newState(env: Map<string, string>, warnings: string[], stack: string[], stdin?: () => string, overlay?: Map<string, string>, used = new Map<string, string>()): LoadState {
  const state: LoadState = {
    env,
    warnings,
    stack,
    stdin,
    overlay,
    parsed: new Map(),
    used,
    asked: new Set(),
    load: (p) => loadDocs(p, state),
    rebase: rebaseServicePaths,
  };
  return state;
}

export function readComposeFile(path: string, state: Pick<LoadState, 'stdin' | 'overlay'>): string {
  const virtual = state.overlay?.get(path);
  if (virtual !== undefined) return virtual;
  if (path === '-') {
    if (!state.stdin) throw new InputError('-f - needs standard input');
    return state.stdin();
  }
  try {
    // Refuse a huge file before reading it: memory stays bounded (UTF-8 bytes >= characters).
    const size = statSync(path).size;
    if (size > DEFAULT_LIMITS.maxChars * 4) throw tooLarge(size, path);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a compose file`);
    throw new InputError(`${path}: cannot read (${code ?? 'error'})`);
  }
}

// Parsed documents are never modified (interpolation builds new trees), so one parse of a file's text serves
// every load in the process: harden loads the project again to verify its override, check again for drift.
const PARSE_CACHE = new Map<string, { text: string; docs: ParsedDoc[] }>();
const PARSE_CACHE_LIMIT = 64;

/** Forget parsed files (harden calls it once verification, the only re-load, is done: large projects' trees are big). */
export function clearParseCache(): void {
  PARSE_CACHE.clear();
}

function parseCached(path: string, text: string): ParsedDoc[] {
  const hit = PARSE_CACHE.get(path);
  if (hit && hit.text === text) return hit.docs;
  checkEncoding(text, path);
  const docs = parseComposeYaml(text, path === '-' ? '<stdin>' : path);
  if (PARSE_CACHE.size >= PARSE_CACHE_LIMIT) PARSE_CACHE.delete(PARSE_CACHE.keys().next().value as string);
  PARSE_CACHE.set(path, { text, docs });
  return docs;
}

/** Parse (once) and interpolate one file's documents. */
export function loadDocs(path: string, state: LoadState): ParsedDoc[] {
  let docs = state.parsed.get(path);
  if (!docs) {
    const text = readComposeFile(path, state);
    docs = parseCached(path, text);
    state.parsed.set(path, docs);
  }
  const unset = new Set<string>();
  const out = docs.map((d) => {
    const value = interpolateTree(d.value, {
      lookup: (n) => {
        state.asked.add(n);
        const v = state.env.get(n);
        if (v !== undefined) state.used.set(v, n);
        return v;
      },
      onUnset: (n) => unset.add(n),
      onWarning: (m) => state.warnings.push(m),
    });
    return { ...d, value };
  });
  for (const n of unset) state.warnings.push(`the "${n}" variable is not set; defaulting to a blank string`);
  return out;
}

function checkEncoding(text: string, path: string): void {
  // UTF-16 files decode as UTF-8 into NUL-laden text; say what they are instead of a YAML error.
  if (text.startsWith('\uFFFD\uFFFD') || /^\uFEFF?.\u0000/.test(text) || text.startsWith('\u0000')) {
    throw new InputError(`${path}: not UTF-8 text (UTF-16?); save the file as UTF-8`);
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const before = text.slice(0, bad);
    const line = before.split('\n').length;
    const col = bad - before.lastIndexOf('\n');
    throw new InputError('invalid UTF-8 byte sequence', { file: path, line, col });
  }
}

/**
 * Load a whole project. Throws InputError (with every problem found) on invalid input. `resolved` is
 * `resolveOptions(opts)` when the caller already needed it: resolving reads `.env` and searches for files.
 */
export function loadProject(opts: LoadOptions = {}, resolved?: ResolvedOptions): Project {
  const ro = resolved ?? resolveOptions(opts);
  const state = newState(ro.env, [], [], opts.stdin, opts.overlay);
  try {
    const { tree, name } = loadTree(ro, state);
    return finishProject(tree, {
    name,
    workingDir: ro.workingDir,
    files: ro.files,
    profiles: ro.profiles,
    env: ro.env,
    warnings: state.warnings,
    resolvePaths: opts.resolvePaths !== false,
    normalize: opts.normalize !== false,
    readEnvFiles: opts.readEnvFiles !== false,
    });
  } catch (e) {
    throw e instanceof InputError ? hideVariableValues(e, state.used) : e;
  }
}

/** Shortest value hidden from messages: shorter ones ("80", "on") would mangle unrelated text. */
const MIN_HIDDEN = 4;

/**
 * Messages quote the offending value ("…" is not a valid port mapping); when it came from a variable it
 * may be a secret (`${DB_PASSWORD}` in the wrong place), so it is shown as the variable that produced it.
 */
export function hideVariableValues(e: InputError, used: Map<string, string>): InputError {
  const values = [...used.keys()].filter((v) => v.length >= MIN_HIDDEN).sort((a, b) => b.length - a.length);
  if (!values.length) return e;
  const hide = (m: string) => values.reduce((text, v) => (text.includes(v) ? text.split(v).join('${' + used.get(v) + '}') : text), m);
  const problems = e.problems.map((p) => ({ ...p, message: hide(p.message) }));
  if (problems.every((p, i) => p.message === e.problems[i].message)) return e;
  return new InputError(problems[0].message, problems[0].loc, problems);
}

/** Merge every file of the project into one raw tree and validate it (steps 1–12). */
export function loadTree(ro: ResolvedOptions, state: LoadState): { tree: Tree; name: string } {
  const all: ParsedDoc[] = [];
  const warningsBefore = state.warnings.length;
  const nameWasSet = state.env.has('COMPOSE_PROJECT_NAME');
  for (const f of ro.files) {
    const docs = loadDocs(f, state);
    if (docs.length === 0 || docs.every((d) => d.value === null)) {
      throw new InputError('empty compose file', { file: f === '-' ? '<stdin>' : f, line: 1, col: 1 });
    }
    all.push(...docs.filter((d) => d.value !== null));
  }
  // The project name is known once every file's `name:` has been read; it then joins the environment.
  let name = ro.nameFromCli;
  if (!name) {
    let nameLoc: Loc | undefined;
    for (const d of all) {
      if (isMap(d.value) && typeof d.value.name === 'string' && d.value.name !== '') {
        name = d.value.name;
        nameLoc = locOf(d.value, 'name');
      }
    }
    if (name) {
      const n = normalizeProjectName(name);
      if (n !== name) throw new InputError(`invalid project name "${name.slice(0, 60)}": must contain only lowercase letters, digits, dashes and underscores`, nameLoc);
    }
  }
  name ??= defaultProjectName(ro.workingDir);
  if (!state.env.has('COMPOSE_PROJECT_NAME')) {
    state.env.set('COMPOSE_PROJECT_NAME', name);
  }
  if (state.asked.has('COMPOSE_PROJECT_NAME') && !nameWasSet) {
    // A file used the name before it was known: interpolate again with it (parsing is cached), and keep
    // only the second pass's warnings.
    state.warnings.length = warningsBefore;
    all.length = 0;
    for (const f of ro.files) all.push(...loadDocs(f, state).filter((d) => d.value !== null));
  }

  let acc: unknown = undefined;
  for (const d of all) {
    if (!isMap(d.value)) {
      throw new InputError(`top-level must be a mapping, not ${describe(d.value)}`, d.loc);
    }
    acc = applyDoc(acc, d, ro.workingDir, state);
  }
  const tree = (acc ?? {}) as Tree;
  // Report schema problems and short-syntax problems together: one run shows every error.
  const problems = schemaProblems(tree);
  delete tree.version;
  let canonical: Tree | undefined;
  try {
    canonical = canonicalize(tree);
  } catch (e) {
    if (!(e instanceof InputError) || !problems.length) throw e;
    problems.push(...e.problems);
  }
  if (problems.length || !canonical) throw inputErrors(sortProblems(problems));
  return { tree: canonical, name };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'empty';
  return `a ${typeof v}`;
}

function applyDoc(acc: unknown, d: ParsedDoc, workingDir: string, state: LoadState): unknown {
  let doc = d.value as Tree;
  const fileDir = d.file === '<stdin>' ? workingDir : dirname(d.file);
  if ('include' in doc) {
    const included = loadIncludes(doc, d.file, fileDir, workingDir, state);
    acc = mergeTrees(acc, included);
    const rest: Tree = { ...doc };
    copyAllMeta(doc, rest);
    delete rest.include;
    doc = rest;
  }
  acc = deletePaths(acc, [...d.resets, ...d.overrides]);
  doc = resolveExtends(doc, d.file, fileDir, state, [...d.resets, ...d.overrides]);
  return enforceUnicity(mergeTrees(acc, doc));
}

function loadIncludes(doc: Tree, file: string, fileDir: string, workingDir: string, state: LoadState): Tree {
  // `include` is removed before schema validation, so its shape is checked here.
  if (doc.include !== null && doc.include !== undefined && !Array.isArray(doc.include)) {
    throw new InputError('include must be a list of paths or mappings', locOf(doc, 'include'));
  }
  const entries = Array.isArray(doc.include) ? doc.include : [];
  let out: unknown = undefined;
  entries.forEach((entry, i) => {
    const loc = locOf(doc.include, i);
    const spec = typeof entry === 'string' ? { path: entry } : isMap(entry) ? entry : undefined;
    if (!spec) throw new InputError('include entries must be a path or a mapping', loc);
    const okPath = (p: unknown) => typeof p === 'string' && p !== '';
    if (!(okPath(spec.path) || (Array.isArray(spec.path) && spec.path.length > 0 && spec.path.every(okPath)))) {
      throw new InputError('include entries need a path (a string or a list of strings)', loc);
    }
    const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).map((p) => absolutize(toText(p), fileDir));
    for (const p of paths) {
      if (state.stack.includes(p) || p === file) throw new InputError(`include cycle: ${[...state.stack, file, p].join(' -> ')}`, loc);
    }
    const projectDir = spec.project_directory ? absolutize(toText(spec.project_directory), fileDir) : dirname(paths[0]);
    const envFiles = spec.env_file === undefined ? [resolve(projectDir, '.env')] : (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map((p) => absolutize(toText(p), fileDir));
    // The included project has its own .env, which the including project's environment overrides.
    const env = readEnvFiles(envFiles, state.env, spec.env_file !== undefined);
    for (const [k, v] of state.env) env.set(k, v);
    const sub = newState(env, state.warnings, [...state.stack, file], state.stdin, state.overlay, state.used);
    let acc: unknown = undefined;
    for (const p of paths) {
      let docs: ParsedDoc[];
      try {
        docs = loadDocs(p, sub);
      } catch (e) {
        if (e instanceof InputError && !e.loc) throw new InputError(`include: ${e.message}`, loc);
        throw e;
      }
      for (const d of docs) if (d.value !== null) acc = applyDoc(acc, d, projectDir, sub);
    }
    const tree = (acc ?? {}) as Tree;
    rebaseIncluded(tree, projectDir);
    out = mergeTrees(out, tree);
  });
  return (out ?? {}) as Tree;
}

/** Relative paths inside an included project are relative to its own directory: make them absolute. */
function rebaseIncluded(tree: Tree, dir: string): void {
  if (isMap(tree.services)) for (const s of Object.values(tree.services)) if (isMap(s)) rebaseServicePaths(s, dir);
  for (const kind of ['secrets', 'configs'] as const) {
    if (!isMap(tree[kind])) continue;
    for (const r of Object.values(tree[kind] as Tree)) if (isMap(r) && typeof r.file === 'string') r.file = absolutize(r.file, dir);
  }
}

/** Make a service's relative host paths absolute against `dir` (extends/include from another folder). */
export function rebaseServicePaths(s: Tree, dir: string): void {
  const rel = (p: string) => (p.startsWith('.') || (!isAbsolute(p) && !p.startsWith('~') && !p.includes('://')) ? resolve(dir, p) : p);
  if (typeof s.build === 'string') s.build = rel(s.build);
  else if (isMap(s.build) && typeof s.build.context === 'string' && !s.build.context.includes('://')) s.build.context = rel(s.build.context);
  if (typeof s.env_file === 'string') s.env_file = rel(s.env_file);
  else if (Array.isArray(s.env_file))
    s.env_file = s.env_file.map((e) => (typeof e === 'string' ? rel(e) : isMap(e) && typeof e.path === 'string' ? { ...e, path: rel(e.path) } : e));
  if (Array.isArray(s.volumes)) {
    s.volumes = s.volumes.map((v) => {
      if (typeof v === 'string' && v.startsWith('.')) {
        const i = v.indexOf(':');
        return i < 0 ? v : resolve(dir, v.slice(0, i)) + v.slice(i);
      }
      if (isMap(v) && v.type === 'bind' && typeof v.source === 'string' && v.source.startsWith('.')) return { ...v, source: resolve(dir, v.source) };
      return v;
    });
  }
}

/** Schema validation of the merged tree; errors located through the merged tree's positions. */
function schemaProblems(tree: Tree): InputProblem[] {
  // An unknown key is best shown at the key; a wrong value at the value.
  // So is a bad name: `services: "a b" is not a valid service name` belongs at the name, not the body.
  const atKey = /unknown|not allowed|additional|is not a valid \w+ name|empty key/i;
  return validateSchema(tree).map((p) => ({ message: p.message, loc: atKey.test(p.message) ? locForPath(tree, p.path) : locAtPath(tree, p.path) }));
}

function sortProblems(list: InputProblem[]): InputProblem[] {
  const key = (p: InputProblem) => (p.loc ? [p.loc.file, p.loc.line, p.loc.col] : ['', 0, 0]);
  return [...list].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] as number) - (y[1] as number) || (x[2] as number) - (y[2] as number);
  });
}

function locForPath(tree: Tree, path: Path): Loc | undefined {
  // Unknown keys: point at the key itself rather than at its value.
  if (path.length) {
    let parent: unknown = tree;
    for (const k of path.slice(0, -1)) parent = isMap(parent) || Array.isArray(parent) ? (parent as Tree)[k as string] : undefined;
    const last = path[path.length - 1];
    const kl = keyLocOf(parent, last);
    if (kl) return kl;
  }
  return locAtPath(tree, path);
}

