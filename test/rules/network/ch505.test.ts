import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/network/ch505-legacy-bridge-or-links.ts';
import type { Service } from '../../../src/model/types.ts';
import { check, project } from '../secrets/harness.ts';

const run = (s: Service) => check(rule, project({ web: s, db: { networks: { back: null } } }), 'web');

const cases: Array<[string, Service, Array<[string, Array<string | number>]>]> = [
  ['network_mode bridge', { network_mode: 'bridge' }, [['network_mode:bridge', ['services', 'web', 'network_mode']]]],
  ['links', { links: ['db', 'db:database'] }, [['links:db', ['services', 'web', 'links', 0]], ['links:db', ['services', 'web', 'links', 1]]]],
  ['external_links', { external_links: ['other_db_1:db'] }, [['external_links:other_db_1', ['services', 'web', 'external_links', 0]]]],
  ['project network', { networks: { back: null } }, []],
  ['network_mode host is CH604', { network_mode: 'host' }, []],
];
for (const [name, s, want] of cases) test(`CH505: ${name}`, () => assert.equal(run(s).map((f) => [f.key, f.path]), want));

test('CH505: a link alias becomes a network alias on the target network', () => {
  const [, f] = run({ links: ['db', 'db:database'] });
  assert.ok(f.suggestion?.includes('      back:\n        aliases: [database]'), f.suggestion);
  assert.ok(f.suggestion?.includes('depends_on:\n      - db'));
});

test.run();
