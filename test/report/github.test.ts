// --format github: workflow commands that parse back (the runner's own rules) to the findings they came from,
// with the escaping @actions/core uses, and the drift as an error plus a collapsed diff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeData, escapeProperty, formatGithub, ANNOTATION_LIMIT } from '../../src/report/formats/github.ts';
import type { CheckReport, ReportFinding } from '../../src/report/formats/model.ts';
import { scenario } from './scenario.ts';

interface Cmd {
  name: string;
  props: Record<string, string>;
  message: string;
}

/** The runner's parser: `::name k=v,k=v::message`, properties and data unescaped. */
function parseCommand(line: string): Cmd | undefined {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const i = kv.indexOf('=');
    props[kv.slice(0, i)] = unProp(kv.slice(i + 1));
  }
  return { name: m[1], props, message: unData(m[3]) };
}

const s = scenario();
test.after(() => s.cleanup());

test('every finding parses back to its file, line, column, kind and message', () => {
  const lines = formatGithub(s.rich).trimEnd().split('\n');
  const cmds = lines.map(parseCommand).filter((c): c is Cmd => !!c && ['error', 'warning', 'notice'].includes(c.name));
  const findingCmds = cmds.filter((c) => !c.props.title.includes('drift'));
  assert.is(findingCmds.length, s.rich.findings.length);
  s.rich.findings.forEach((f, i) => {
    const c = findingCmds[i];
    assert.equal(c.props.file, f.file);
    assert.is(Number(c.props.line), f.line);
    assert.is(Number(c.props.col), f.column);
    assert.is(c.name, f.failing ? 'error' : f.severity === 'info' ? 'notice' : 'warning');
    assert.is(c.message, `${f.service}: ${f.message}`);
    assert.is(c.props.title, `${f.rule} (${f.severity})`);
  });
});

test('drift: an error on the override, the diff in a group, the fix command', () => {
  const text = formatGithub(s.rich);
  const lines = text.split('\n');
  const drift = lines.map(parseCommand).find((c) => c?.props.title === 'compose-harden: override drift');
  assert.ok(drift);
  assert.is(drift!.name, 'error');
  assert.is(drift!.props.file, 'compose.override.yaml');
  assert.is(drift!.message, s.rich.drift!.advice);
  const start = lines.findIndex((l) => l.startsWith('::group::'));
  const end = lines.indexOf('::endgroup::');
  assert.ok(start >= 0 && end > start);
  assert.is(lines.slice(start + 1, end).join('\n'), s.rich.drift!.diff.trimEnd());
  assert.ok(lines.includes(`run: ${s.rich.drift!.fix}`));
  // Nothing but commands starts with `::` (a diff line never does).
  for (const l of lines.slice(start + 1, end)) assert.not.ok(l.startsWith('::'));
});

test('escaping round-trips messages and file names with %, newlines, colons and commas', () => {
  const f: ReportFinding = { rule: 'CH101', severity: 'high', service: 'a', message: '100% bad\r\nnext: line, really', file: 'dir,1/a:b%.yml', line: 3, column: 4, path: [], fingerprint: 'x:1', failing: true };
  const r = { ...s.plain, findings: [f], drift: undefined, baseline: undefined, baselined: [] } as CheckReport;
  const c = parseCommand(formatGithub(r).split('\n')[0])!;
  assert.is(c.message, `a: ${f.message}`);
  assert.is(c.props.file, f.file);
  assert.is(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  assert.is(escapeData('a:b\n'), 'a:b%0A');
});

test('more annotations than GitHub shows: a line says where the full list is', () => {
  const many = Array.from({ length: ANNOTATION_LIMIT + 1 }, (_, i): ReportFinding => ({ rule: 'CH101', severity: 'high', message: `m${i}`, file: 'c.yml', line: i + 1, column: 1, path: [], fingerprint: `${i}:1`, failing: true }));
  const out = formatGithub({ ...s.plain, findings: many, drift: undefined } as CheckReport);
  assert.match(out, /GitHub shows only 10 annotations of each kind per step/);
  assert.not.match(formatGithub({ ...s.plain, findings: many.slice(0, ANNOTATION_LIMIT), drift: undefined } as CheckReport), /GitHub shows only/);
});

test.run();
