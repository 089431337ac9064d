import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/secrets/ch405-secrets-in-labels-and-commands.ts';
import type { Service } from '../../../src/model/types.ts';
import { check, interpolated, project } from './harness.ts';

const run = (s: Service) => check(rule, project({ app: s }), 'app');

const invalid: Array<[string, () => Service, Array<[string, Array<string | number>]>]> = [
  ['redis --requirepass', () => ({ command: ['redis-server', '--requirepass', 'pw-1'] }), [['command[2]:literal', ['services', 'app', 'command', 2]]]],
  ['--password= flag', () => ({ command: ['app', '--db-password=pw-2'] }), [['command[1]:literal', ['services', 'app', 'command', 1]]]],
  ['mysql -p attached in a shell string', () => ({ healthcheck: { test: ['CMD-SHELL', 'mysqladmin ping -h localhost -uroot -ppw-3'] } }), [['healthcheck.test[1]:literal', ['services', 'app', 'healthcheck', 'test', 1]]]],
  ['redis-cli -a', () => ({ healthcheck: { test: ['CMD', 'redis-cli', '-a', 'pw-4', 'ping'] } }), [['healthcheck.test[3]:literal', ['services', 'app', 'healthcheck', 'test', 3]]]],
  ['variable assignment in a shell entrypoint', () => ({ entrypoint: ['sh', '-c', 'API_TOKEN=tok-5 exec app'] }), [['entrypoint[2]:literal', ['services', 'app', 'entrypoint', 2]]]],
  ['URL with a password', () => ({ command: ['psql', 'postgres://u:pw-6@db/x'] }), [['command[1]:literal', ['services', 'app', 'command', 1]]]],
  ['interpolated flag value', () => ({ command: interpolated(['redis-server', '--requirepass', 'pw-7'], 2, '${REDIS_PASSWORD}', ['REDIS_PASSWORD']) }), [['command[2]:interpolated', ['services', 'app', 'command', 2]]]],
  ['label with a secret name', () => ({ labels: { 'com.example.api-token': 'tok-8' } }), [['labels.com.example.api-token:literal', ['services', 'app', 'labels', 'com.example.api-token']]]],
  ['label with a token value', () => ({ labels: { note: 'xoxb-123456789012-abcdefghijklmnop' } }), [['labels.note:literal', ['services', 'app', 'labels', 'note']]]],
  ['lifecycle hook', () => ({ post_start: [{ command: ['sh', '-c', 'curl -u admin:pw-9 http://x --password pw-9'] }] }), [['post_start.0.command[2]:literal', ['services', 'app', 'post_start', 0, 'command', 2]]]],
];
const valid: Array<[string, Service]> = [
  ['secret read from a file at run time', { command: ['sh', '-c', 'exec redis-server --requirepass "$(cat /run/secrets/redis)"'] }],
  ['secret expanded by the container shell', { command: ['sh', '-c', 'exec redis-server --requirepass "$REDIS_PASSWORD"'] }],
  ['-p means port outside MySQL clients', { command: ['app', '-p8080', '-p', '9090'] }],
  ['ordinary flags', { command: ['nginx', '-g', 'daemon off;'], entrypoint: ['/docker-entrypoint.sh'] }],
  ['ordinary labels', { labels: { 'traefik.http.routers.app.rule': 'Host(`app.example.com`)', 'com.example.password-policy': 'strict' } }],
  ['healthcheck without secrets', { healthcheck: { test: ['CMD', 'pg_isready', '-h', 'localhost'] } }],
];

for (const [name, s, want] of invalid) {
  test(`CH405 invalid: ${name}`, () => assert.equal(run(s()).map((f) => [f.key, f.path]), want));
}
for (const [name, s] of valid) test(`CH405 valid: ${name}`, () => assert.equal(run(s), []));

test.run();
