// runRules / checkProject: enabled rules on enabled services, policy severities, exceptions, order, locations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setLoc, setSelfLoc, type Loc } from '../../src/model/loc.ts';
import { InputError } from '../../src/model/errors.ts';
import type { Service } from '../../src/model/types.ts';
import { checkProject, compareFindings, makeContext, runRules } from '../../src/rules/index.ts';
import type { Finding } from '../../src/rules/types.ts';
import { emptyGraph, fakeImages, makePolicy, makeProject } from './tester.ts';

const F = '/p/compose.yaml';
const at = (line: number, col: number): Loc => ({ file: F, line, col });
const opts = (policy = {}) => ({ policy: makePolicy(policy), images: fakeImages(), graph: emptyGraph });

/** A service with positions, as the loader would give it. */
function located(): { services: Record<string, Service> } {
  const web: Service = { image: 'nginx:1.27', privileged: true, cap_add: ['SYS_ADMIN'] };
  const db: Service = { image: 'postgres:16.4', user: 'root' };
  const services = { web, db };
  setLoc(services, 'web', at(3, 3), at(2, 3));
  setLoc(services, 'db', at(8, 3), at(7, 3));
  setSelfLoc(web, at(3, 5));
  setLoc(web, 'privileged', at(4, 17), at(4, 5));
  setLoc(web, 'cap_add', at(5, 14), at(5, 5));
  setSelfLoc(web.cap_add!, at(5, 14));
  setLoc(web.cap_add!, 0, at(5, 15));
  setLoc(db, 'user', at(9, 11), at(9, 5));
  return { services };
}

test('ctx.loc: deepest written position, else the service name', () => {
  const { services } = located();
  const ctx = makeContext(makeProject(services), 'web', opts());
  assert.equal(ctx.loc('cap_add', 0), at(5, 15));
  assert.equal(ctx.loc('cap_add', 3), at(5, 14));
  assert.equal(ctx.loc('privileged'), at(4, 17));
  assert.equal(ctx.loc('user'), at(2, 3), 'absent key: the service key');
  assert.equal(ctx.loc(), at(2, 3));
});

test('runRules: every service, rule id, service, severity and location filled; sorted by position', () => {
  const { services } = located();
  const findings = runRules(makeProject(services), opts());
  const privileged = findings.find((f) => f.rule === 'CH102')!;
  assert.equal(privileged, { ...privileged, rule: 'CH102', service: 'web', severity: 'critical', loc: at(4, 17), path: ['services', 'web', 'privileged'] });
  assert.equal(findings.find((f) => f.rule === 'CH104')!.loc, at(5, 15));
  assert.equal(findings.find((f) => f.rule === 'CH101' && f.service === 'db')!.loc, at(9, 11));
  assert.equal([...findings].sort(compareFindings), findings);
  const lines = findings.filter((f) => f.loc).map((f) => f.loc!.line);
  assert.equal(lines, [...lines].sort((a, b) => a - b));
  for (const f of findings) for (const v of Object.values(f)) assert.ok(v !== undefined);
});

test('compareFindings: file, line, col, rule; findings without a place last', () => {
  const f = (rule: string, loc?: Loc): Finding => ({ rule, severity: 'low', message: rule, path: ['services', 'a'], loc });
  const list = [f('CH2', at(1, 1)), f('CH9'), f('CH1', at(1, 1)), f('CH1', { file: '/a.yml', line: 9, col: 1 }), f('CH1', at(1, 0))];
  assert.equal(
    list.sort(compareFindings).map((x) => `${x.loc?.file ?? '-'}:${x.loc?.line ?? ''}:${x.loc?.col ?? ''}:${x.rule}`),
    ['/a.yml:9:1:CH1', `${F}:1:0:CH1`, `${F}:1:1:CH1`, `${F}:1:1:CH2`, '-:::CH9'],
  );
});

test('disabled services are not checked', () => {
  const project = makeProject({ a: { image: 'x:1', read_only: true } }, { disabledServices: { b: { image: 'x:1', privileged: true } } });
  assert.ok(runRules(project, opts()).every((f) => f.service === 'a'));
});

test('policy: disabled rules and severity overrides', () => {
  const project = makeProject({ a: { image: 'x:1', privileged: true } });
  const off = runRules(project, opts({ rules: { CH102: { enabled: false } } }));
  assert.not.ok(off.some((f) => f.rule === 'CH102'));
  const low = runRules(project, opts({ rules: { CH102: { severity: 'low' }, CH104: { enabled: true } } }));
  assert.is(low.find((f) => f.rule === 'CH102')!.severity, 'low');
});

test('exceptions: skip with a reason suppresses that rule on that service only', () => {
  const project = makeProject({
    runner: { image: 'x:1', privileged: true, 'x-compose-harden': { skip: ['CH102', 'ch604'], reason: 'docker-in-docker CI runner' } },
    other: { image: 'x:1', privileged: true },
  });
  const r = checkProject(project, opts());
  assert.equal(r.findings.filter((f) => f.rule === 'CH102').map((f) => f.service), ['other']);
  assert.equal(r.suppressed.map((f) => `${f.service}:${f.rule}`), ['runner:CH102']);
  assert.equal(r.unusedSkips.map((u) => `${u.service}:${u.rule}`), ['runner:CH604']);
});

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

test('exceptions: a missing reason is a located input error', () => {
  const exc = { skip: ['CH102'] };
  const svc: Service = { image: 'x:1', 'x-compose-harden': exc };
  setLoc(svc, 'x-compose-harden', at(6, 7), at(6, 5));
  const e = inputError(() => runRules(makeProject({ runner: svc }), opts()));
  assert.equal(e.lines(), [`${F}:6:5: service "runner": x-compose-harden needs a non-empty reason for skipping`]);
});

test('exceptions: an empty reason and an unknown rule id are both reported, each at its place', () => {
  const skip = ['CH102', 'CH999'];
  const exc = { skip, reason: '   ' };
  const svc: Service = { image: 'x:1', 'x-compose-harden': exc };
  setLoc(svc, 'x-compose-harden', at(6, 7), at(6, 5));
  setLoc(exc, 'skip', at(7, 13), at(7, 7));
  setLoc(skip, 1, at(7, 21));
  setLoc(exc, 'reason', at(8, 15), at(8, 7));
  const e = inputError(() => runRules(makeProject({ runner: svc }), opts()));
  assert.equal(e.lines(), [
    `${F}:7:21: service "runner": x-compose-harden skips unknown rule "CH999"`,
    `${F}:8:15: service "runner": x-compose-harden needs a non-empty reason for skipping`,
  ]);
});

test('exceptions: malformed shapes are input errors, also on profile-disabled services', () => {
  const notMap = makeProject({ a: { image: 'x:1', 'x-compose-harden': 'CH102' } });
  assert.match(inputError(() => runRules(notMap, opts())).message, 'must be a mapping');
  const noSkip = makeProject({ a: { image: 'x:1' } }, { disabledServices: { b: { image: 'x:1', 'x-compose-harden': { reason: 'why' } } } });
  assert.match(inputError(() => runRules(noSkip, opts())).message, 'skip must list rule ids');
});

test.run();
