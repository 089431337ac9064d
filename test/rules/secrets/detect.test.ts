import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  authOffSwitch,
  classify,
  classifyValue,
  interpolationDefaults,
  isHighEntropyToken,
  isSecretName,
  isTrivialValue,
  originOf,
  parseSecretKey,
  redact,
  secretKey,
  urlCredentials,
  weakness,
} from '../../../src/rules/secrets/detect.ts';
import { setRaw } from '../../../src/model/loc.ts';
import { policy } from './harness.ts';

// ---- names

const secretNames = [
  'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'DB_PASSWD', 'SSH_PASSPHRASE', 'JWT_SECRET', 'SECRET_KEY_BASE',
  'GITHUB_TOKEN', 'AUTH_TOKEN', 'API_KEY', 'STRIPE_APIKEY', 'PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY',
  'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'DB_CREDENTIALS', 'SMTP_PASS', 'DB_PWD', 'SENTRY_DSN', 'REDIS_AUTH',
  'dbPassword', 'clientSecret', 'GITEA__database__PASSWD', 'GF_SECURITY_ADMIN_PASSWORD', 'ENCRYPTION_KEY',
  'SIGNING_KEY', 'ADMIN_PASSWORD_HASH', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'OAUTH_CLIENT_SECRET', 'secret',
];
const plainNames = [
  'POSTGRES_PASSWORD_FILE', 'TOKEN_TTL', 'SESSION_TIMEOUT', 'JWT_SECRET_EXPIRES_IN', 'PASSWORD_MIN_LENGTH',
  'TOKEN_LIMIT', 'UPLOAD_SIZE', 'PASSWORD_POLICY', 'SECRET_NAME', 'PWD', 'OLDPWD', 'PASS_THROUGH', 'AUTH_METHOD',
  'OAUTH_PROVIDER', 'KEY_PREFIX', 'PRIMARY_KEY', 'DB_HOST', 'CLIENT_ID', 'API_KEY_ID', 'TOKEN_URL', 'PASSWORD_RESET',
  'BYPASS', 'COMPASS_URL', 'KEYCLOAK_REALM', 'TOKENIZER_MODEL', 'NODE_ENV', 'SECRETS_DIR', 'GF_AUTH_ANONYMOUS_ENABLED',
];

for (const n of secretNames) test(`isSecretName: ${n} is secret`, () => assert.ok(isSecretName(n), n));
for (const n of plainNames) test(`isSecretName: ${n} is not secret`, () => assert.not.ok(isSecretName(n), n));

test('isSecretName: policy patterns add names, ignore removes them', () => {
  const p = policy({ secretNames: { patterns: ['^LICEN[CS]E$', '(['], ignore: ['SENTRY_DSN'] } });
  assert.ok(isSecretName('LICENSE', p));
  assert.ok(isSecretName('licence', p));
  assert.not.ok(isSecretName('SENTRY_DSN', p));
  assert.not.ok(isSecretName('sentry_dsn', p));
  assert.ok(isSecretName('DB_PASSWORD', p));
});

// ---- values (samples are synthetic, built from pieces so that no real-looking key sits in the source)

