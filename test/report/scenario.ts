// Report fixtures built from real runs: a temp project with findings of several severities, an exception, a
// baseline that accepts some findings (one of them fixed since) and a hand-edited generated override.
import { readFileSync, writeFileSync } from 'node:fs';
import { baselineText, parseBaseline } from '../../src/baseline/baseline.ts';
import { checkWithDrift } from '../../src/drift/check.ts';
import { buildCheckReport, type CheckReport, type FailOn } from '../../src/report/formats/model.ts';
import { hardenProject, removeProject, tmpProject, writeFiles } from '../drift/tmp-project.ts';

export const RICH = `name: shop
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  cache:
    image: redis:7
  worker:
    image: nginx:1.27
    privileged: true
    x-compose-harden:
      skip: [CH102]
      reason: "needs a device for the test"
`;

export interface Scenario {
  dir: string;
  plain: CheckReport;
  rich: CheckReport;
  cleanup(): void;
}

function report(dir: string, failOn: FailOn, baseline?: { file: string; data: ReturnType<typeof parseBaseline> }): CheckReport {
  const run = checkWithDrift({ load: { cwd: dir, env: {} }, fixCommand: () => 'compose-harden harden' });
  return buildCheckReport(run, { failOn, root: run.root, baseline });
}

export function scenario(): Scenario {
  const dir = tmpProject({ 'compose.yaml': RICH });
  const plain = report(dir, 'low');
  // Accept worker's and cache's findings as they are now (web's stay new).
  const accepted = plain.findings.filter((f) => f.service !== 'web');
  const data = parseBaseline(
    baselineText(accepted.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, service: f.service, file: f.file ?? '', path: f.path.join('.'), key: f.key, message: f.message }))),
    'baseline.json',
  );
  // Then harden, and edit the generated override by hand (drift); the hardening fixes some accepted findings.
  const path = hardenProject(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace('memory: 512m', 'memory: 1g'));
  const rich = report(dir, 'medium', { file: 'baseline.json', data });
  return { dir, plain, rich, cleanup: () => removeProject(dir) };
}

export { writeFiles };
