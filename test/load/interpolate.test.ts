import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { interpolate, hasInterpolation, InterpolationError, MAX_NESTING } from '../../src/load/interpolate.ts';

// The mapping compose-go's template tests use.
const ENV: Record<string, string> = { FOO: 'first', BAR: '', JSON: '{"json":2}' };
const lookup = (name: string): string | undefined => (Object.hasOwn(ENV, name) ? ENV[name] : undefined);
const sub = (text: string): string => interpolate(text, lookup).value;

function failure(text: string, env: (n: string) => string | undefined = lookup): InterpolationError {
  try {
    interpolate(text, env);
  } catch (e) {
    assert.instance(e, InterpolationError);
    return e as InterpolationError;
  }
  assert.unreachable(`expected ${JSON.stringify(text)} to fail`);
  throw new Error('unreachable');
}

test('every form: set, empty and unset variables', () => {
  const cases: Array<[string, string]> = [
    ['$FOO', 'first'],
    ['${FOO}', 'first'],
    ['$BAR|${BAR}|$NOPE|${NOPE}', '|||'],
    ['${FOO:-d}|${BAR:-d}|${NOPE:-d}', 'first|d|d'],
    ['${FOO-d}|${BAR-d}|${NOPE-d}', 'first||d'],
    ['${FOO:+x}|${BAR:+x}|${NOPE:+x}', 'x||'],
    ['${FOO+x}|${BAR+x}|${NOPE+x}', 'x|x|'],
    ['${FOO:?m}|${FOO?m}|${BAR?m}', 'first|first|'],
    ['$$', '$'],
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['$$$FOO', '$first'],
    ['$FOO$FOO', 'firstfirst'],
    ['$FOO-bar', 'first-bar'], // docker/compose#8601
    ['${FOO}bar', 'firstbar'],
    ['$FOObar', ''],
    ['$foo', ''], // names are case-sensitive when looked up
  ];
  for (const [input, want] of cases) assert.is(sub(input), want, input);
});

test('a $ not followed by a name, $ or { is literal', () => {
  for (const s of ['a $ string', '^REGEX$', '$}', '$', '$1', '$-x', '100$', '$.', '$@', 'é$ü']) {
    assert.is(sub(s), s, s);
  }
  assert.is(hasInterpolation('a $ string'), true);
  assert.is(hasInterpolation('plain'), false);
});

test('names: [_a-zA-Z][_a-zA-Z0-9]*', () => {
  const env = (n: string) => ({ _: 'u', a_1: 'x', A: 'up' })[n];
  assert.is(interpolate('$_|${_}|$a_1|${a_1}|$A', env).value, 'u|u|x|x|up');
  assert.is(interpolate('$a_1b', env).value, '', 'the longest name wins');
  assert.is(interpolate('$1abc', env).value, '$1abc');
});

