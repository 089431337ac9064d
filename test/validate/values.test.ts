import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeValue, isSensitivePath, kindOf, quotable, quoteKey } from '../../src/validate/values.ts';

test('quotable: short scalars outside sensitive places', () => {
  assert.is(quotable(['services', 'web', 'ports', 0], '80:80'), '"80:80"');
  assert.is(quotable(['services', 'web', 'read_only'], 1), '1');
  assert.is(quotable(['services', 'web', 'image'], 'x'.repeat(41)), undefined);
  assert.is(quotable(['services', 'web', 'ports'], ['80']), undefined);
});

test('quotable: never under environment, args, command, secrets, extensions ...', () => {
  for (const path of [
    ['services', 'web', 'environment', 'A'],
    ['services', 'web', 'build', 'args', 'TOKEN'],
    ['services', 'web', 'command'],
    ['services', 'web', 'healthcheck', 'test'],
    ['secrets', 's', 'environment'],
    ['configs', 'c', 'content'],
    ['x-common', 'a'],
    ['services', 'web', 'x-meta'],
    ['services', 'web', 'logging', 'options', 'token'],
    ['services', 'web', 'extends', 'file'],
  ]) {
    assert.ok(isSensitivePath(path), path.join('.'));
    assert.is(quotable(path, 'short'), undefined, path.join('.'));
  }
});

test('kindOf and describeValue', () => {
  assert.is(kindOf([]), 'a list');
  assert.is(kindOf({}), 'a mapping');
  assert.is(kindOf(null), 'null');
  assert.is(kindOf(1.5), 'a number');
  assert.is(kindOf(2), 'an integer');
  assert.is(describeValue(['services', 'web', 'environment', 'A'], 'pw'), 'a string');
  assert.is(describeValue(['services', 'web', 'user'], 'root'), '"root"');
  assert.is(quoteKey('k'.repeat(50)), JSON.stringify('k'.repeat(37) + '...'));
});

test.run();
