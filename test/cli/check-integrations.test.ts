// The integrations run what they say: the pre-commit hook's entry command, and the compose-harden steps of the
// GitHub Actions and GitLab CI examples, executed by a shell on a copy of an example project.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { removeProject, tmpProject } from '../drift/tmp-project.ts';
import { shell } from './check-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** A copy of an example project in a temp folder, so hardening it never touches the repository. */
function example(name: string): string {
  const dir = tmpProject({});
  cpSync(join(ROOT, 'examples', name), dir, { recursive: true });
  return dir;
}

test('the hook definition has the fields pre-commit requires, and loads the whole project', () => {
  assert.ok(hooks.length >= 1);
  for (const h of hooks) {
    for (const k of ['id', 'name', 'entry', 'language'] as const) assert.ok(h[k], `${h.id}: ${k}`);
    assert.is(h.pass_filenames, false, 'the project is loaded as Compose loads it, not file by file');
  }
  const re = new RegExp(hooks[0].files);
  for (const f of ['compose.yaml', 'docker-compose.yml', 'deploy/compose.prod.yaml', 'compose.override.yml', 'a/docker-compose.override.yaml', '.compose-harden.yml', '.env']) assert.ok(re.test(f), f);
  for (const f of ['README.md', 'composer.json', 'src/compose.ts', 'my-compose.yaml.bak']) assert.not.ok(re.test(f), f);
});

test('the hook entry, run as pre-commit runs it, fails on an example and passes once hardened', () => {
  const hook = hooks.find((h) => h.id === 'compose-harden')!;
  const dir = example('webapp');
  try {
    const r = shell(hook.entry, dir, { PRE_COMMIT: '1' });
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stdout, /^compose.yaml\n/);
    assert.match(r.stdout, /CH101 {2}web: /);
    assert.is(shell('compose-harden harden', dir).code, 0);
    const hardened = shell(`${hook.entry} --fail-on critical`, dir, { PRE_COMMIT: '1' });
    assert.is(hardened.code, 0, hardened.stdout);
    assert.match(hardened.stdout, /override compose.override.yaml: up to date/);
    const path = join(dir, 'compose.override.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n {4}read_only: true/, ''));
    const drift = shell(`${hook.entry} --fail-on critical`, dir, { PRE_COMMIT: '1' });
    assert.is(drift.code, 1);
    assert.match(drift.stdout, /override drift/);
  } finally {
    removeProject(dir);
  }
});

/** `npx --no-install compose-harden ...` as the installed binary (what npx resolves to after the install step). */
const local = (cmd: string) => cmd.replace(/npx --no-install compose-harden/g, 'compose-harden');

test('GitHub Actions example: every compose-harden step runs; SARIF and the summary are written; the gate fails', () => {
  const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8'));
  const steps = (wf.jobs['compose-harden'].steps as Array<{ run?: string; uses?: string; with?: Record<string, string> }>);
  const runs = steps.filter((s) => s.run?.includes('compose-harden check')).map((s) => s.run!);
  assert.ok(runs.length >= 3);
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.ok(upload, 'uploads SARIF');
  assert.ok(wf.permissions['security-events'] === 'write');
  const dir = example('three-tier');
  try {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const codes = runs.map((cmd) => shell(local(cmd), dir, { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' }));
    assert.equal(codes.slice(0, -1).map((c) => c.code), codes.slice(0, -1).map(() => 0), 'report steps never fail the job');
    assert.is(codes.at(-1)!.code, 1, 'the gate fails on the example findings');
    assert.match(codes.at(-1)!.stdout, /^::error file=compose.yaml,line=\d+,col=\d+,title=CH\d{3} /m);
    const sarif = JSON.parse(readFileSync(join(dir, upload!.with!.sarif_file), 'utf8'));
    assert.is(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 0);
    assert.match(readFileSync(summary, 'utf8'), /^## compose-harden: /);
  } finally {
    removeProject(dir);
  }
});

test('GitLab CI example: JUnit and SARIF artifacts are written, the job fails on findings', () => {
  const ci = parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8'));
  const job = ci['compose-harden'];
  const script = (job.script as string[]).filter((l) => l.includes('compose-harden check'));
  assert.ok(script.length >= 2);
  const dir = example('webapp');
  try {
    const codes = script.map((cmd) => shell(local(cmd), dir));
    assert.is(codes.at(-1)!.code, 1);
    assert.ok(codes.slice(0, -1).every((c) => c.code === 0));
    const junit = readFileSync(join(dir, job.artifacts.reports.junit), 'utf8');
    assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="compose-harden" tests="\d+" failures="[1-9]\d*"/);
    for (const p of job.artifacts.paths) assert.ok(existsSync(join(dir, p)), p);
  } finally {
    removeProject(dir);
  }
});

test.run();
