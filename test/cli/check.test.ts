// `compose-harden check` end to end: every exit code path (0, 1 for findings, 1 for drift, 2 for bad input or
// usage), --output-file, --baseline/--update-baseline, colour rules, every --format on the command line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck, type CheckFlags } from '../../src/cli/check.ts';
import { BASE, hardenProject, removeProject, tmpProject } from '../drift/tmp-project.ts';
import { cli } from './check-cli.ts';

function withProject(name: string, fn: (dir: string) => void | Promise<void>, files: Record<string, string> = { 'compose.yaml': BASE }): void {
  test(name, async () => {
    const dir = tmpProject(files);
    try {
      await fn(dir);
    } finally {
      removeProject(dir);
    }
  });
}

withProject('exit 1: findings at or above --fail-on, listed by file and line', (dir) => {
  const r = cli(['check'], dir);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /^compose.yaml\n {2}\d+:\d+ +medium +CH101 {2}web: /m);
  assert.is(r.stderr, '');
});

withProject('exit 0: hardened, nothing at or above --fail-on, override up to date', (dir) => {
  hardenProject(dir);
  const r = cli(['check', '--fail-on', 'high'], dir);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /override compose.override.yaml: up to date/);
  assert.is(cli(['check', '--fail-on', 'none'], dir).code, 0);
});

withProject('exit 1: drift alone fails, with the diff and the fixing command; --no-drift does not look', (dir) => {
  const path = hardenProject(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace('memory: 512m', 'memory: 4g'));
  const r = cli(['check', '--fail-on', 'none'], dir);
  assert.is(r.code, 1);
  assert.match(r.stdout, /override drift: compose.override.yaml is not what compose-harden would write now/);
  assert.match(r.stdout, /^- {10}memory: 4g$/m);
  assert.match(r.stdout, /^\+ {10}memory: 512m$/m);
  assert.match(r.stdout, /^run: rm compose.override.yaml && compose-harden harden$/m);
  assert.is(cli(['check', '--fail-on', 'none', '--no-drift'], dir).code, 0);
  // Running the fix makes the check pass.
  rmSync(path);
  assert.is(cli(['harden'], dir).code, 0);
  assert.is(cli(['check', '--fail-on', 'none'], dir).code, 0);
});

withProject('exit 2: invalid YAML, with file:line:col and no report', (dir) => {
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: [nginx\n');
  const r = cli(['check'], dir);
  assert.is(r.code, 2);
  assert.match(r.stderr, /compose-harden: compose.yaml:\d+:\d+: /);
  assert.is(r.stdout, '');
});

withProject('exit 2: bad usage of every kind', (dir) => {
  mkdirSync(join(dir, 'out'));
  const cases: Array<[string[], RegExp]> = [
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif, github, markdown, junit/],
    [['check', '--fail-on', 'severe'], /--fail-on must be one of/],
    [['check', '--update-baseline'], /--update-baseline needs --baseline FILE/],
    [['check', '--baseline', 'none.json'], /baseline not found/],
    [['check', '--output-file', 'out'], /is a directory/],
    [['check', '--no-such-flag'], /unknown option/],
    [['check', '-f', 'missing.yaml'], /missing.yaml/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args, dir);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.is(r.stdout, '', args.join(' '));
  }
  const empty = tmpProject({});
  try {
    assert.is(cli(['check'], empty).code, 2, 'no compose file');
  } finally {
    removeProject(empty);
  }
});

withProject('--help documents the exit codes and exits 0', (dir) => {
  const r = cli(['check', '--help'], dir);
  assert.is(r.code, 0);
  assert.match(r.stdout, /Exit codes:\n\s+0 {2}nothing fails/);
  assert.match(r.stdout, /--baseline <file>/);
});

withProject('--output-file writes the report (creating folders), stdout stays empty, a summary goes to stderr', (dir) => {
  const r = cli(['check', '--format', 'sarif', '--output-file', 'reports/x/out.sarif'], dir);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /failing findings \(--fail-on low\); sarif report written to reports\/x\/out.sarif/);
  assert.is(JSON.parse(readFileSync(join(dir, 'reports/x/out.sarif'), 'utf8')).version, '2.1.0');
});

withProject('--update-baseline writes the baseline; then only new findings fail, and fixed ones are reported', (dir) => {
  const w = cli(['check', '--baseline', 'ch-baseline.json', '--update-baseline'], dir);
  assert.is(w.code, 0, w.stdout);
  assert.match(w.stderr, /wrote \d+ findings to the baseline ch-baseline.json/);
  const saved = JSON.parse(readFileSync(join(dir, 'ch-baseline.json'), 'utf8'));
  assert.ok(saved.findings.length > 3);
  assert.is(cli(['check', '--baseline', 'ch-baseline.json'], dir).code, 0);
  writeFileSync(join(dir, 'compose.yaml'), `# moved\n${BASE.replace('    image: redis:7\n', '    image: redis:7\n    user: "999:999"\n')}  extra:\n    image: nginx:1.27\n`);
  const r = cli(['check', '--baseline', 'ch-baseline.json', '--format', 'json'], dir);
  assert.is(r.code, 1);
  const d = JSON.parse(r.stdout);
  assert.ok(d.findings.length > 0 && d.findings.every((f: { service: string }) => f.service === 'extra'));
  assert.equal(d.fixedSinceBaseline.map((e: { service: string; rule: string }) => `${e.service} ${e.rule}`), ['cache CH101']);
});

withProject('every format runs from the command line and is deterministic', (dir) => {
  for (const format of ['text', 'json', 'sarif', 'github', 'markdown', 'junit']) {
    const a = cli(['check', '--format', format], dir);
    const b = cli(['check', '--format', format], dir);
    assert.is(a.code, 1, format);
    assert.ok(a.stdout.length > 100, format);
    assert.is(a.stdout, b.stdout, format);
  }
});

withProject('colour: only on a TTY or with --color, never with NO_COLOR or --no-color', async (dir) => {
  const run = async (flags: Partial<CheckFlags>, isTTY: boolean, env: Record<string, string> = {}) => {
    let out = '';
    await runCheck({ format: 'text', failOn: 'low', ...flags }, { cwd: dir, env, isTTY, stdout: (s) => (out += s), stderr: () => {} });
    return /\x1b\[/.test(out);
  };
  assert.ok(await run({}, true));
  assert.not.ok(await run({}, false));
  assert.not.ok(await run({}, true, { NO_COLOR: '1' }));
  assert.not.ok(await run({ color: false }, true));
  assert.ok(await run({ color: true }, false));
  assert.not.ok(await run({ color: true }, false, { NO_COLOR: '1' }));
  assert.not.ok(await run({ format: 'json' }, true), 'machine formats never');
  assert.not.ok(/\x1b\[/.test(cli(['check', '--color'], dir, { NO_COLOR: '1' }).stdout));
  assert.ok(/\x1b\[/.test(cli(['check', '--color'], dir).stdout));
});

withProject('--override PATH: compared, and the fix names it', (dir) => {
  const r = cli(['check', '--override', 'hardening.yaml', '--fail-on', 'none'], dir);
  assert.is(r.code, 1);
  assert.match(r.stdout, /hardening.yaml does not exist yet/);
  assert.match(r.stdout, /^run: compose-harden harden -o hardening.yaml$/m);
  assert.is(cli(['harden', '-o', 'hardening.yaml'], dir).code, 0);
  assert.ok(existsSync(join(dir, 'hardening.yaml')));
  const again = cli(['check', '--override', 'hardening.yaml', '--fail-on', 'none'], dir);
  assert.is(again.code, 0, again.stdout);
});

test.run();
