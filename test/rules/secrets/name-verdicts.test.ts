// isSecretName remembers its answers per policy: a policy's patterns and ignore list never leak into the
// answers for another policy, or for none, whatever order the questions come in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isSecretName } from '../../../src/rules/secrets/detect.ts';

const NAMES = ['DB_PASSWORD', 'FOO', 'APP_TOKEN', 'TOKEN_TTL', 'fooBar', 'MY_API_KEY', 'PASSWORD_FILE', 'BAR_SETTING'];
const POLICIES = {
  none: undefined,
  empty: { secretNames: { patterns: [], ignore: [] } },
  pattern: { secretNames: { patterns: ['^FOO$', 'bar'], ignore: [] } },
  ignore: { secretNames: { patterns: [], ignore: ['db_password', 'APP_TOKEN'] } },
};

function answers(order: Array<keyof typeof POLICIES>): Record<string, boolean[]> {
  const out: Record<string, boolean[]> = {};
  for (const p of order) out[p] = NAMES.map((n) => isSecretName(n, POLICIES[p]));
  return out;
}

test('isSecretName: answers per policy do not depend on what was asked before', () => {
  const a = answers(['none', 'empty', 'pattern', 'ignore']);
  const b = answers(['ignore', 'pattern', 'empty', 'none']);
  const c = answers(['pattern', 'none', 'ignore', 'empty']);
  assert.equal(a, b);
  assert.equal(a, c);
  assert.equal(a.none, [true, false, true, false, false, true, false, false]);
  assert.equal(a.pattern.slice(0, 2), [true, true]);
  assert.is(a.pattern[4], true); // fooBar matches /bar/i
  assert.is(a.ignore[0], false);
  assert.is(a.ignore[2], false);
  assert.is(a.ignore[5], true);
});

test.run();
