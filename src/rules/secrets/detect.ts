// Pure secret detection shared by the 4xx rules. Nothing here returns, logs or embeds a value it inspects:
// results are kinds and fixed descriptions, so a caller cannot leak a secret by printing them.

import type { Policy } from '../../policy/types.ts';
import { rawOf, varsOf } from '../../model/loc.ts';

export const REDACTED = '***';

/** The only form in which a secret value may be shown. */
export function redact(_value: unknown): string {
  return REDACTED;
}

// ---------------------------------------------------------------- names

/** Words that make a variable name secret on their own (after splitting on `_`, `-`, `.` and camelCase). */
const SECRET_WORDS = new Set([
  'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'APIKEY', 'APIKEYS',
  'PRIVATEKEY', 'ACCESSKEY', 'SECRETKEY', 'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'DSN', 'PASSWORDHASH', 'AUTHTOKEN',
]);
/** `<word>_KEY` pairs that name a key rather than, say, a key prefix. */
const KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'SECRET', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'LICENSE', 'LICENCE', 'SESSION', 'CLIENT', 'HMAC', 'CRYPT']);
/** Secret only as the last word: `DB_PASS`, `DB_PWD`, `REDIS_AUTH` (but not `PASS_THROUGH`, `AUTH_METHOD`). */
const TRAILING_SECRET_WORDS = new Set(['PASS', 'PWD', 'AUTH']);
/** Variables that look secret but are well-known non-secrets. */
const NOT_SECRET_NAMES = new Set(['PWD', 'OLDPWD']);
/**
 * Words after the secret word that turn the name into a setting about the secret (`TOKEN_TTL`,
 * `PASSWORD_FILE`, `SECRET_NAME`) rather than the secret itself.
 */
const SETTING_WORDS = new Set([
  'TTL', 'TIMEOUT', 'LENGTH', 'LEN', 'LIMIT', 'SIZE', 'POLICY', 'FILE', 'FILES', 'PATH', 'DIR', 'NAME', 'ID', 'TYPE',
  'METHOD', 'MODE', 'ALGORITHM', 'ALG', 'ALGO', 'ENABLED', 'DISABLED', 'ENABLE', 'DISABLE', 'REQUIRED', 'HEADER',
  'PARAM', 'FIELD', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'USER', 'USERNAME', 'PREFIX', 'ROUNDS', 'COST',
  'COUNT', 'RETRIES', 'INTERVAL', 'AGE', 'LIFETIME', 'DURATION', 'VALIDITY', 'ROTATION', 'FORMAT', 'ENCODING',
  'PROVIDER', 'BACKEND', 'STORE', 'LOCATION', 'REGION', 'VERSION', 'COMPLEXITY', 'STRENGTH', 'MIN', 'MAX', 'RESET',
]);

/** Split an identifier into upper-case words: `dbPassword_FILE` → DB, PASSWORD, FILE. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

type NamePolicy = Pick<Policy, 'secretNames'>;
interface NameMatchers {
  patterns: RegExp[];
  ignore: Set<string>;
  /** Answers so far: a project asks about the same few names for every service, rule and report line. */
  verdicts: Map<string, boolean>;
}
const compiled = new WeakMap<object, NameMatchers>();
const DEFAULT_MATCHERS: NameMatchers = { patterns: [], ignore: new Set(), verdicts: new Map() };
const VERDICTS_MAX = 100_000;

function policyMatchers(policy: NamePolicy | undefined): NameMatchers {
  if (!policy?.secretNames) return DEFAULT_MATCHERS;
  let c = compiled.get(policy.secretNames);
  if (!c) {
    const patterns: RegExp[] = [];
    for (const p of policy.secretNames.patterns ?? []) {
      // The policy loader validates patterns; one that still fails to compile cannot match anything.
      try {
        patterns.push(new RegExp(p, 'i'));
      } catch {
        /* invalid pattern: ignored */
      }
    }
    c = { patterns, ignore: new Set((policy.secretNames.ignore ?? []).map((n) => n.toUpperCase())), verdicts: new Map() };
    compiled.set(policy.secretNames, c);
  }
  return c;
}

