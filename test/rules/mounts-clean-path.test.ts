// cleanPath skips path.normalize for paths that are clean already; it must answer exactly as normalize does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { posix } from 'node:path';
import fc from 'fast-check';
import { cleanPath, isUnder } from '../../src/rules/mounts.ts';

const reference = (p: string) => posix.normalize(p).replace(/(.)\/$/, '$1');

test('same as path.normalize without the trailing slash, for listed paths', () => {
  for (const p of ['', '/', '//', '.', '..', './a', '../a', 'a/..', '/a/b/', '/a//b', '/a/./b', '/a/../b', '/a/b/.', '/a/b/..', '/.a/..b/', '/etc/nginx', 'a/b', '/...'])
    assert.is(cleanPath(p), reference(p), JSON.stringify(p));
});

test('same as path.normalize without the trailing slash, for random paths', () => {
  const unit = fc.constantFrom('/', '.', 'a', 'b');
  fc.assert(fc.property(fc.string({ unit, maxLength: 16 }), (p) => cleanPath(p) === reference(p)), { numRuns: 50000 });
});

test('isUnder compares cleaned paths', () => {
  assert.ok(isUnder('/etc/ssl/certs/', '/etc/ssl'));
  assert.ok(isUnder('/etc//ssl', '/etc/./ssl/'));
  assert.not.ok(isUnder('/etc/sslx', '/etc/ssl'));
  assert.ok(isUnder('/anything', '/'));
});

test.run();
