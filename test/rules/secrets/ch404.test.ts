import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch404-secrets-in-build-args.ts';
import { check, interpolated, placed, project } from './harness.ts';

const run = (args: Record<string, string | null>) => check(rule, project({ app: { build: { context: '.', args } } }), 'app');

const invalid: Array<[string, () => Record<string, string | null>, string[]]> = [
  ['literal token', () => placed({ NPM_TOKEN: 'npm-tok-1' }), ['NPM_TOKEN:literal']],
  ['interpolated token', () => interpolated(placed({ NPM_TOKEN: 'npm-tok-2' }), 'NPM_TOKEN', '${NPM_TOKEN}', ['NPM_TOKEN']), ['NPM_TOKEN:interpolated']],
  ['passed through', () => placed({ GITHUB_TOKEN: null }), ['GITHUB_TOKEN:passthrough']],
  ['URL with a password', () => placed({ PIP_INDEX_URL: 'https://u:pw@pypi.example.com/simple' }), ['PIP_INDEX_URL:literal']],
  ['two secrets, one setting', () => placed({ A_PASSWORD: 'x1', VERSION: '1.2', B_SECRET: 'y2' }), ['A_PASSWORD:literal', 'B_SECRET:literal']],
];
for (const [name, args, keys] of invalid) {
  test(`CH404 invalid: ${name}`, () => {
    const got = run(args());
    assert.equal(got.map((f) => f.key), keys);
    const n = keys[0].split(':')[0];
    assert.equal(got[0].path, ['services', 'app', 'build', 'args', n]);
    assert.ok(got[0].suggestion?.includes(`${n}: !reset null`));
    assert.ok(got[0].message.includes('RUN --mount=type=secret'));
  });
}
const valid: Array<[string, Record<string, string | null>]> = [
  ['versions and flags', { NODE_VERSION: '20', DEBUG: 'false', BASE: 'alpine' }],
  ['passthrough of a non-secret', { HTTP_PROXY: null }],
];
for (const [name, args] of valid) test(`CH404 valid: ${name}`, () => assert.equal(run(args), []));
test('CH404 valid: image without build', () => assert.equal(check(rule, project({ app: { image: 'x' } }), 'app'), []));

test.run();