/** Index of the last word that makes the name secret, or -1. */
function lastSecretWord(words: string[]): number {
  let hit = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (SECRET_WORDS.has(w)) hit = i;
    else if (w === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) hit = i;
    else if (i === words.length - 1 && TRAILING_SECRET_WORDS.has(w)) hit = i;
  }
  return hit;
}

/** Does this variable (or argument, or label) name hold a secret? Policy patterns add names, `ignore` removes them. */
export function isSecretName(name: string, policy?: NamePolicy): boolean {
  const m = policyMatchers(policy);
  let verdict = m.verdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeName(name, m);
    if (m.verdicts.size < VERDICTS_MAX) m.verdicts.set(name, verdict);
  }
  return verdict;
}

function judgeName(name: string, { patterns, ignore }: NameMatchers): boolean {
  const upper = name.toUpperCase();
  if (ignore.has(upper)) return false;
  if (patterns.some((p) => p.test(name))) return true;
  if (NOT_SECRET_NAMES.has(upper)) return false;
  const words = nameWords(name);
  const at = lastSecretWord(words);
  if (at < 0) return false;
  for (let i = at + 1; i < words.length; i++) {
    if (SETTING_WORDS.has(words[i]) || words[i].startsWith('EXPIR')) return false;
  }
  return true;
}

// ---------------------------------------------------------------- values

export type SecretKind =
  | 'private-key'
  | 'aws-access-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'sendgrid-key'
  | 'openai-key'
  | 'jwt'
  | 'url-credentials'
  | 'connection-string-password'
  | 'high-entropy';

export interface ValueFinding {
  kind: SecretKind;
  /** Fixed text, never derived from the value. */
  description: string;
  /** Offsets of the secret part inside the inspected string (for literal-vs-interpolated tests; never printed). */
  start: number;
  end: number;
}

const DESCRIPTIONS: Record<SecretKind, string> = {
  'private-key': 'a private key block',
  'aws-access-key': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token',
  'slack-token': 'a Slack token',
  'slack-webhook': 'a Slack webhook URL',
  'stripe-key': 'a Stripe secret key',
  'google-api-key': 'a Google API key',
  'npm-token': 'an npm token',
  'sendgrid-key': 'a SendGrid API key',
  'openai-key': 'an OpenAI/Anthropic-style API key',
  jwt: 'a JSON Web Token',
  'url-credentials': 'a password inside a URL',
  'connection-string-password': 'a password inside a connection string',
  'high-entropy': 'a random-looking token',
};

export function describeKind(kind: SecretKind): string {
  return DESCRIPTIONS[kind];
}

const TOKEN_PATTERNS: Array<[SecretKind, RegExp]> = [
  ['private-key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g],
  ['aws-access-key', /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/g],
  ['github-token', /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g],
  ['gitlab-token', /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/g],
  ['slack-token', /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/g],
  ['slack-webhook', /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/g],
  ['stripe-key', /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g],
  ['google-api-key', /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g],
  ['npm-token', /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g],
  ['sendgrid-key', /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g],
  ['openai-key', /(?<![A-Za-z0-9])sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}/g],
  ['jwt', /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g],
];
/** Text each pattern's match must contain: a pattern runs (and V8 compiles it) only when its text is there. */
const TOKEN_GATES: ReadonlyArray<readonly string[]> = [
  ['-----BEGIN '],
  ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'],
  ['gh', 'github_pat_'],
  ['glpat-'],
  ['xox'],
  ['https://hooks.slack.com/services/T'],
  ['_live_', '_test_'],
  ['AIza'],
  ['npm_'],
  ['SG.'],
  ['sk-'],
  ['eyJ'],
];

export interface UrlCredentials {
  /** Offsets of the password inside the string. */
  start: number;
  end: number;
}

