// The planner compares only the keys FIX_TOUCHES declares for each fix. These tests prove the lists complete
// over the corpus and the examples (every fix, strict and not, with --write-secrets and older targets), by
// wrapping each fix with a whole-service comparison, and that the fallback catches an undeclared change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hardenLoadOptions, preparePolicy, runOptionsFor } from '../../src/harden.ts';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';
import { parseComposeVersion } from '../../src/override/version.ts';
import { planHardening, unexplainedChanges } from '../../src/plan/plan.ts';
import { FIX_TOUCHES, ruleById, rulesInFixOrder } from '../../src/rules/index.ts';
import type { Project } from '../../src/model/types.ts';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

const files = [
  ...(existsSync(join(CORPUS, 'MANIFEST.tsv'))
    ? readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => join(CORPUS, l.split('\t')[0]))
    : []),
  ...readdirSync(EXAMPLES).map((d) => join(EXAMPLES, d, 'compose.yaml')).filter(existsSync),
];

function load(file: string): Project | undefined {
  try {
    return loadProject(hardenLoadOptions({ files: [file], cwd: dirname(file), env: ENV }));
  } catch (e) {
    if (e instanceof InputError) return undefined;
    throw e;
  }
}

function plans(project: Project, each: (plan: ReturnType<typeof planHardening>) => void): void {
  for (const strict of [false, true]) {
    for (const writeSecrets of [false, true]) {
      for (const version of [undefined, '2.20.0', '1.29.2']) {
        const { policy, images } = preparePolicy(project, { strict });
        const compose = parseComposeVersion(version);
        policy.composeV1 = compose.v1;
        each(planHardening(project, runOptionsFor(project, policy, images), { compose, writeSecrets }));
      }
    }
  }
}

test('every fix changes only the keys FIX_TOUCHES declares for it', () => {
  const undeclared = new Map<string, Set<string>>();
  const wrapped = rulesInFixOrder().filter((r) => FIX_TOUCHES[r.meta.id]);
  const originals = wrapped.map((r) => r.fix!);
  wrapped.forEach((rule, i) => {
    rule.fix = (service, ctx) => {
      const s = service as Record<string, unknown>;
      const before = new Map(Object.keys(s).map((k) => [k, JSON.stringify(s[k])]));
      originals[i].call(rule, service, ctx);
      for (const k of new Set([...before.keys(), ...Object.keys(s)])) {
        if (before.get(k) !== JSON.stringify(s[k]) && !FIX_TOUCHES[rule.meta.id].includes(k)) {
          undeclared.set(rule.meta.id, (undeclared.get(rule.meta.id) ?? new Set()).add(k));
        }
      }
    };
  });
  let planned = 0;
  try {
    for (const file of files) {
      const project = load(file);
      if (project) plans(project, () => planned++);
    }
  } finally {
    wrapped.forEach((rule, i) => (rule.fix = originals[i]));
  }
  assert.ok(planned > 400, `${planned} plans`);
  assert.equal(Object.fromEntries([...undeclared].map(([k, v]) => [k, [...v]])), {});
});

test('the fast plan explains every change it makes', () => {
  for (const file of files) {
    const project = load(file);
    if (project) plans(project, (plan) => assert.equal(unexplainedChanges(project, plan), [], file));
  }
});

test('an undeclared change is caught, and the plan falls back to whole-service comparison', () => {
  const project = load(join(EXAMPLES, 'webapp', 'compose.yaml'))!;
  const rule = ruleById('CH802')!;
  const original = rule.fix!;
  rule.fix = (service, ctx) => {
    original.call(rule, service, ctx);
    (service as Record<string, unknown>).stop_grace_period = '9s';
  };
  try {
    const { policy, images } = preparePolicy(project, {});
    const plan = planHardening(project, runOptionsFor(project, policy, images));
    assert.equal(unexplainedChanges(project, plan), []);
    const ch802 = plan.changes.filter((c) => c.rule === 'CH802' && c.service);
    assert.ok(ch802.length > 0);
    for (const c of ch802) assert.ok(c.keys.includes('stop_grace_period'), JSON.stringify(c));
  } finally {
    rule.fix = original;
  }
});

test.run();
