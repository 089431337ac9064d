import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closestKey } from '../../src/validate/suggest.ts';

const KEYS = ['image', 'environment', 'env_file', 'ports', 'expose', 'volumes', 'networks', 'restart', 'read_only'];

test('closestKey: typos, transpositions, case and dashes', () => {
  assert.is(closestKey('imgae', KEYS), 'image');
  assert.is(closestKey('enviroment', KEYS), 'environment');
  assert.is(closestKey('Ports', KEYS), 'ports');
  assert.is(closestKey('read-only', KEYS), 'read_only');
  assert.is(closestKey('volume', KEYS), 'volumes');
});

test('closestKey: nothing plausible, nothing suggested', () => {
  assert.is(closestKey('foo', KEYS), undefined);
  assert.is(closestKey('x', KEYS), undefined);
  assert.is(closestKey('completely_unrelated', KEYS), undefined);
});

test.run();
