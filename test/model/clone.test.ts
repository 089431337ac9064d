// cloneTree: a deep copy that shares no container with its source and keeps every position beside it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { cloneTree } from '../../src/model/clone.ts';
import { keyLocOf, locOf, setLoc } from '../../src/model/loc.ts';

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'c'), tie('tree'), { maxKeys: 4 })),
}));

function containers(v: unknown, out: Set<object> = new Set()): Set<object> {
  if (v !== null && typeof v === 'object') {
    out.add(v);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

test('cloneTree: equal as written, no container shared, key order and prototypes kept', () => {
  fc.assert(
    fc.property(tree, (v) => {
      const c = cloneTree(v);
      assert.is(JSON.stringify(c), JSON.stringify(v));
      const mine = containers(c);
      for (const o of containers(v)) assert.not.ok(mine.has(o));
      for (const o of mine) if (!Array.isArray(o)) assert.is(Object.getPrototypeOf(o), Object.prototype);
    }),
    { numRuns: 3000 },
  );
});

test('cloneTree: positions of keys and values travel with the copy', () => {
  const svc: Record<string, unknown> = { image: 'nginx', ports: ['80:80'], deploy: { resources: { limits: { memory: '1g' } } } };
  const at = (line: number) => ({ file: 'c.yml', line, col: 3 });
  setLoc(svc, 'image', at(2), at(2));
  setLoc(svc.ports as object, 0, at(4));
  setLoc((svc.deploy as { resources: { limits: object } }).resources.limits, 'memory', at(8), at(8));
  const c = cloneTree(svc) as typeof svc;
  assert.equal(locOf(c, 'image'), at(2));
  assert.equal(keyLocOf(c, 'image'), at(2));
  assert.equal(locOf(c.ports, 0), at(4));
  assert.equal(locOf((c.deploy as { resources: { limits: object } }).resources.limits, 'memory'), at(8));
  // Positions set on the copy stay on the copy.
  setLoc(c, 'image', at(20));
  assert.equal(locOf(svc, 'image'), at(2));
});

test.run();