// scheme://[user]:password@host — `redis://:pw@cache` has an empty user. The password may contain anything but
// whitespace, `@` and `/`; the last `@` before the host ends it (passwords with `@` must be percent-encoded).
const URL_CREDS = /([A-Za-z][A-Za-z0-9+.-]*):\/\/([^\s:@/?#]*):([^\s@/?#]*)@(?=[^\s@])/g;
// `password=...` in JDBC/ODBC/ADO/libpq strings: `;Password=x;`, `?user=a&password=x`, `host=db password=x`.
const CONN_PASSWORD = /(?:^|[;?&\s])(?:password|pwd|passwd)\s*=\s*([^;&\s'"]+)/gi;

/** Passwords written inside URLs, with their offsets. Empty and `${VAR}`/`$VAR` references are not passwords. */
export function urlCredentials(value: string): UrlCredentials[] {
  const out: UrlCredentials[] = [];
  for (const m of value.matchAll(URL_CREDS)) {
    const pw = m[3];
    if (!pw || isReference(pw)) continue;
    const start = m.index + m[1].length + 3 + m[2].length + 1;
    out.push({ start, end: start + pw.length });
  }
  return out;
}

function connectionPasswords(value: string): UrlCredentials[] {
  const out: UrlCredentials[] = [];
  for (const m of value.matchAll(CONN_PASSWORD)) {
    const pw = m[1];
    if (!pw || isReference(pw)) continue;
    const start = m.index + m[0].length - pw.length;
    out.push({ start, end: start + pw.length });
  }
  return out;
}

/** A shell or Compose variable reference (`$X`, `${X}`, `$(cmd)`) rather than a value. */
export function isReference(value: string): boolean {
  return /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[^}]*\}|\(.*\))$/s.test(value.trim());
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Share of characters inside same-case letter runs of 3+: high for words and CamelCase, low for random text. */
function wordiness(s: string): number {
  let n = 0;
  for (const m of s.matchAll(/[a-z]{3,}|[A-Z]{3,}/g)) n += m[0].length;
  return n / s.length;
}

const ENTROPY_MIN_LENGTH = 20;
const ENTROPY_MAX_LENGTH = 512;

/**
 * A random-looking token: 20+ base64/base62 characters mixing upper case, lower case and digits, with entropy
 * close to what random text of that length reaches. Hex-only strings (commit ids, digests), UUIDs, dotted names
 * and paths are deliberately not flagged by value alone: they are far more often identifiers than secrets,
 * and a secret-looking name still catches them.
 */
export function isHighEntropyToken(token: string): boolean {
  if (token.length < ENTROPY_MIN_LENGTH || token.length > ENTROPY_MAX_LENGTH) return false;
  if (!/^[A-Za-z0-9+/_=-]+$/.test(token)) return false;
  if (token.startsWith('/') || token.includes('//')) return false;
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/[0-9]/.test(token)) return false;
  // Random text over n distinct-ish characters has entropy near log2(n); demand most of that, capped at 4.2.
  const need = Math.min(4.2, Math.log2(token.length) - 0.7);
  if (entropy(token) < need) return false;
  // CamelCase identifiers and paths (`MyApplicationServer2`, `org/MyApp/Release2024Build`) are mostly letter
  // runs; in random base64 half the characters sit in such runs only 5% of the time.
  return wordiness(token) < 0.5;
}

/**
 * What kinds of secret a value contains, with offsets. Token formats first; URL and connection-string
 * passwords; random-looking tokens last, only where nothing more specific matched.
 */
export function classifyValue(value: string): readonly ValueFinding[] {
  if (!value) return NONE;
  // Every rule and the report's redaction ask about the same values: classify each string once.
  let out = classified.get(value);
  if (out === undefined) {
    if (classified.size >= CLASSIFIED_MAX) classified.clear();
    classified.set(value, (out = classify(value)));
  }
  return out;
}

const NONE: readonly ValueFinding[] = Object.freeze([]);
const CLASSIFIED_MAX = 100_000;
const classified = new Map<string, readonly ValueFinding[]>();
// Literal parts every token pattern, URL password and connection-string password contains: most values have
// none, and one search is far cheaper than a dozen.
const MAY_HOLD_TOKEN = /-----BEGIN|A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|NPA|NVA|IPA)|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack\.com|_(?:live|test)_|AIza|npm_|SG\.|sk-|eyJ|:\/\/|p(?:ass|wd)/i;

