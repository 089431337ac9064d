import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch407-secret-source-hygiene.ts';
import type { Service, TopLevelResource } from '../../../src/model/types.ts';
import { check, project } from './harness.ts';

const secrets: Record<string, TopLevelResource> = {
  db_password: { file: './secrets/db_password.txt' },
  api_key: { environment: 'API_KEY' },
  outside: { file: '/etc/app/secret' },
  ext: { external: true },
};
const run = (s: Service) => check(rule, project({ app: s }, { secrets }), 'app');

test('CH407 invalid: uid/gid/mode on a file-sourced secret are ignored by Compose', () => {
  const got = run({ image: 'x', secrets: [{ source: 'db_password', mode: '0400', uid: '999' }] });
  assert.equal(got.map((f) => [f.key, f.path, f.severity]), [['db_password:ignored-uid-mode', ['services', 'app', 'secrets', 0], 'low']]);
});

test('CH407 invalid: a secret file inside the build context', () => {
  const got = run({ build: { context: '.' } });
  assert.equal(got.map((f) => [f.key, f.path]), [['db_password:in-build-context', ['services', 'app', 'build', 'context']]]);
});

const valid: Array<[string, Service]> = [
  ['mode on an environment-sourced secret', { image: 'x', secrets: [{ source: 'api_key', mode: '0400', uid: '1000' }] }],
  ['file-sourced secret without uid/gid/mode', { image: 'x', secrets: [{ source: 'db_password', target: 'db' }] }],
  ['external secret', { image: 'x', secrets: [{ source: 'ext', mode: '0400' }] }],
  ['build context elsewhere', { build: { context: './app' } }],
  ['remote build context', { build: { context: 'https://github.com/org/repo.git#main' } }],
];
for (const [name, s] of valid) test(`CH407 valid: ${name}`, () => assert.equal(run(s), []));

test.run();
