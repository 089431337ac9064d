// The steps after the last file (compose-semantics.md §1 steps 13–21): defaults, paths, bare
// environment keys, normalisation, profiles, post-merge checks and env_file contents.
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../model/errors.ts';
import { copyAllMeta, locOf, setRaw } from '../model/loc.ts';
import type { Project, Service } from '../model/types.ts';
import { checkConsistency } from './consistency.ts';
import { parseDotenv } from './dotenv.ts';
import { absolutize } from './options.ts';

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface FinishOptions {
  name: string;
  workingDir: string;
  files: string[];
  profiles: string[];
  env: Map<string, string>;
  warnings: string[];
  resolvePaths: boolean;
  normalize: boolean;
  readEnvFiles: boolean;
}

export function finishProject(tree: Tree, o: FinishOptions): Project {
  const services = isMap(tree.services) ? tree.services : {};
  const project: Project = {
    name: o.name,
    workingDir: o.workingDir,
    files: o.files,
    services: {},
    networks: (isMap(tree.networks) ? tree.networks : {}) as Project['networks'],
    volumes: (isMap(tree.volumes) ? tree.volumes : {}) as Project['volumes'],
    secrets: (isMap(tree.secrets) ? tree.secrets : {}) as Project['secrets'],
    configs: (isMap(tree.configs) ? tree.configs : {}) as Project['configs'],
    disabledServices: {},
    extensions: {},
    envFileValues: {},
    warnings: o.warnings,
  };
  if (isMap(tree.models)) project.models = tree.models;
  for (const [k, v] of Object.entries(tree)) if (k.startsWith('x-')) project.extensions[k] = v;
  if ('version' in tree) o.warnings.push('the attribute `version` is obsolete, it will be ignored');

  const servicesMap: Tree = {};
  copyAllMeta(services, servicesMap);
  for (const [name, raw] of Object.entries(services)) {
    const s = (isMap(raw) ? raw : {}) as Service;
    fillBareEnvironment(s, o.env);
    if (o.resolvePaths) resolveServicePaths(s, o.workingDir);
    if (o.normalize) normalizeService(s);
    servicesMap[name] = s;
  }
  // Keep positions of service keys for findings about absent keys.
  project.services = servicesMap as Project['services'];
  if (o.resolvePaths) {
    for (const kind of ['secrets', 'configs'] as const) {
      for (const r of Object.values(project[kind])) if (isMap(r) && typeof r.file === 'string') r.file = absolutize(r.file, o.workingDir);
    }
  }
  if (o.normalize) normalizeProject(project);

  checkConsistency(project);

  // Profiles: services whose profiles do not meet the active set are off (but still known).
  const active = new Set(o.profiles);
  for (const [name, s] of Object.entries(project.services)) {
    const profiles = s.profiles ?? [];
    if (profiles.length && !profiles.some((p) => active.has(p) || p === '*') && !active.has('*')) {
      project.disabledServices[name] = s;
      delete project.services[name];
    }
  }
  // Services often share an env file: each is read once (and parsed per service, with that service's values).
  const texts = new Map<string, string | undefined>();
  if (o.readEnvFiles) for (const [name, s] of Object.entries(project.services)) readServiceEnvFiles(project, name, s, o, texts);
  return project;
}

/** `environment: [FOO]` takes FOO from the project environment when it has one (step 16). */
function fillBareEnvironment(s: Service, env: Map<string, string>): void {
  const e = s.environment;
  if (!e) return;
  for (const k of Object.keys(e)) {
    if (e[k] === null && env.has(k)) {
      e[k] = env.get(k)!;
      setRaw(e, k, '', [k]); // came from a variable, not from the file
    }
  }
}

function resolveServicePaths(s: Service, dir: string): void {
  if (s.build && typeof s.build.context === 'string' && !/^[a-z]+:\/\//i.test(s.build.context) && !s.build.context.startsWith('git@')) {
    s.build.context = absolutize(s.build.context, dir);
  }
  if (s.env_file) for (const e of s.env_file) e.path = absolutize(e.path, dir);
  if (Array.isArray(s.label_file)) s.label_file = (s.label_file as string[]).map((p) => absolutize(p, dir));
  if (s.volumes) {
    for (const v of s.volumes) {
      if (v.type === 'bind' && typeof v.source === 'string') v.source = absolutize(v.source, dir);
    }
  }
}

function normalizeService(s: Service): void {
  if (s.build && s.build.dockerfile === undefined && s.build.dockerfile_inline === undefined) s.build.dockerfile = 'Dockerfile';
  if (s.pull_policy === 'if_not_present') s.pull_policy = 'missing';
  if (!s.networks && !s.network_mode) s.networks = { default: null };
}

function normalizeProject(p: Project): void {
  const usesDefault = Object.values(p.services).some((s) => s.networks && 'default' in s.networks);
  if (usesDefault && !p.networks.default) p.networks.default = {};
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    for (const [key, r] of Object.entries(p[kind])) {
      if (!isMap(r)) continue;
      if (r.name === undefined) r.name = r.external ? key : `${p.name}_${key}`;
    }
  }
}

function readServiceEnvFiles(project: Project, name: string, s: Service, o: FinishOptions, texts: Map<string, string | undefined>): void {
  if (!s.env_file?.length) return;
  const values: Project['envFileValues'][string] = {};
  s.env_file.forEach((ref, i) => {
    const path = absolutize(ref.path, o.workingDir);
    // The canonical list may not carry positions of its own (a string became a list): fall back to the key.
    const loc = locOf(s.env_file, i) ?? locOf(s, 'env_file') ?? locOf(project.services, name);
    let text = texts.get(path);
    if (text === undefined && !texts.has(path)) {
      if (existsSync(path)) {
        try {
          text = readFileSync(path, 'utf8');
        } catch (e) {
          throw new InputError(`services.${name}.env_file: cannot read ${ref.path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, loc);
        }
      }
      texts.set(path, text);
    }
    if (text === undefined) {
      if (ref.required) {
        throw new InputError(`services.${name}.env_file: env file ${ref.path} not found`, loc);
      }
      return;
    }
    const lookup = (n: string) => o.env.get(n) ?? (Object.hasOwn(values, n) ? values[n].value : undefined) ?? s.environment?.[n] ?? undefined;
    for (const [k, e] of parseDotenv(text, path, lookup)) {
      if (k === '') continue;
      // A plain-object assignment would set the prototype and lose the entry.
      if (k === '__proto__') throw new InputError('"__proto__" cannot be used as a variable name', { file: path, line: e.line, col: 1 });
      values[k] = { value: e.value, file: path, line: e.line };
    }
  });
  project.envFileValues[name] = values;
}

