import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDotenv } from '../../src/load/dotenv.ts';
import { InputError } from '../../src/model/errors.ts';

const CANARY = 'CANARY-ZX81';
const none = (): string | undefined => undefined;
const envOf = (vars: Record<string, string>) => (n: string) => (Object.hasOwn(vars, n) ? vars[n] : undefined);

function values(text: string, lookup: (n: string) => string | undefined = none): Record<string, string> {
  return Object.fromEntries([...parseDotenv(text, '/p/.env', lookup)].map(([k, e]) => [k, e.value]));
}

function failure(text: string, lookup: (n: string) => string | undefined = none): InputError {
  try {
    parseDotenv(text, '/p/.env', lookup);
  } catch (e) {
    assert.instance(e, InputError);
    return e as InputError;
  }
  assert.unreachable(`expected ${JSON.stringify(text)} to fail`);
  throw new Error('unreachable');
}

test('single lines (compose-go TestParsing)', () => {
  const cases: Array<[string, string, string]> = [
    ['FOO=bar', 'FOO', 'bar'],
    ['FOO =bar', 'FOO', 'bar'],
    ['FOO= bar', 'FOO', 'bar'],
    ['FOO="bar"', 'FOO', 'bar'],
    ["FOO='bar'", 'FOO', 'bar'],
    ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
    ['FOO="\\"quoted\\""', 'FOO', '"quoted"'],
    [`FOO="'d'"`, 'FOO', "'d'"],
    ['OPTION_A: 1', 'OPTION_A', '1'],
    ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
    ['OPTION_A=1:B', 'OPTION_A', '1:B'],
    ['export OPTION_A=2', 'OPTION_A', '2'],
    ["export OPTION_B='\\n'", 'OPTION_B', '\\n'],
    ['export exportFoo=2', 'exportFoo', '2'],
    ['exportFOO=2', 'exportFOO', '2'],
    ['export_FOO =2', 'export_FOO', '2'],
    ['export.FOO= 2', 'export.FOO', '2'],
    ['export\tOPTION_A=2', 'OPTION_A', '2'],
    ['  export OPTION_A=2', 'OPTION_A', '2'],
    ['\texport OPTION_A=2', 'OPTION_A', '2'],
    ['export OPTION_A="export A"', 'OPTION_A', 'export A'],
    ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
    ['FOO=a\\tb', 'FOO', 'a\\tb'],
    ['FOO="a\\tb"', 'FOO', 'a\tb'],
    ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', 'KEY', 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ'],
    ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
    ['FOO=foobar=', 'FOO', 'foobar='],
    ['FOO=bar ', 'FOO', 'bar'],
    ['FOO=bar # this is foo', 'FOO', 'bar'],
    ['FOO=bar #this is foo', 'FOO', 'bar'],
    ['FOO=bar #', 'FOO', 'bar'],
    ['FOO=123#not-an-inline-comment', 'FOO', '123#not-an-inline-comment'],
    ['FOO=bar\t# tab is not a comment start', 'FOO', 'bar\t# tab is not a comment start'],
    ['FOO="bar#baz"', 'FOO', 'bar#baz'],
    ['FOO="bar#baz"#', 'FOO', 'bar#baz'],
    ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
    ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
    ['FOO="bar#baz#bang" # comment', 'FOO', 'bar#baz#bang'],
    ['FOO="bar\\n\\ b\\az"', 'FOO', 'bar\n\\ b\x07z'],
    ['FOO="bar\\\\\\n\\ b\\az"', 'FOO', 'bar\\\n\\ b\x07z'],
    ['FOO="bar\\\\r\\ b\\az"', 'FOO', 'bar\\r\\ b\x07z'],
    ['FOO="bar\\nbaz\\\\"', 'FOO', 'bar\nbaz\\'],
    ['="value"', '', 'value'],
    [' KEY =value', 'KEY', 'value'],
    ['   KEY=value', 'KEY', 'value'],
    ['\tKEY=value', 'KEY', 'value'],
    ['KEY="\\0123"', 'KEY', 'S'],
    ['KEY="\\x07"', 'KEY', '\\x07'],
    ['KEY="\\u12e4"', 'KEY', '\\u12e4'],
    ['KEY="\\U00101234"', 'KEY', '\\U00101234'],
    ['FOO=', 'FOO', ''],
    ['FOO=""', 'FOO', ''],
    ["FOO=''", 'FOO', ''],
    ['FOO= #comment', 'FOO', '#comment'], // the value starts at the first non-blank, so this # is not after a space
    ["FOO='it\\'s'", 'FOO', "it's"],
    ["FOO='a\\nb'", 'FOO', 'a\\nb'],
  ];
  for (const [line, key, value] of cases) {
    const got = values(line);
    assert.ok(Object.hasOwn(got, key), `${JSON.stringify(line)}: no key ${JSON.stringify(key)} in ${JSON.stringify(got)}`);
    assert.is(got[key], value, line);
  }
});

