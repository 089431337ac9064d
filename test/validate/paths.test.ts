import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPath, lookupByShape, matchesShape, pointerToPath } from '../../src/validate/paths.ts';

test('pointerToPath: digits are indices only inside lists', () => {
  const doc = { services: { '0': { ports: ['80', '81'] } } };
  assert.equal(pointerToPath(doc, '/services/0/ports/1'), ['services', '0', 'ports', 1]);
  assert.equal(pointerToPath(doc, ''), []);
  assert.equal(pointerToPath({ 'a/b': { '~': 1 } }, '/a~1b/~0'), ['a/b', '~']);
});

test('formatPath: dotted, with indices and quoted odd keys', () => {
  assert.equal(formatPath(['services', 'web', 'ports', 0]), 'services.web.ports[0]');
  assert.equal(formatPath(['services', 'web', 'labels', 'com.example.tier']), 'services.web.labels["com.example.tier"]');
  assert.equal(formatPath(['services', 'my app']), 'services["my app"]');
  assert.equal(formatPath([]), '');
});

test('shapes: wildcards for names and indices, most specific wins', () => {
  assert.ok(matchesShape(['services', 'web', 'ports', 0], 'services/*/ports/#'));
  assert.not.ok(matchesShape(['services', 'web', 'ports', 'a'], 'services/*/ports/#'));
  assert.not.ok(matchesShape(['services', 'web'], 'services/*/ports'));
  assert.ok(matchesShape([], ''));
  const table = { 'services/*': 'service', 'services/build': 'literal' };
  assert.is(lookupByShape(table, ['services', 'build']), 'literal');
  assert.is(lookupByShape(table, ['services', 'web']), 'service');
  assert.is(lookupByShape(table, ['volumes', 'web']), undefined);
});

test.run();
