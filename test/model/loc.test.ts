import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setLoc, locOf, keyLocOf, setSelfLoc, locAtPath, copyEntryMeta, copyAllMeta, rawOf, setRaw, varsOf, type Loc } from '../../src/model/loc.ts';

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

const at = (line: number, col: number): Loc => ({ file: 'c.yml', line, col });

// Positions are kept in one flat list per container, with an index once it is long: both must answer as a map would.
test('loc: short and long containers find every entry, by key and by kind of key', () => {
  for (const n of [1, 5, 11, 12, 13, 40, 300]) {
    const obj: Record<string, unknown> = {};
    const list: unknown[] = [];
    for (let i = 0; i < n; i++) {
      obj[`k${i}`] = i;
      list.push(`v${i}`);
      setLoc(obj, `k${i}`, at(i + 1, 9), at(i + 1, 3));
      setLoc(list, i, at(i + 1, 5));
    }
    for (let i = 0; i < n; i++) {
      assert.equal(locOf(obj, `k${i}`), at(i + 1, 9), `n=${n} k${i}`);
      assert.equal(keyLocOf(obj, `k${i}`), at(i + 1, 3));
      assert.equal(locOf(list, i), at(i + 1, 5));
      // An array's positions are under numbers: the string "0" is another key, as in a Map.
      assert.is(locOf(list, String(i)), undefined);
    }
    assert.is(locOf(obj, 'absent'), undefined);
    assert.is(locOf(obj, `k${n}`), undefined);
    // Setting only one of the two positions keeps the other.
    setLoc(obj, 'k0', undefined, at(99, 1));
    assert.equal(locOf(obj, 'k0'), at(1, 9));
    assert.equal(keyLocOf(obj, 'k0'), at(99, 1));
    setLoc(obj, 'k0', at(98, 2));
    assert.equal(keyLocOf(obj, 'k0'), at(99, 1));
    assert.equal(locOf(obj, 'k0'), at(98, 2));
  }
});

test('loc: containers that share positions after copyAllMeta are copied on their first write', () => {
  for (const n of [3, 30]) {
    const a: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) setLoc(a, `k${i}`, at(i + 1, 1));
    const b: Record<string, unknown> = { ...a };
    copyAllMeta(a, b);
    const c: Record<string, unknown> = { ...a };
    copyAllMeta(b, c);
    setLoc(b, 'k0', at(50, 1));
    setLoc(b, 'new', at(51, 1));
    setLoc(a, 'k1', at(60, 1));
    setLoc(a, 'mine', at(61, 1));
    assert.is(locOf(a, 'new'), undefined);
    assert.is(locOf(b, 'mine'), undefined);
    assert.equal(locOf(a, 'mine'), at(61, 1));
    assert.equal(locOf(a, 'k0'), at(1, 1));
    assert.equal(locOf(a, 'k1'), at(60, 1));
    assert.is(locOf(a, 'new'), undefined);
    assert.equal(locOf(b, 'k0'), at(50, 1));
    assert.equal(locOf(b, 'k1'), at(2, 1));
    assert.equal(locOf(b, 'new'), at(51, 1));
    assert.equal(locOf(c, 'k0'), at(1, 1));
    assert.equal(locOf(c, 'k1'), at(2, 1));
    assert.is(locOf(c, 'new'), undefined);
    assert.equal(locOf(c, `k${n - 1}`), at(n, 1));
  }
});

test.run();