/** `shortcuts: false` runs every search whatever the value holds (the tests' reference). */
export function classify(value: string, shortcuts = true): readonly ValueFinding[] {
  const mayHoldToken = !shortcuts || MAY_HOLD_TOKEN.test(value);
  if (!mayHoldToken && value.length < ENTROPY_MIN_LENGTH) return NONE;
  const out: ValueFinding[] = [];
  const covered: Array<[number, number]> = [];
  const add = (kind: SecretKind, start: number, end: number): void => {
    if (covered.some(([a, b]) => start < b && end > a)) return;
    covered.push([start, end]);
    out.push({ kind, description: DESCRIPTIONS[kind], start, end });
  };
  if (mayHoldToken) {
    for (let i = 0; i < TOKEN_PATTERNS.length; i++) {
      if (shortcuts && !TOKEN_GATES[i].some((t) => value.includes(t))) continue;
      const [kind, re] = TOKEN_PATTERNS[i];
      for (const m of value.matchAll(re)) add(kind, m.index, m.index + m[0].length);
    }
    for (const c of urlCredentials(value)) add('url-credentials', c.start, c.end);
    for (const c of connectionPasswords(value)) add('connection-string-password', c.start, c.end);
  }
  if (!shortcuts || value.length >= ENTROPY_MIN_LENGTH) {
    for (const m of value.matchAll(/[A-Za-z0-9+/_=-]+/g)) {
      if (isHighEntropyToken(m[0])) add('high-entropy', m.index, m.index + m[0].length);
    }
  }
  return out.length ? out : NONE;
}

/** Values that cannot be a secret: booleans and plain numbers (settings, not credentials). */
export function isTrivialValue(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  const v = value.trim();
  if (v === '') return true;
  if (/^(?:true|false|yes|no|on|off|y|n)$/i.test(v)) return true;
  if (/^[+-]?\d+(?:\.\d+)?$/.test(v)) return true;
  return isReference(v);
}

// ---------------------------------------------------------------- weak credentials

/** Vendor defaults and habitual placeholders (compared case-insensitively). */
const WEAK_VALUES = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'password', 'passw0rd', 'p@ssw0rd', 'pass', 'secret', 'admin',
  'administrator', 'root', 'toor', 'guest', 'minioadmin', 'test', 'testing', 'example', 'default', 'demo',
  'letmein', 'qwerty', '123456', '12345678', '123456789', '1234', '12345', 'password123', 'admin123', 'postgres',
  'mysql', 'rabbitmq', 'elastic', 'changethis', 'replaceme', 'replace_me', 'xxx', 'xxxx', 'todo', 'none', 'null',
]);
const PLACEHOLDER = /^(?:<[^<>]*>|\{\{[^{}]*\}\}|x{3,}|\*{3,}|(?:your|my)[-_ ]?\w*|replace[-_ ]?(?:me|this)\w*|change[-_ ]?(?:me|this|it)\w*)$/i;

export type Weakness = 'empty' | 'default' | 'placeholder';

/** Why a credential value is weak, or undefined. `null` (value passed through from the shell) is not weak. */
export function weakness(value: string | null | undefined): Weakness | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return 'empty';
  if (WEAK_VALUES.has(v.toLowerCase())) return 'default';
  if (PLACEHOLDER.test(v)) return 'placeholder';
  return undefined;
}

export function describeWeakness(w: Weakness): string {
  return w === 'empty' ? 'is empty' : w === 'default' ? 'is a well-known default password' : 'is a placeholder, not a real password';
}

/** Switches that turn authentication off: variable name → values that mean "on". */
const AUTH_OFF_SWITCHES: Record<string, { when: RegExp; what: string }> = {
  MYSQL_ALLOW_EMPTY_PASSWORD: { when: /^(?:1|y|yes|true|on)$/i, what: 'allows a MySQL root account without a password' },
  MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: { when: /^(?:1|y|yes|true|on)$/i, what: 'allows a MariaDB root account without a password' },
  MARIADB_ALLOW_EMPTY_PASSWORD: { when: /^(?:1|y|yes|true|on)$/i, what: 'allows a MariaDB root account without a password' },
  ALLOW_EMPTY_PASSWORD: { when: /^(?:1|y|yes|true|on)$/i, what: 'allows logins without a password' },
  POSTGRES_HOST_AUTH_METHOD: { when: /^trust$/i, what: 'lets every client log in to PostgreSQL without a password (trust)' },
  'XPACK.SECURITY.ENABLED': { when: /^(?:false|no|0|off)$/i, what: 'turns Elasticsearch authentication off' },
  DISABLE_SECURITY_PLUGIN: { when: /^(?:1|y|yes|true|on)$/i, what: 'turns the OpenSearch security plugin off' },
  GF_AUTH_ANONYMOUS_ENABLED: { when: /^(?:1|y|yes|true|on)$/i, what: 'lets anonymous users into Grafana' },
  GF_AUTH_DISABLE_LOGIN_FORM: { when: /^(?:1|y|yes|true|on)$/i, what: 'hides the Grafana login (usually with anonymous access)' },
  REDIS_ALLOW_EMPTY_PASSWORD: { when: /^(?:1|y|yes|true|on)$/i, what: 'allows Redis without a password' },
};

