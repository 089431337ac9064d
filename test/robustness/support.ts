// Shared by the robustness and fuzz tests: load text as a compose file in memory, and tell a clean
// refusal (InputError, located inside the input) from a crash (anything else, or our InternalError).
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/load/project.ts';
import { InputError, type InputProblem } from '../../src/model/errors.ts';
import { InternalError } from '../../src/harden.ts';
import type { Project } from '../../src/model/types.ts';
import type { LoadOptions } from '../../src/load/options.ts';

/** A directory that never holds a file: every compose file of these tests lives in `overlay`. */
export const VIRTUAL_DIR = join(tmpdir(), 'compose-harden-robustness-virtual');
export const VIRTUAL_FILE = join(VIRTUAL_DIR, 'compose.yaml');

export function overlayLoad(text: string, extra: Record<string, string> = {}, env: Record<string, string> = {}): LoadOptions {
  const overlay = new Map<string, string>([[VIRTUAL_FILE, text]]);
  for (const [name, t] of Object.entries(extra)) overlay.set(join(VIRTUAL_DIR, name), t);
  return { files: [VIRTUAL_FILE], cwd: VIRTUAL_DIR, env, overlay };
}

export type Outcome = { ok: true; project: Project } | { ok: false; error: InputError };

/** Load; an InputError is an outcome, anything else is rethrown (a crash fails the test). */
export function tryLoad(opts: LoadOptions): Outcome {
  try {
    return { ok: true, project: loadProject(opts) };
  } catch (e) {
    if (e instanceof InputError && !(e instanceof InternalError)) return { ok: false, error: e };
    throw e;
  }
}

/** Every located problem points at a line and column that exist in the text it names. */
export function problemsWithin(problems: InputProblem[], texts: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const p of problems) {
    if (!p.loc) continue;
    const text = texts.get(p.loc.file);
    if (text === undefined) continue; // a file of the environment (an env file on disk), not ours
    // Lines end at \n (a CR before it is part of the line end, a lone CR is not a line break for positions).
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    const line = lines[p.loc.line - 1];
    if (line === undefined || p.loc.col < 1 || p.loc.col > line.replace(/\r$/, '').length + 1) {
      // One past the last line is where a parser reports "unexpected end of input".
      if (!(p.loc.line === lines.length + 1 && p.loc.col === 1)) bad.push(`${p.loc.file}:${p.loc.line}:${p.loc.col} outside the input: ${p.message}`);
    }
  }
  return bad;
}

export function expectRefusal(text: string, pattern: RegExp, extra: Record<string, string> = {}): InputError {
  const r = tryLoad(overlayLoad(text, extra));
  assert.not.ok(r.ok, `expected a refusal matching ${pattern}`);
  const error = (r as { error: InputError }).error;
  assert.match(error.lines().join('\n'), pattern);
  const texts = new Map([[VIRTUAL_FILE, text], ...Object.entries(extra).map(([k, v]) => [join(VIRTUAL_DIR, k), v] as [string, string])]);
  assert.equal(problemsWithin(error.problems, texts), []);
  return error;
}

export function expectLoads(text: string, extra: Record<string, string> = {}, env: Record<string, string> = {}): Project {
  const r = tryLoad(overlayLoad(text, extra, env));
  if (!r.ok) assert.unreachable(`expected to load, got: ${r.error.lines().join(' | ')}`);
  return (r as { project: Project }).project;
}

export function scratchDir(prefix = 'ch-robust-'): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
export const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;
export const SAFE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

/** Cases to run: `FUZZ_RUNS` scales every generative test for the long local mode (scripts/fuzz.mjs). */
export function runs(ci: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? n : ci;
}
