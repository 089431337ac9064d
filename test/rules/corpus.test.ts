// Every rule over every corpus compose file that loads (../shared/corpus): no rule throws, and every
// finding is well formed — a rule id and severity the registry knows, a model path rooted at `services` or a
// top-level section, a location inside a file the project was loaded from, and a message that carries none of
// the project's secret values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import type { Project } from '../../src/model/types.ts';
import { preparePolicy, runOptionsFor } from '../../src/harden.ts';
import { allRules, checkProject, type CheckResult } from '../../src/rules/index.ts';
import { SEVERITIES } from '../../src/rules/types.ts';
import { collectSecretValues } from '../../src/report/redact.ts';
import { repoName } from '../../src/rules/image.ts';
import { defaultImages } from '../../src/images/index.ts';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models', 'include', 'name'];
const RULE_IDS = new Set(allRules.map((r) => r.meta.id));

const files = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c[4] !== 'n/a')
  .map((c) => c[0]);

/** Reads go through the overlay first, so an overlay that answers nothing records every compose file read. */
class RecordingOverlay extends Map<string, string> {
  readonly read = new Set<string>();
  override get(path: string): string | undefined {
    this.read.add(path);
    return undefined;
  }
}

interface Loaded {
  file: string;
  project: Project;
  /** Compose files (the file itself, include and extends targets) and env files the load read. */
  sources: Set<string>;
}

const loaded: Loaded[] = [];
let rejected = 0;
for (const file of files) {
  const abs = join(CORPUS, file);
  const overlay = new RecordingOverlay();
  try {
    const project = loadProject({ files: [abs], cwd: dirname(abs), env: ENV, normalize: false, resolvePaths: false, overlay });
    const sources = new Set([...project.files, ...overlay.read]);
    for (const vars of Object.values(project.envFileValues)) for (const v of Object.values(vars)) sources.add(v.file);
    loaded.push({ file, project, sources });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    rejected++;
  }
}

const results = new Map<string, CheckResult>();
const crashes: string[] = [];
for (const { file, project } of loaded) {
  try {
    const { policy, images } = preparePolicy(project, {});
    results.set(file, checkProject(project, runOptionsFor(project, policy, images)));
  } catch (e) {
    crashes.push(`${file}: ${(e as Error).stack ?? e}`);
  }
}

test('most corpus files load, the rest are rejected as input errors', () => {
  assert.is(loaded.length + rejected, files.length);
  assert.ok(loaded.length >= 100, `${loaded.length} of ${files.length} load`);
});

test('no rule throws on a corpus file that loads', () => {
  assert.equal(crashes, []);
  assert.is(results.size, loaded.length);
});

test('the rules find something in the corpus (the properties below are not vacuous)', () => {
  const total = [...results.values()].reduce((n, r) => n + r.findings.length, 0);
  assert.ok(total > 1000, `${total} findings`);
});

test('every finding names a known rule and severity, and a path rooted at services or a top-level section', () => {
  const bad: string[] = [];
  for (const [file, r] of results) {
    for (const f of r.findings) {
      const where = `${file} ${f.rule} ${f.path.join('.')}`;
      if (!RULE_IDS.has(f.rule)) bad.push(`${where}: unknown rule`);
      if (!SEVERITIES.includes(f.severity)) bad.push(`${where}: severity ${f.severity}`);
      const root = f.path[0];
      if (typeof root !== 'string' || !SECTIONS.includes(root)) bad.push(`${where}: path root ${String(root)}`);
      if (root === 'services' && (f.path[1] !== f.service || typeof f.service !== 'string')) bad.push(`${where}: path names service ${String(f.path[1])}, finding ${f.service}`);
      if (typeof f.message !== 'string' || f.message.trim() === '') bad.push(`${where}: empty message`);
    }
  }
  assert.equal(bad, []);
});

test('every location points at a line of a file the project was loaded from', () => {
  const bad: string[] = [];
  const lines = new Map<string, number>();
  const lineCount = (p: string) => {
    if (!lines.has(p)) lines.set(p, readFileSync(p, 'utf8').split('\n').length);
    return lines.get(p)!;
  };
  let located = 0;
  for (const { file, sources } of loaded) {
    for (const f of results.get(file)?.findings ?? []) {
      if (!f.loc) continue;
      located++;
      const where = `${file} ${f.rule} ${f.path.join('.')}`;
      if (!sources.has(f.loc.file)) bad.push(`${where}: ${f.loc.file} was not loaded`);
      else if (f.loc.line < 1 || f.loc.col < 1 || f.loc.line > lineCount(f.loc.file)) bad.push(`${where}: ${f.loc.file}:${f.loc.line}:${f.loc.col} out of range`);
    }
  }
  assert.ok(located > 0);
  assert.equal(bad, []);
});

/**
 * Names the project itself publishes: service, network, volume, secret and config names, image references and
 * mount paths, and the knowledge-base entry an image matched. A message may quote them even when a password happens to equal one (POSTGRES_PASSWORD=temporal
 * beside a service called temporal), so they are masked before looking for secret values.
 */
function publicNames(p: Project): string[] {
  const out = new Set<string>([p.name]);
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    for (const [key, r] of Object.entries(p[kind])) {
      out.add(key);
      if (typeof r?.name === 'string') out.add(r.name);
    }
  }
  for (const services of [p.services, p.disabledServices]) {
    for (const [name, s] of Object.entries(services)) {
      out.add(name);
      if (s.image) {
        out.add(s.image);
        out.add(repoName(s.image));
        // Messages name the knowledge-base entry that matched (`nextcloud` for nextcloud:apache).
        const known = defaultImages.lookup(s.image)?.image;
        if (known) out.add(known);
      }
      for (const v of s.volumes ?? []) for (const part of [v.source, v.target]) if (typeof part === 'string') out.add(part);
    }
  }
  out.delete('');
  return [...out].sort((a, b) => b.length - a.length);
}

function maskNames(text: string, names: string[]): string {
  let out = text;
  for (const n of names) out = out.split(n).join('\u0000');
  return out;
}

test('no message, suggestion or key carries a secret value of its project', () => {
  const leaks: string[] = [];
  let checked = 0;
  for (const { file, project } of loaded) {
    const secrets = [...collectSecretValues(project)];
    if (!secrets.length) continue;
    const names = publicNames(project);
    const r = results.get(file)!;
    for (const f of [...r.findings, ...r.suppressed]) {
      checked++;
      for (const text of [f.message, f.suggestion ?? '', f.key ?? '']) {
        const visible = maskNames(text, names);
        const hit = secrets.find((s) => visible.includes(s));
        // Say where, never what: the test output must not print the value either.
        if (hit !== undefined) leaks.push(`${file} ${f.rule} ${f.path.join('.')}: a secret value of length ${hit.length}`);
      }
    }
  }
  assert.ok(checked > 0, 'no project with secret values: the property is vacuous');
  assert.equal(leaks, []);
});

test.run();
