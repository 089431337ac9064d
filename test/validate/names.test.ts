import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nameProblems, projectNameProblem } from '../../src/validate/names.ts';

test('projectNameProblem: compose-go normalised form only', () => {
  for (const ok of ['shop', 'shop_2', 'a-b', '9lives']) assert.is(projectNameProblem(ok), undefined, ok);
  for (const bad of ['Shop', '-shop', '_shop', 'my shop', 'shop.v2']) assert.ok(projectNameProblem(bad), bad);
  assert.is(projectNameProblem(''), 'the project name must not be empty');
});

test('nameProblems: engine container name rule, anchored', () => {
  const doc = { services: { a: { container_name: 'ok-name.1' }, b: { container_name: 'x' }, c: { container_name: '/web' }, d: { container_name: 'a;b' } } };
  assert.equal(
    nameProblems(doc).map((p) => p.path),
    [
      ['services', 'b', 'container_name'],
      ['services', 'd', 'container_name'],
    ],
  );
});

test('nameProblems: ignores what the schema reports (wrong types, non-mappings)', () => {
  assert.equal(nameProblems({ name: 5, services: { a: { container_name: 7 } } }), []);
  assert.equal(nameProblems(null), []);
  assert.equal(nameProblems({ services: [] }), []);
});

test.run();
