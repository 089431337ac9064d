// A fix's changes are found by comparing what was recorded before it ran with the value after: the same
// answer as comparing JSON texts, which is what planning compared before scalars were kept as they are.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { sameShot, shot, snapshot } from '../../src/plan/shot.ts';

// JSON texts cannot tell -0 from 0 (nor NaN from null): fixes write neither, so the comparison leaves them out.
const value = fc.oneof(fc.jsonValue(), fc.constant(undefined)).map((v) => (Object.is(v, -0) ? 0 : v));

test('shot: same answer as comparing JSON texts, for scalars and containers alike', () => {
  fc.assert(
    fc.property(value, value, (a, b) => {
      assert.is(sameShot(shot(a), b), snapshot(a) === snapshot(b), `${snapshot(a)} vs ${snapshot(b)}`);
      assert.ok(sameShot(shot(a), a));
    }),
    { numRuns: 5000 },
  );
});

test('shot: a container changed in place after the shot is seen as changed', () => {
  const caps: string[] = ['NET_BIND_SERVICE'];
  const s = shot(caps);
  caps.push('CHOWN');
  assert.not.ok(sameShot(s, caps));
  const deploy = { resources: { limits: { memory: '256M' } } };
  const d = shot(deploy);
  deploy.resources.limits.memory = '512M';
  assert.not.ok(sameShot(d, deploy));
});

test('shot: a scalar and a container never match, whatever the text', () => {
  assert.not.ok(sameShot(shot('{}'), {}));
  assert.not.ok(sameShot(shot({}), '{}'));
  assert.not.ok(sameShot(shot('[]'), []));
  assert.not.ok(sameShot(shot(null), {}));
  assert.ok(sameShot(shot(null), null));
  assert.not.ok(sameShot(shot('100'), 100));
});

test.run();
