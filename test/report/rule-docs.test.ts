// docs/rules is generated from the rules' meta: this fails when a rule changed and the pages were not
// regenerated (node --import tsx scripts/gen-rule-docs.mjs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { allRules } from '../../src/rules/index.ts';
import { ruleDocFiles } from '../../src/report/formats/rule-docs.ts';

const DIR = new URL('../../docs/rules/', import.meta.url);
const expected = ruleDocFiles(allRules.map((r) => r.meta));
const STALE = 'docs/rules is out of date: run node --import tsx scripts/gen-rule-docs.mjs';

test('one page per rule plus the index, and nothing else', () => {
  assert.equal(readdirSync(DIR).filter((n) => n.endsWith('.md')).sort(), [...expected.keys()].sort(), STALE);
  assert.is(expected.size, allRules.length + 1);
});

for (const [name, text] of expected) {
  test(`docs/rules/${name} is up to date`, () => {
    assert.fixture(readFileSync(new URL(name, DIR), 'utf8'), text, STALE);
  });
}

test('each page carries the meta it documents', () => {
  for (const r of allRules) {
    const page = expected.get(`${r.meta.id}.md`)!;
    assert.ok(page.includes(`# ${r.meta.id}: ${r.meta.title}`));
    assert.ok(page.includes(r.meta.rationale));
    assert.ok(page.includes(r.meta.example.after.trimEnd()));
    if (r.meta.breaks) assert.ok(page.includes(r.meta.breaks));
  }
});

test.run();