/** Describe an authentication-off switch, or undefined when `name=value` is not one. The value is a mode, not a secret. */
export function authOffSwitch(name: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = AUTH_OFF_SWITCHES[name.toUpperCase()];
  return s && s.when.test(value.trim()) ? s.what : undefined;
}

// ---------------------------------------------------------------- where a value came from

/**
 * literal: written in the compose file (committed: rotate it). interpolated: came from `${VAR}`.
 * default: came from the literal default of `${VAR:-default}` (committed, like a literal).
 * passthrough: `KEY` without a value, copied from the environment Compose runs in.
 */
export type Origin = 'literal' | 'interpolated' | 'default' | 'passthrough';

export interface InterpolationDefault {
  variable: string;
  /** Offsets of the default text inside the raw string (never printed). */
  start: number;
  end: number;
}

/** `${VAR:-x}` and `${VAR-x}` with a non-empty literal default, found in raw (pre-interpolation) text. */
export function interpolationDefaults(raw: string): InterpolationDefault[] {
  const out: InterpolationDefault[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '$') continue;
    if (raw[i + 1] === '$') {
      i++; // `$$` is a literal dollar
      continue;
    }
    if (raw[i + 1] !== '{') continue;
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)/.exec(raw.slice(i, i + 256));
    if (!m) continue;
    const start = i + m[0].length;
    let depth = 1;
    let j = start;
    for (; j < raw.length && depth > 0; j++) {
      if (raw[j] === '{') depth++;
      else if (raw[j] === '}') depth--;
    }
    const end = j - 1;
    if (depth === 0 && end > start) out.push({ variable: m[1], start, end });
  }
  return out;
}

/**
 * Where the value at `container[key]` came from, for the secret part `[start, end)` of it (whole value when
 * omitted). A part that appears verbatim in the raw text was written in the file; a part that only appears in
 * a `${VAR:-default}` default is the committed default in use.
 */
export function originOf(container: object, key: string | number, value: string | null, part?: { start: number; end: number }): Origin {
  if (value === null) return 'passthrough';
  const vars = varsOf(container, key);
  const raw = rawOf(container, key);
  if (!vars.length || raw === undefined) return 'literal';
  const secret = part ? value.slice(part.start, part.end) : value;
  const defaults = interpolationDefaults(raw);
  const inDefault = defaults.some((d) => secret !== '' && raw.slice(d.start, d.end).includes(secret));
  // Text outside every `${...}` is literal; strip the interpolations and look for the secret in what stays.
  const literalText = raw.replace(/\$\$|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, (t) => (t === '$$' ? '$' : '\u0000'));
  if (secret !== '' && literalText.includes(secret)) return 'literal';
  if (inDefault) return 'default';
  return 'interpolated';
}

/** Short phrase for messages; names variables, never values. */
export function describeOrigin(origin: Origin, vars: string[]): string {
  const v = vars.map((n) => '${' + n + '}').join(', ');
  switch (origin) {
    case 'literal':
      return 'written literally in the compose file (committed: rotate it)';
    case 'default':
      return `taken from the literal default of ${v || 'an interpolation'} written in the compose file (committed: rotate it)`;
    case 'interpolated':
      return `interpolated from ${v || 'the environment'}`;
    case 'passthrough':
      return 'passed through from the environment Compose runs in';
  }
}

/** Encode the finding key the fixers read back: `<NAME>` plus the origin, e.g. `POSTGRES_PASSWORD:literal`. */
export function secretKey(name: string, origin: Origin): string {
  return `${name}:${origin}`;
}

export function parseSecretKey(key: string): { name: string; origin: Origin } | undefined {
  const m = /^(.*):(literal|interpolated|default|passthrough)$/.exec(key);
  return m ? { name: m[1], origin: m[2] as Origin } : undefined;
}
