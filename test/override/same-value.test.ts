// sameValue decides what the override must write and whether the merged project is the planned one. It now
// counts keys instead of filtering them into lists: checked against the filtering definition it replaced.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { sameValue } from '../../src/override/delta.ts';

type Tree = Record<string, unknown>;
const isUnset = (v: unknown) => v === undefined || v === false || v === '';

function reference(a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
      return String(a) === String(b) || (String(a).trim() !== '' && String(b).trim() !== '' && Number(a) === Number(b));
    }
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => reference(x, bb[i]));
  }
  const ka = Object.keys(a as Tree).filter((k) => !isUnset((a as Tree)[k]));
  const kb = Object.keys(b as Tree).filter((k) => !isUnset((b as Tree)[k]));
  return ka.length === kb.length && ka.every((k) => reference((a as Tree)[k], (b as Tree)[k]));
}

// Small alphabets, so that equal and nearly equal values come up often; unset values (false, '', undefined) too.
const scalar = fc.oneof(fc.constantFrom(undefined, null, false, true, '', '0', '1', ' 1', '1.0', 'a', 0, 1, 1.5, -1), fc.integer({ min: -3, max: 3 }));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('tree'), { maxKeys: 4 })),
}));

test('sameValue: the same answer as the definition it replaced', () => {
  fc.assert(
    fc.property(tree, tree, (a, b) => {
      assert.is(sameValue(a, b), reference(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.is(sameValue(a, structuredClone(a)), true);
    }),
    { numRuns: 20000 },
  );
});

test('sameValue: unset keys do not count on either side', () => {
  assert.ok(sameValue({ a: 1, b: false }, { a: 1 }));
  assert.ok(sameValue({ a: 1 }, { a: 1, c: '', d: undefined }));
  assert.not.ok(sameValue({ a: 1 }, { a: 1, c: 0 }));
  assert.not.ok(sameValue({ a: 1, b: 2 }, { a: 1, c: 2 }));
  assert.ok(sameValue({ cpus: '0.5' }, { cpus: 0.5 }));
});

test.run();
