import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { allRules, ruleById, rulesInFixOrder, FIX_ORDER } from '../../src/rules/index.ts';
import { SEVERITIES, type Rule } from '../../src/rules/types.ts';
import type { Service } from '../../src/model/types.ts';
import { emptyGraph, fakeImages, makePolicy, makeProject } from './tester.ts';
import { makeContext } from '../../src/rules/context.ts';

/** The groups this part of the catalog covers (secrets and network rules live in their own folders). */
const OWN_GROUPS = /^CH[123678]\d\d$/;
const catalog = readFileSync(new URL('../../../shared/docs/rule-catalog.md', import.meta.url), 'utf8');
const catalogIds = [...catalog.matchAll(/^### (CH\d{3}) /gm)].map((m) => m[1]);
const own = allRules.filter((r) => OWN_GROUPS.test(r.meta.id));

test('ids are unique, well-formed and sorted', () => {
  const ids = allRules.map((r) => r.meta.id);
  assert.equal(ids, [...new Set(ids)].sort());
  for (const id of ids) assert.match(id, /^CH\d{3}$/);
});

test('every catalog rule of groups 1xx-3xx and 6xx-8xx is registered', () => {
  const wanted = catalogIds.filter((id) => OWN_GROUPS.test(id));
  assert.ok(wanted.length >= 42, `catalog ids found: ${wanted.length}`);
  for (const id of wanted) assert.ok(ruleById(id), `${id} missing`);
  assert.equal(own.map((r) => r.meta.id), wanted);
});

test('ruleById is case-insensitive and rejects unknown ids', () => {
  assert.is(ruleById('ch101')?.meta.id, 'CH101');
  assert.is(ruleById('CH999'), undefined);
});

for (const rule of allRules) {
  test(`${rule.meta.id}: meta is complete`, () => {
    const m = rule.meta;
    assert.ok(m.title.trim().length > 3, 'title');
    assert.ok(SEVERITIES.includes(m.severity), 'severity');
    assert.ok(['auto', 'opt-in', 'report'].includes(m.fix), 'fix class');
    assert.ok(m.refs.length > 0 && m.refs.every((r) => r.trim().length > 0), 'refs');
    assert.ok(m.rationale.trim().length > 20, 'rationale');
    assert.ok(m.example.before.trim() && m.example.after.trim(), 'example');
    if (m.fix !== 'report') assert.ok(m.breaks && m.breaks.trim().length > 0, 'behaviour-changing fixes say what they can break');
    // Own rules fix through `fix`; project-level rules (secrets, network) may be planned elsewhere.
    if (OWN_GROUPS.test(m.id)) assert.is(typeof rule.fix === 'function', m.fix !== 'report', 'fix function iff fix class is not report');
  });
}

test('every own rule has its own test file', () => {
  const files = readdirSync(new URL('.', import.meta.url));
  for (const r of own) assert.ok(files.some((f) => f.startsWith(`${r.meta.id.toLowerCase()}-`) && f.endsWith('.test.ts')), `no test for ${r.meta.id}`);
});

test('fix order follows the catalog, then ids', () => {
  const ids = rulesInFixOrder().map((r) => r.meta.id);
  const ranked = ids.filter((id) => FIX_ORDER.includes(id));
  assert.equal(ranked, FIX_ORDER.filter((id) => ids.includes(id)));
  assert.ok(ids.indexOf('CH101') < ids.indexOf('CH103') && ids.indexOf('CH103') < ids.indexOf('CH201') && ids.indexOf('CH201') < ids.indexOf('CH301'));
  const rest = ids.filter((id) => !FIX_ORDER.includes(id));
  assert.equal(rest, [...rest].sort());
});

function checkExample(rule: Rule, yamlText: string) {
  const doc = parse(yamlText) as { services: Record<string, Service> };
  const project = makeProject(doc.services);
  const opts = { policy: makePolicy({ allowedRegistries: ['docker.io/library'] }), images: fakeImages(), graph: emptyGraph };
  return Object.keys(doc.services).flatMap((name) => rule.check(doc.services[name], makeContext(project, name, opts)));
}

for (const rule of own) {
  test(`${rule.meta.id}: the documented "before" example is reported`, () => {
    assert.ok(checkExample(rule, rule.meta.example.before).length > 0);
  });
}

test('messages never carry environment values', () => {
  const secret = 'hunter2-very-secret';
  const service = {
    image: 'example/app:1',
    environment: { DOCKER_HOST: `tcp://admin:${secret}@10.0.0.5:2375`, PASSWORD: secret },
    labels: { token: secret },
    command: ['--password', secret],
    user: 'root',
  } as Service;
  const project = makeProject({ app: service });
  const ctx = makeContext(project, 'app', { policy: makePolicy(), images: fakeImages(), graph: emptyGraph });
  const messages = own.flatMap((r) => r.check(service, ctx)).map((f) => `${f.message} ${f.key ?? ''} ${f.suggestion ?? ''}`);
  assert.ok(messages.length > 5);
  for (const m of messages) assert.not.ok(m.includes(secret), m);
});

test('the example catalog file exists where tests expect it', () => {
  assert.ok(existsSync(new URL('../../../shared/docs/rule-catalog.md', import.meta.url)));
});

test.run();
