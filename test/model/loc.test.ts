import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setLoc, locOf, keyLocOf, setSelfLoc, locAtPath, copyEntryMeta, rawOf, setRaw, varsOf } from '../../src/model/loc.ts';

test('loc: value and key locations, fallbacks', () => {
  const svc: Record<string, unknown> = { user: 'root', ports: [] };
  setLoc(svc, 'user', { file: 'c.yml', line: 3, col: 11 }, { file: 'c.yml', line: 3, col: 5 });
  assert.equal(locOf(svc, 'user'), { file: 'c.yml', line: 3, col: 11 });
  assert.equal(keyLocOf(svc, 'user'), { file: 'c.yml', line: 3, col: 5 });
  setSelfLoc(svc.ports as object, { file: 'c.yml', line: 4, col: 7 });
  assert.equal(locOf(svc, 'ports'), { file: 'c.yml', line: 4, col: 7 });
  assert.equal(locAtPath({ s: svc }, ['s', 'user']), { file: 'c.yml', line: 3, col: 11 });
});

test('loc: raw text and variables travel with copies', () => {
  const a = { x: 'secret' };
  setRaw(a, 'x', '${PW}', ['PW']);
  const b: Record<string, unknown> = {};
  copyEntryMeta(a, 'x', b, 'y');
  assert.is(rawOf(b, 'y'), '${PW}');
  assert.equal(varsOf(b, 'y'), ['PW']);
});

test.run();