test('compose-go template tests: outer text and operators do not interfere', () => {
  const cases: Array<[string, string]> = [
    ['-ok ${BAR:-defaultValue}', '-ok defaultValue'],
    ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
    ['-ok ${FOO:-defaultValue}', '-ok first'],
    [':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
    [':-ok ${BAR-defaultValue}', ':-ok '],
    [':?ok ${BAR-defaultValue}', ':?ok '],
    [':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
    [':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
    ['+ok ${BAR-defaultValue}', '+ok '],
    ['?ok ${BAR:-defaultValue}', '?ok defaultValue'],
    ['ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric'],
    ['ok ${SUBDOMAIN:-redis}.${FOO:?}', 'ok redis.first'],
  ];
  for (const [input, want] of cases) assert.is(sub(input), want, input);
});

test('the first operator decides; the rest of the braces is the default/message/alternate', () => {
  assert.is(sub('${A:-x?y}'), 'x?y');
  assert.is(sub('${UNSET_VAR-myerror?msg}'), 'myerror?msg');
  assert.is(sub('${FOO?bar-baz}'), 'first');
  assert.is(sub('${NOPE-a:-b}'), 'a:-b');
  assert.is(sub('${NOPE:-a-b+c?d}'), 'a-b+c?d');
  assert.is(sub('${FOO+va:?lu:-e}'), 'va:?lu:-e');
  assert.is(failure('${UNSET_VAR?bar-baz}').message, 'required variable UNSET_VAR is missing a value: bar-baz');
});

test('nested defaults, messages and alternates are interpolated', () => {
  const cases: Array<[string, string]> = [
    ['ok ${UNSET_VAR-$FOO}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR:-$FOO}', 'ok first'],
    ['ok ${BAR:-${FOO}}', 'ok first'],
    ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR+$FOO}', 'ok first'],
    ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
    ['${A:-${B:-${C:-deep}}}', 'deep'],
    ['${A:-${FOO:-${C:-deep}}}', 'first'],
    ['${A:-$${B}}', '${B}'],
    ['x${A:-a}y${B:-b}z', 'xaybz'],
    ['${A:-a}${B:-b}${C:-c}', 'abc'],
  ];
  for (const [input, want] of cases) assert.is(sub(input), want, input);
});

test('braces inside defaults are counted, so JSON defaults work (2.24.7)', () => {
  assert.is(sub('ok ${missing:-{"json":1}}'), 'ok {"json":1}');
  assert.is(sub('ok ${missing-{"json":1}}'), 'ok {"json":1}');
  assert.is(sub('ok ${JSON:-{"json":1}}'), 'ok {"json":2}');
  assert.is(sub('${NOPE:-{"a":{"b":1}}} and ${FOO}'), '{"a":{"b":1}} and first');
  assert.is(sub('${NOPE:-[1,2]}!'), '[1,2]!');
});

test('compose-go brace-walk quirks are reproduced', () => {
  // compose-go's counter skips the character after every `{`: `{{`/`{}` are not counted as a pair.
  assert.is(sub('${NOPE:-{{.Name}}}'), '{{.Name}}');
  assert.is(sub('${FOO:-{{.Name}}}'), 'first}');
  // With no balanced `}` the form runs to the last `}` on the line, swallowing what follows.
  assert.is(sub('${FOO:-{}} ${BAR}'), 'first');
  assert.is(failure('${NOPE:-{}} ${BAR}').kind, 'invalid');
  assert.is(sub('${NOPE:-{}}'), '{}');
});

test('an operator form never spans lines', () => {
  assert.is(sub('${NOPE:-a}\n${NOPE:-b}'), 'a\nb');
  assert.is(sub('${NOPE:-a}\n}'), 'a\n}');
  const e = failure('x ${NOPE:-a\n}');
  assert.is(e.kind, 'invalid');
  assert.is(e.offset, 2);
});

test('invalid braced forms fail with the offset of their ${', () => {
  const cases: Array<[string, number]> = [
    ['${', 0],
    ['${}', 0],
    ['${ }', 0],
    ['${ foo}', 0],
    ['${foo }', 0],
    ['${foo!}', 0],
    ['${1}', 0],
    ['${foo:x}', 0],
    ['${foo:}', 0],
    ['${foo-', 0],
    ['ab ${foo', 3],
    ['$FOO ${FOO} ${-}', 12],
    ['${NOPE:-${}', 8], // evaluated default: the inner ${ is reported
  ];
  for (const [input, offset] of cases) {
    const e = failure(input);
    assert.is(e.kind, 'invalid', input);
    assert.is(e.offset, offset, input);
    assert.ok(e.message.startsWith('invalid interpolation format for "${'), e.message);
    assert.ok(e.message.endsWith(': you may need to escape any $ with another $'), e.message);
  }
  assert.is(failure('${foo!} tail').message, 'invalid interpolation format for "${foo!}": you may need to escape any $ with another $');
});

test('invalid-format messages show only the ${...} expression, cut to 60 characters', () => {
  const secret = 'CANARY-ZX81';
  const before = `password=${secret} `;
  const e1 = failure(`${before}\${x!} after=${secret}`);
  assert.is(e1.offset, before.length);
  assert.not.ok(e1.message.includes(secret), e1.message);
  assert.ok(e1.message.includes('"${x!}"'));

  const e2 = failure('${x ' + 'a'.repeat(70) + secret + '}');
  assert.not.ok(e2.message.includes(secret), e2.message);
  const shown = JSON.parse(e2.message.slice('invalid interpolation format for '.length, e2.message.indexOf('": ') + 1));
  assert.ok(shown.length <= 60, shown);
  assert.ok(shown.endsWith('...'));

  const e3 = failure(`\${broken\n${secret}`);
  assert.not.ok(e3.message.includes(secret), 'stops at the end of the line');
});

test('required variables', () => {
  const cases: Array<[string, string]> = [
    ['not ok ${UNSET_VAR:?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
    ['not ok ${BAR:?Mandatory Variable Empty}', 'required variable BAR is missing a value: Mandatory Variable Empty'],
    ['not ok ${UNSET_VAR:?}', 'required variable UNSET_VAR is missing a value'],
    ['not ok ${UNSET_VAR?Mandatory Variable Unset}', 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset'],
    ['not ok ${UNSET_VAR?}', 'required variable UNSET_VAR is missing a value'],
    ['not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}', 'required variable UNSET_VAR is missing a value: Mandatory Variable first'],
    ['not ok ${UNSET_VAR?Mandatory Variable ${FOO}}', 'required variable UNSET_VAR is missing a value: Mandatory Variable first'],
  ];
  for (const [input, message] of cases) {
    const e = failure(input);
    assert.is(e.message, message);
    assert.is(e.kind, 'required');
    assert.is(e.offset, 7);
    assert.is(e.variable, message.split(' ')[2]);
  }
  assert.is(failure('${A:-${B:?need B}}').offset, 5, 'a nested requirement reports its own ${');
});

test('defaults, alternates and messages are evaluated only when used', () => {
  assert.is(sub('${FOO:-${}'), 'first', 'a broken unused default is not an error');
  assert.is(sub('${FOO-${NOPE:?x}}'), 'first');
  assert.is(sub('${NOPE:+${NOPE2:?x}}'), '');
  assert.is(sub('${FOO:?${}'), 'first', 'the message of a satisfied requirement is never read');
  assert.is(failure('${NOPE:-${NOPE2:?x}}').message, 'required variable NOPE2 is missing a value: x');
  let calls = 0;
  interpolate('${FOO:-${X}${Y}}', (n) => {
    calls++;
    return lookup(n);
  });
  assert.is(calls, 1, 'names inside an unused default are not looked up');
});

test('vars: every name written, in order, once — used or not', () => {
  const cases: Array<[string, string[]]> = [
    ['plain', []],
    ['$$FOO $${BAR}', []],
    ['$B ${A} $B', ['B', 'A']],
    ['${FOO:-${X:-$Y}} ${Z+$W}', ['FOO', 'X', 'Y', 'Z', 'W']],
    ['${FOO:?${M}}x', ['FOO', 'M']],
    ['${FOO:-{"a":"$Q"}}', ['FOO', 'Q']],
  ];
  for (const [input, vars] of cases) {
    assert.equal(interpolate(input, lookup).vars, vars, input);
  }
});

test('onUnset: once per $VAR/${VAR} reference, never for operator forms or set-but-empty variables', () => {
  const unset: string[] = [];
  interpolate('$A ${A} $BAR ${B:-x} ${C-x} ${D:+x} ${E+x} ${FOO:-$F} $$G', lookup, (n) => unset.push(n));
  assert.equal(unset, ['A', 'A']);
  const inDefault: string[] = [];
  interpolate('${NOPE:-${H}}', lookup, (n) => inDefault.push(n));
  assert.equal(inDefault, ['H'], 'an evaluated default reports its own unset references');
});

test('the value of a variable is never re-interpolated', () => {
  const env = (n: string) => ({ A: '${B}', B: 'no', C: '$$' })[n];
  assert.is(interpolate('$A|${A}|${X:-$A}|$C', env).value, '${B}|${B}|${B}|$$');
});

test('nesting: up to the limit works, beyond it is an InterpolationError, not a stack overflow', () => {
  const nest = (depth: number) => '${V:-'.repeat(depth) + 'end' + '}'.repeat(depth);
  assert.is(sub(nest(MAX_NESTING)), 'end');
  for (const depth of [MAX_NESTING + 1, 20_000]) {
    const e = failure(nest(depth));
    assert.is(e.kind, 'depth');
    assert.ok(e.message.includes(String(MAX_NESTING)));
  }
  // same limit for names collected from an unused default
  const e = failure('${FOO:-' + nest(MAX_NESTING + 5) + '}');
  assert.is(e.kind, 'depth');
});

function timed(label: string, text: string, check: (value: string) => void): void {
  const start = performance.now();
  let value = '';
  try {
    value = interpolate(text, lookup).value;
  } catch (e) {
    if (!(e instanceof InterpolationError)) throw e;
    value = `error:${e.kind}`;
  }
  const ms = performance.now() - start;
  check(value);
  assert.ok(ms < 1500, `${label}: ${ms.toFixed(0)} ms`);
}

test('hostile 100k-character inputs finish quickly', () => {
  const N = 100_000;
  timed('many defaults on one line', '${NOPE:-x}'.repeat(N / 10), (v) => assert.is(v, 'x'.repeat(N / 10)));
  timed('many defaults, last brace far away', '${NOPE:-x}a'.repeat(9_000) + '}', (v) => assert.is(v, 'xa'.repeat(9_000) + '}'));
  timed('dollars', '$'.repeat(N), (v) => assert.is(v, '$'.repeat(N / 2)));
  timed('odd dollars', '$'.repeat(N + 1), (v) => assert.is(v, '$'.repeat(N / 2 + 1)));
  timed('open braces', '${'.repeat(N / 2), (v) => assert.is(v, 'error:invalid'));
  timed('unterminated operators', '${A:-'.repeat(N / 5), (v) => assert.is(v, 'error:invalid'));
  timed('brace soup in a default', '${NOPE:-' + '{'.repeat(N / 2) + '}'.repeat(N / 2) + '}', (v) => assert.ok(v.length > 0));
  timed('names', '$FOO'.repeat(N / 4), (v) => assert.is(v, 'first'.repeat(N / 4)));
  timed('deep but within limit, many times', ('${V:-'.repeat(500) + 'x' + '}'.repeat(500)).repeat(30), (v) =>
    assert.is(v, 'x'.repeat(30)),
  );
  timed('unused defaults holding long lines', '${FOO:-' + '$X'.repeat(N / 2) + '}', (v) => assert.is(v, 'first'));
});

test('work grows linearly with input length', () => {
  const measure = (n: number) => {
    const text = '${NOPE:-${A:-x}}y'.repeat(n);
    const start = performance.now();
    for (let i = 0; i < 3; i++) interpolate(text, lookup);
    return performance.now() - start;
  };
  measure(2_000); // warm up
  const small = measure(5_000);
  const large = measure(40_000);
  assert.ok(large < small * 8 * 4 + 50, `8x input took ${(large / small).toFixed(1)}x the time`);
});

test.run();