const rnd = 'Zq7Lr2Xw9Kp4Mv8Nt3Bc6Hy1Gd5Fs0Ja';
const positives: Array<[string, string, string]> = [
  ['PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----', 'private-key'],
  ['OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
  ['encrypted PKCS8 key', '-----BEGIN ENCRYPTED PRIVATE KEY-----', 'private-key'],
  ['AWS access key id', 'AKIA' + 'Z7Q2L9X4M8N3B6H1', 'aws-access-key'],
  ['AWS temporary key id', 'ASIA' + 'Z7Q2L9X4M8N3B6H1', 'aws-access-key'],
  ['GitHub classic token', 'ghp_' + rnd + 'abcd', 'github-token'],
  ['GitHub fine-grained token', 'github_pat_' + rnd, 'github-token'],
  ['GitLab token', 'glpat-' + rnd.slice(0, 20), 'gitlab-token'],
  ['Slack bot token', 'xoxb-' + '123456789012-' + rnd.slice(0, 16), 'slack-token'],
  ['Slack webhook', 'https://hooks.slack.com/services/T0001/B0002/' + rnd.slice(0, 24), 'slack-webhook'],
  ['Stripe live key', 'sk_live_' + rnd.slice(0, 24), 'stripe-key'],
  ['Stripe restricted key', 'rk_test_' + rnd.slice(0, 24), 'stripe-key'],
  ['Google API key', 'AIza' + rnd + 'x12', 'google-api-key'],
  ['npm token', 'npm_' + rnd + 'abcd', 'npm-token'],
  ['SendGrid key', 'SG.' + rnd.slice(0, 22) + '.' + rnd + rnd.slice(0, 11), 'sendgrid-key'],
  ['OpenAI-style key', 'sk-proj-' + rnd + 'x', 'openai-key'],
  ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.' + rnd.slice(0, 20), 'jwt'],
  ['postgres URL password', 'postgres://app:' + 'pw-CANARY' + '@db:5432/app', 'url-credentials'],
  ['redis URL with empty user', 'redis://:' + 'hunter2' + '@cache:6379/0', 'url-credentials'],
  ['amqp URL', 'amqp://guest:' + 'guest' + '@rabbit:5672/', 'url-credentials'],
  ['ODBC connection string', 'Server=db;Database=app;User Id=sa;Password=' + 'Xy9!pw' + ';', 'connection-string-password'],
  ['JDBC query password', 'jdbc:mysql://db:3306/app?user=app&password=' + 'Xy9pw', 'connection-string-password'],
  ['libpq keyword DSN', 'host=db user=app password=' + 'Xy9pw' + ' dbname=app', 'connection-string-password'],
  ['random base64 token', rnd, 'high-entropy'],
  ['random token inside text', 'token is ' + rnd + ' here', 'high-entropy'],
];
const negatives: Array<[string, string]> = [
  ['plain word', 'production'],
  ['hostname', 'db.example.internal'],
  ['URL without password', 'https://user@example.com/path'],
  ['URL with interpolation left', 'postgres://app:${DB_PASSWORD}@db/app'],
  ['URL with shell reference', 'postgres://app:$PGPASSWORD@db/app'],
  ['path', '/usr/local/lib/python3.12/site-packages/MyPackage2024'],
  ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
  ['hex digest', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['git commit', '3f786850e387550fdab836ed7e6dc881de23001b'],
  ['CamelCase identifier', 'ThisIsMyVeryLongCamelCaseIdentifier1'],
  ['Java options', '-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8'],
  ['publishable Stripe key shape', 'pk_live_short'],
  ['AKIA too short', 'AKIA1234'],
  ['email', 'admin@example.com'],
  ['short password-ish', 'hunter2'],
  ['empty', ''],
];

for (const [name, value, kind] of positives) {
  test(`classifyValue: ${name} → ${kind}`, () => {
    const kinds = classifyValue(value).map((f) => f.kind);
    assert.ok(kinds.includes(kind as never), `${name}: got ${kinds.join(',')}`);
  });
}
for (const [name, value] of negatives) {
  test(`classifyValue: ${name} → nothing`, () => assert.equal(classifyValue(value).map((f) => f.kind), []));
}

test('classifyValue: descriptions and offsets never carry the value into text', () => {
  const v = 'postgres://app:CANARY-7f3a9c@db/app';
  const [f] = classifyValue(v);
  assert.is(v.slice(f.start, f.end), 'CANARY-7f3a9c');
  assert.not.ok(f.description.includes('CANARY'));
  assert.is(redact(v), '***');
});

test('urlCredentials: password offsets', () => {
  const v = 'redis://:pw1@a:1 and mongodb://u:pw2@b,c/x';
  assert.equal(urlCredentials(v).map((c) => v.slice(c.start, c.end)), ['pw1', 'pw2']);
});

test('isHighEntropyToken: length and character mix', () => {
  assert.not.ok(isHighEntropyToken(rnd.slice(0, 12)));
  assert.not.ok(isHighEntropyToken(rnd.toLowerCase().replace(/\d/g, '')));
  assert.ok(isHighEntropyToken(rnd));
});

test('isTrivialValue: booleans, numbers, empty and references', () => {
  for (const v of ['', ' ', 'true', 'No', 'on', '0', '3600', '-1.5', '$OTHER', '${X}', null]) assert.ok(isTrivialValue(v), String(v));
  for (const v of ['s3cret', 'yes please', '12ab']) assert.not.ok(isTrivialValue(v), v);
});

// ---- weak credentials and switches

test('weakness: empty, vendor defaults, placeholders', () => {
  assert.is(weakness(''), 'empty');
  assert.is(weakness('changeme'), 'default');
  assert.is(weakness('MinioAdmin'), 'default');
  assert.is(weakness('guest'), 'default');
  assert.is(weakness('<your-password>'), 'placeholder');
  assert.is(weakness('your_password_here'), 'placeholder');
  assert.is(weakness('{{ db_password }}'), 'placeholder');
  assert.is(weakness('xxxxxx'), 'placeholder');
  assert.is(weakness('Tr0ub4dor&3-horse'), undefined);
  assert.is(weakness(null), undefined);
});

test('authOffSwitch: known switches only when switched on', () => {
  assert.ok(authOffSwitch('MYSQL_ALLOW_EMPTY_PASSWORD', 'yes'));
  assert.ok(authOffSwitch('mysql_allow_empty_password', 'TRUE'));
  assert.ok(authOffSwitch('ALLOW_EMPTY_PASSWORD', '1'));
  assert.ok(authOffSwitch('POSTGRES_HOST_AUTH_METHOD', 'trust'));
  assert.ok(authOffSwitch('xpack.security.enabled', 'false'));
  assert.is(authOffSwitch('MYSQL_ALLOW_EMPTY_PASSWORD', 'no'), undefined);
  assert.is(authOffSwitch('POSTGRES_HOST_AUTH_METHOD', 'scram-sha-256'), undefined);
  assert.is(authOffSwitch('xpack.security.enabled', 'true'), undefined);
  assert.is(authOffSwitch('OTHER', 'yes'), undefined);
});

// ---- origins

test('interpolationDefaults: literal defaults, nested, escaped dollars', () => {
  const raw = '${A:-x1}/${B-}/${C:?err}/$${D:-no}/${E:-${F:-inner}}';
  assert.equal(interpolationDefaults(raw).map((d) => [d.variable, raw.slice(d.start, d.end)]), [['A', 'x1'], ['E', '${F:-inner}'], ['F', 'inner']]);
});

test('originOf: literal, interpolated, committed default, passthrough, partial', () => {
  const env: Record<string, string | null> = { A: 'lit', B: 'fromenv', C: 'changeme', D: null, E: 'postgres://u:pw@db/x', F: 'postgres://u:pw@db/x' };
  setRaw(env, 'B', '${B_SRC}', ['B_SRC']);
  setRaw(env, 'C', '${DB_PASSWORD:-changeme}', ['DB_PASSWORD']);
  setRaw(env, 'E', 'postgres://u:${PW}@db/x', ['PW']);
  setRaw(env, 'F', 'postgres://u:pw@${HOST}/x', ['HOST']);
  assert.is(originOf(env, 'A', 'lit'), 'literal');
  assert.is(originOf(env, 'B', 'fromenv'), 'interpolated');
  assert.is(originOf(env, 'C', 'changeme'), 'default');
  assert.is(originOf(env, 'D', null), 'passthrough');
  const pw = { start: 'postgres://u:'.length, end: 'postgres://u:pw'.length };
  assert.is(originOf(env, 'E', env.E as string, pw), 'interpolated');
  assert.is(originOf(env, 'F', env.F as string, pw), 'literal');
});

test('secretKey round-trips', () => {
  assert.equal(parseSecretKey(secretKey('A_B', 'default')), { name: 'A_B', origin: 'default' });
  assert.is(parseSecretKey('nope'), undefined);
});

test('the shortcuts (literal pre-checks, length, cache) never change what a value is classified as', () => {
  const pieces = ['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----', 'AKIA', 'ASIA', 'AIPA', 'AROA', 'AKIAIOSFODNN7EXAMPLE', 'AIzaSyA0123456789abcdefghijklmnopqrstuv', 'npm_abcdefghijklmnopqrstuvwxyz0123456789', 'ASIAY34FZKBOKMUTVV7A', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl', 'SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq', 'ghp_', 'gho_', 'ghs_', 'github_pat_', 'glpat-', 'xoxb-', 'https://hooks.slack.com/services/T0/B0/x', 'sk_live_', 'rk_test_', 'AIza', 'npm_', 'SG.', 'sk-', 'sk-proj-', 'eyJ', '.eyJ', '://', 'u:p@', '@host', 'password=', ';Pwd=', 'passwd =', '${X}', ' ', '/', '=', '-', '_'];
  const chunk = fc.oneof(fc.constantFrom(...pieces), fc.stringMatching(/^[A-Za-z0-9]{1,40}$/), fc.string({ maxLength: 12 }));
  const kinds = new Set<string>();
  fc.assert(
    fc.property(fc.array(chunk, { maxLength: 8 }), (parts) => {
      const v = parts.join('');
      assert.equal(classifyValue(v), classify(v, false), v);
      assert.equal(classifyValue(v), classify(v, false), v); // a second answer comes from the cache
      for (const f of classify(v, false)) kinds.add(f.kind);
    }),
    { numRuns: 20000, seed: 1 },
  );
  // Every pattern matched somewhere: each literal pre-check was tested on values it must let through.
  assert.equal([...kinds].sort(), ['aws-access-key', 'connection-string-password', 'github-token', 'gitlab-token', 'google-api-key', 'high-entropy', 'jwt', 'npm-token', 'openai-key', 'private-key', 'sendgrid-key', 'slack-token', 'slack-webhook', 'stripe-key', 'url-credentials']);
});

test.run();
