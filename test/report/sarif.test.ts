// --format sarif: valid SARIF 2.1.0 (checked against the official schema, test/fixtures/SARIF-SCHEMA.md), with
// every field GitHub code scanning requires, and fingerprints that stay put when lines move.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { checkWithDrift } from '../../src/drift/check.ts';
import { buildCheckReport } from '../../src/report/formats/model.ts';
import { formatSarif, sarifLog } from '../../src/report/formats/sarif.ts';
import { BASE, removeProject, tmpProject, writeFiles } from '../drift/tmp-project.ts';
import { scenario } from './scenario.ts';

// The schema is draft-04; ajv reads it as draft-07 once the root `id` is `$id` (no other draft-04-only
// keyword appears in it). One of its patterns ("language") is only valid without the regex `u` flag, as the
// draft-04 validators it was written for compiled it. Formats get small checks of our own.
const raw = JSON.parse(readFileSync(new URL('../fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
const { id, $schema: _draft, ...rest } = raw;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile({ ...rest, $id: id });

const s = scenario();
test.after(() => s.cleanup());

interface Log {
  runs: Array<{
    tool: { driver: { name: string; rules: Array<Record<string, any>> } };
    results: Array<Record<string, any>>;
  }>;
}

test('sarif (plain and with drift) validates against the SARIF 2.1.0 schema', () => {
  for (const r of [s.plain, s.rich]) {
    const log = JSON.parse(formatSarif(r));
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  }
});

test('the validator does reject broken SARIF (so passing means something)', () => {
  const log = JSON.parse(formatSarif(s.plain));
  log.runs[0].results[0].level = 'fatal';
  assert.not.ok(validate(log));
  const log2 = JSON.parse(formatSarif(s.plain));
  delete log2.version;
  assert.not.ok(validate(log2));
});

test('every field GitHub code scanning requires is present and non-empty', () => {
  const log = sarifLog(s.rich) as unknown as Log & { $schema: string; version: string };
  assert.is(log.version, '2.1.0');
  assert.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run = log.runs[0];
  assert.is(run.tool.driver.name, 'compose-harden');
  const ids = run.tool.driver.rules.map((r) => r.id);
  assert.is(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of run.tool.driver.rules) {
    for (const text of [rule.shortDescription.text, rule.fullDescription.text, rule.help.text]) assert.ok(typeof text === 'string' && text.length > 0 && text.length <= (text === rule.help.text ? Infinity : 1024), rule.id);
    assert.match(rule.helpUri, /^https:\/\//);
    if (rule.properties['security-severity'] !== undefined) assert.ok(Number(rule.properties['security-severity']) > 0 && Number(rule.properties['security-severity']) <= 10);
  }
  assert.ok(run.results.length > 0);
  for (const r of run.results) {
    assert.ok(r.message.text.length > 0);
    assert.is(run.tool.driver.rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at its rule');
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    const loc = r.locations[0].physicalLocation;
    assert.ok(loc.artifactLocation.uri.length > 0 && !loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes(':'), loc.artifactLocation.uri);
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.match(r.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}:\d+$/);
    assert.is(r.partialFingerprints['composeHarden/v1'], r.partialFingerprints.primaryLocationLineHash);
  }
  assert.ok(run.results.some((r) => r.ruleId === 'override-drift' && r.level === 'error'), 'drift is a result');
  const drift = run.tool.driver.rules.find((r) => r.id === 'override-drift');
  assert.ok(drift, 'and has a rule');
});

test('excused and baselined findings are not results; new ones are', () => {
  const log = sarifLog(s.rich) as unknown as Log;
  const findingResults = log.runs[0].results.filter((r) => r.ruleId !== 'override-drift');
  assert.is(findingResults.length, s.rich.findings.length);
  const prints = new Set(findingResults.map((r) => r.partialFingerprints['composeHarden/v1']));
  for (const f of [...s.rich.baselined, ...s.rich.suppressed]) assert.not.ok(prints.has(f.fingerprint), `${f.rule} ${f.service}`);
});

test('partial fingerprints are stable across runs when lines move', () => {
  const dir = tmpProject({ 'compose.yaml': BASE });
  const results = () => {
    const run = checkWithDrift({ load: { cwd: dir, env: {} }, fixCommand: () => 'x' });
    const log = sarifLog(buildCheckReport(run, { failOn: 'low', root: run.root })) as unknown as Log;
    return new Map(log.runs[0].results.map((r) => [`${r.ruleId} ${r.message.text}`, { fp: r.partialFingerprints.primaryLocationLineHash, line: r.locations[0].physicalLocation.region.startLine }]));
  };
  try {
    const a = results();
    writeFiles(dir, { 'compose.yaml': `# three\n# new\n# lines\n${BASE}` });
    const b = results();
    assert.equal([...a.keys()].sort(), [...b.keys()].sort());
    for (const [k, v] of a) {
      assert.is(b.get(k)!.fp, v.fp, k);
      assert.is(b.get(k)!.line, v.line + 3, k);
    }
  } finally {
    removeProject(dir);
  }
});

test.run();