test('octal and unknown escapes in double quotes behave like compose-go', () => {
  const cases: Array<[string, string]> = [
    ['"\\0101"', 'A'],
    ['"\\0"', '\\'],
    ['"\\01"', '\\1'],
    ['"\\012"', '\\12'],
    ['"\\0400"', '\\400'],
    ['"\\0999"', '\\999'],
    ['"\\01234"', 'S4'],
    ['"\\c"', '\\c'],
    ['"\\q"', '\\q'],
    ['"a\\\\nb"', 'a\\nb'],
  ];
  for (const [quoted, want] of cases) assert.is(values(`K=${quoted}`).K, want, quoted);
});

test('whole files: multi-line values, comments, blank lines, CRLF, BOM, line numbers', () => {
  const text = [
    '\uFEFF# leading comment',
    '',
    'A=1',
    '   # indented comment',
    'B="first line',
    'second line"',
    "C='x",
    "y'",
    'export D=4\r',
    'E=five\r',
    '\t',
    'F="six" # trailing',
    'G=7',
  ].join('\n');
  const env = parseDotenv(text, '/p/.env', none);
  assert.equal(
    [...env].map(([k, e]) => [k, e.value, e.line]),
    [
      ['A', '1', 3],
      ['B', 'first line\nsecond line', 5],
      ['C', 'x\ny', 7],
      ['D', '4', 9],
      ['E', 'five', 10],
      ['F', 'six', 12],
      ['G', '7', 13],
    ],
  );
  assert.equal(values('\uFEFFA=1'), { A: '1' });
  assert.equal(values('A=1\r\nB="2"\r\n\r\nC=3'), { A: '1', B: '2', C: '3' });
  assert.equal(values('A="x\r\ny"'), { A: 'x\r\ny' }, 'CR inside quotes is kept, as compose-go does');
  assert.equal(values(''), {});
  assert.equal(values('\n\n  \t\n# only comments\n#'), {});
});

test('a repeated key takes the later value', () => {
  const env = parseDotenv('A=1\nB=2\nA=3', 'f', none);
  assert.equal([...env.keys()], ['A', 'B']);
  assert.equal(env.get('A'), { value: '3', line: 3 });
});

test('unicode keys and key characters', () => {
  assert.equal(values('a=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\nVAR-WITH-DASHES=dashes\n'), {
    a: 'b',
    'a[1]': 'c',
    'a.propertyKey': 'd',
    'árvíztűrő-TÜKÖRFÚRÓGÉP': 'ÁRVÍZTŰRŐ-tükörfúrógép',
    'VAR-WITH-DASHES': 'dashes',
  });
  assert.equal(values('K\t2=v'), { 'K\t2': 'v' }, 'only a plain space is refused inside a key');
});

test('a bare KEY line takes the value from lookup, only when defined', () => {
  const lookup = envOf({ INHERITED: 'from-shell', EMPTY: '' });
  assert.equal(values('FOO=bar\nINHERITED\nMISSING\nEMPTY\nBAR=baz\n', lookup), {
    FOO: 'bar',
    INHERITED: 'from-shell',
    EMPTY: '',
    BAR: 'baz',
  });
  assert.equal(values('A=1\nA\n', none), { A: '1' }, 'earlier lines are not a source for a bare key');
  assert.equal(values('INHERITED \r\n', lookup), { INHERITED: 'from-shell' });
  assert.equal(parseDotenv('\n\nINHERITED\n', 'f', lookup).get('INHERITED')?.line, 3);
  // compose-go finds no terminator on a last line without newline and stores it under the empty key
  assert.equal(values('A=1\nINHERITED', lookup), { A: '1', '': 'INHERITED' });
});

test('expansion: lookup first, then earlier lines; single quotes are literal', () => {
  const shell = envOf({ OPTION_A: '5', ME: 'YES' });
  assert.equal(
    values('OPTION_A=${OPTION_A:-1}\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n', shell),
    { OPTION_A: '5', OPTION_B: '5', OPTION_C: '5', OPTION_D: '5_5', OPTION_E: '' },
  );
  assert.equal(
    values('OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\nOPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n', shell),
    { OPTION_A: '1', OPTION_B: '5', OPTION_C: '5', OPTION_D: '5_5', OPTION_E: '' },
    'the file keeps its own value, but references prefer the process environment',
  );
  assert.equal(values('TEST=$ME', shell), { TEST: 'YES' });
  assert.equal(values('FOO=test\nBAR=$FOO'), { FOO: 'test', BAR: 'test' });
  assert.equal(values('FOO=test\nBAR=${FOO}bar'), { FOO: 'test', BAR: 'testbar' });
  assert.equal(values('BAR=$FOO'), { BAR: '' });
  assert.equal(values('BAR=$FOO\nFOO=later'), { BAR: '', FOO: 'later' }, 'later lines are not visible');
  assert.equal(values('FOO=test\nBAR="quote $FOO"'), { FOO: 'test', BAR: 'quote test' });
  assert.equal(values("BAR='quote $FOO'"), { BAR: 'quote $FOO' });
  assert.equal(values('FOO="foo\\$BAR"'), { FOO: 'foo$BAR' });
  assert.equal(values('FOO="foo\\${BAR}"'), { FOO: 'foo${BAR}' });
  assert.equal(values('FOO=test\nBAR="foo\\${FOO} ${FOO}"'), { FOO: 'test', BAR: 'foo${FOO} test' });
  assert.equal(values('A=$$B\nC="$$D"'), { A: '$B', C: '$D' });
  assert.equal(values('FOO=x\nA=\\$FOO'), { FOO: 'x', A: '\\x' }, 'unquoted values get no escape processing');
  assert.equal(values('A=${X:-{"k":1}} # c'), { A: '{"k":1}' });
  assert.equal(values('FOO=a\nB=${FOO:+set}${NONE:+x}'), { FOO: 'a', B: 'set' });
});

