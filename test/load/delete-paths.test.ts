// deletePaths removes many `!reset`/`!override` paths in one pass; it must equal deleting them one by one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { deletePath, deletePaths } from '../../src/load/merge.ts';

const key = fc.constantFrom('services', 'web', 'db', 'ports', 'environment', '0', 'x');
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

test('deleting paths together equals deleting them in turn, and never changes the input', () => {
  fc.assert(
    fc.property(tree, fc.array(fc.array(fc.oneof(key, fc.nat(2)), { maxLength: 4 }), { maxLength: 6 }), (t, paths) => {
      const before = JSON.stringify(t);
      let one: unknown = t;
      for (const p of paths) one = deletePath(one, p);
      assert.equal(deletePaths(t, paths), one);
      assert.is(JSON.stringify(t), before);
    }),
    { numRuns: 2000, seed: 7 },
  );
});

test('a path through a list or a missing key changes nothing', () => {
  const t = { services: { web: { ports: ['80:80'] } } };
  assert.is(deletePaths(t, [['volumes', 'x']]), t);
  assert.equal(deletePaths(t, [['services', 'web', 'ports', 0]]), t);
  assert.equal(deletePaths(t, [['services', 'web', 'ports'], ['services', 'web']]), { services: {} });
});

test.run();
