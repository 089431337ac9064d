// --format junit parses back (a strict little XML reader below) to one test case per service and rule, failing
// exactly where a finding fails the run, skipped where an exception or the baseline excuses it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatJunit } from '../../src/report/formats/junit.ts';
import type { CheckReport, ReportFinding } from '../../src/report/formats/model.ts';
import { scenario } from './scenario.ts';

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    if (!(e in ENT)) throw new Error(`unknown entity &${e};`);
    return ENT[e];
  });

/** Elements, attributes and text; throws on anything malformed (mismatched tags, raw < or & in text). */
function parseXml(xml: string): El {
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\n/.exec(xml);
  if (!decl) throw new Error('no XML declaration');
  i = decl[0].length;
  const root: El = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: El[] = [root];
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/[<>]/.test(text) || /&(?!(#x[0-9a-f]+|#\d+|\w+);)/i.test(text)) throw new Error(`bad text at ${i}`);
    stack[stack.length - 1].text += decode(text);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const el = stack.pop()!;
      if (el.name !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${el.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const m = /^([\w-]+)((?:\s+[\w-]+="[^"<]*")*)\s*\/?$/.exec(tag);
    if (!m) throw new Error(`bad tag <${tag}>`);
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2]);
    }
    const el: El = { name: m[1], attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error('one root element expected');
  return root.children[0];
}

const s = scenario();
test.after(() => s.cleanup());

test('one suite per service, one case per rule that ran; totals add up', () => {
  const doc = parseXml(formatJunit(s.rich));
  assert.is(doc.name, 'testsuites');
  const services = doc.children.filter((x) => x.attrs.name !== 'override');
  assert.equal(services.map((x) => x.attrs.name), s.rich.services);
  const ruleIds = s.rich.rules.map((r) => r.id).sort();
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const suite of doc.children) {
    const cases = suite.children;
    assert.ok(cases.every((c) => c.name === 'testcase'));
    assert.is(Number(suite.attrs.tests), cases.length);
    assert.is(Number(suite.attrs.failures), cases.filter((c) => c.children.some((x) => x.name === 'failure')).length);
    assert.is(Number(suite.attrs.skipped), cases.filter((c) => c.children.some((x) => x.name === 'skipped')).length);
    if (suite.attrs.name !== 'override') assert.equal(cases.map((c) => c.attrs.name.split(' ')[0]), ruleIds);
    tests += cases.length;
    failures += Number(suite.attrs.failures);
    skipped += Number(suite.attrs.skipped);
  }
  assert.equal([Number(doc.attrs.tests), Number(doc.attrs.failures), Number(doc.attrs.skipped)], [tests, failures, skipped]);
});

test('failures are exactly the failing findings; excused and baselined ones are skipped', () => {
  const doc = parseXml(formatJunit(s.rich));
  const byKey = new Map<string, El>();
  for (const suite of doc.children) for (const c of suite.children) byKey.set(`${suite.attrs.name} ${c.attrs.name.split(' ')[0]}`, c);
  const failingKeys = new Set(s.rich.findings.filter((f) => f.failing).map((f) => `${f.service} ${f.rule}`));
  for (const [key, c] of byKey) {
    if (key.startsWith('override')) continue;
    const failure = c.children.find((x) => x.name === 'failure');
    assert.is(!!failure, failingKeys.has(key), key);
    if (failure) {
      const worst = s.rich.findings.find((f) => f.failing && `${f.service} ${f.rule}` === key)!;
      assert.is(failure.attrs.type, worst.severity);
      assert.ok(failure.text.includes(worst.message));
    }
  }
  const below = s.rich.findings.find((f) => !f.failing)!;
  const out = byKey.get(`${below.service} ${below.rule}`)!.children.find((x) => x.name === 'system-out');
  assert.ok(out?.text.includes(below.message), 'findings below --fail-on are written to the case output');
  const excused = s.rich.suppressed[0];
  assert.is(byKey.get(`${excused.service} ${excused.rule}`)!.children.find((x) => x.name === 'skipped')?.attrs.message, 'excused by an x-compose-harden exception');
  const accepted = s.rich.baselined.find((f) => !s.rich.findings.some((g) => g.service === f.service && g.rule === f.rule))!;
  assert.is(byKey.get(`${accepted.service} ${accepted.rule}`)!.children.find((x) => x.name === 'skipped')?.attrs.message, 'accepted by the baseline');
  const drift = byKey.get(`override ${s.rich.drift!.override}`)!;
  const df = drift.children.find((x) => x.name === 'failure')!;
  assert.is(df.attrs.type, 'drift');
  assert.is(df.text, `${s.rich.drift!.diff.trimEnd()}\n\nrun: ${s.rich.drift!.fix}`);
});

test('markup, quotes and control characters in messages survive or are dropped, never break the XML', () => {
  const f: ReportFinding = { rule: 'CH101', severity: 'high', service: 'a<b>', message: `x & y < z "q" 'a'\u0001\ttab`, file: 'c.yml', line: 1, column: 1, path: [], fingerprint: 'f:1', failing: true };
  const r = { ...s.plain, services: ['a<b>'], findings: [f], suppressed: [], baselined: [], drift: undefined } as CheckReport;
  const doc = parseXml(formatJunit(r));
  const c = doc.children[0].children.find((x) => x.attrs.name.startsWith('CH101'))!;
  const failure = c.children[0];
  assert.is(failure.attrs.message, `x & y < z "q" 'a'\ttab`);
  assert.is(doc.children[0].attrs.name, 'a<b>');
});

test('no timestamps: the same report gives the same XML', () => {
  const xml = formatJunit(s.rich);
  assert.not.match(xml, /timestamp|time=/);
  assert.is(formatJunit(s.rich), xml);
});

test.run();