test('syntax errors: located, one line, no value text', () => {
  const cases: Array<[string, string, number, number]> = [
    ['lol$wut', 'unexpected character "$" in variable name', 1, 4],
    ['A=1\n%!(EXTRA string)=foo', 'unexpected character "%" in variable name', 2, 1],
    ['A=1\n\n  FOO BAR=1', 'variable name cannot contain a space', 3, 3],
    ['FOO BAR\n', 'variable name cannot contain a space', 1, 1],
    ['export ', 'missing variable name after "export"', 1, 8],
    ['A=1\nB="abc', 'unterminated quoted value for variable B', 2, 3],
    ["C= 'x\ny\nz", 'unterminated quoted value for variable C', 1, 4],
  ];
  for (const [text, message, line, col] of cases) {
    const e = failure(text);
    assert.is(e.message, message, text);
    assert.equal(e.loc, { file: '/p/.env', line, col }, text);
    assert.equal(e.lines(), [`/p/.env:${line}:${col}: ${message}`]);
  }
});

test('every unterminated quote is an error (compose-go TestUnterminatedQuotes)', () => {
  for (const text of ['KEY="', 'KEY="value', 'KEY="value\\"', `KEY="value'`, "KEY='", "KEY='value", "KEY='value\\'", `KEY='value"`]) {
    assert.ok(failure(text).message.startsWith('unterminated quoted value for variable KEY'), text);
  }
});

test('interpolation errors in values are located and do not echo the value', () => {
  const bad = failure(`OK=1\nPASSWORD=${CANARY}\${oops`);
  assert.is(bad.message, 'invalid interpolation format in the value of variable PASSWORD: you may need to escape any $ with another $');
  assert.equal(bad.loc, { file: '/p/.env', line: 2, col: 10 + CANARY.length });
  assert.not.ok(bad.message.includes(CANARY));

  const quoted = failure(`PASSWORD="${CANARY}\\n\${oops"`);
  assert.equal(quoted.loc, { file: '/p/.env', line: 1, col: 10 }, 'double quotes: the opening quote');
  assert.not.ok(quoted.message.includes(CANARY));

  const required = failure(`A=1\nDB_PASSWORD=${CANARY}\${DB_PASSWORD_FILE:?set it}`);
  assert.is(required.message, 'variable DB_PASSWORD: required variable DB_PASSWORD_FILE is missing a value: set it');
  assert.equal(required.loc, { file: '/p/.env', line: 2, col: 13 + CANARY.length });
  assert.not.ok(required.message.includes(CANARY));
});

test('no message ever contains value text', () => {
  const texts = [
    `A="${CANARY}`,
    `A='${CANARY}\n`,
    `A=1\n${CANARY} B=2`,
    `TOKEN=${CANARY}\nnext line with spaces ${CANARY}\n`,
    `A=${CANARY}\${`,
    `A="${CANARY}\${X:?}"`,
    `${CANARY}$=1`,
  ];
  for (const text of texts) {
    const e = failure(text);
    assert.not.ok(e.message.includes(CANARY), `${JSON.stringify(text)} -> ${e.message}`);
    assert.not.ok(e.lines().join('\n').includes('ZX81'), e.lines().join('\n'));
  }
});

test('large files parse in linear time', () => {
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) lines.push(`KEY${i}="value ${i} \${KEY0:-x}" # c`);
  const start = performance.now();
  const env = parseDotenv(lines.join('\n'), 'f', none);
  const ms = performance.now() - start;
  assert.is(env.size, 20_000);
  assert.is(env.get('KEY19999')?.line, 20_000);
  assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  const huge = parseDotenv(`A="${'x\\n'.repeat(50_000)}"`, 'f', none);
  assert.is(huge.get('A')?.value.length, 100_000);
});

test.run();
