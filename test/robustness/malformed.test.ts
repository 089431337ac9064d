// Malformed YAML of every kind: each is refused with a located, one-line reason, never a crash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectLoads, expectRefusal } from './support.ts';

const S = 'services:\n  web:\n    image: nginx\n';

const refused: Array<[name: string, text: string, why: RegExp]> = [
  ['unclosed double quote', 'services:\n  web:\n    image: "nginx\n', /compose\.yaml:\d+:\d+: invalid YAML: missing closing "quote/],
  ['unclosed single quote', "services:\n  web:\n    image: 'nginx\n", /compose\.yaml:\d+:\d+: invalid YAML: missing closing 'quote/],
  ['unclosed flow sequence', 'services:\n  web:\n    image: nginx\n    ports: [80, 443\n', /compose\.yaml:\d+:\d+: /],
  ['unclosed flow mapping', 'services: {web: {image: nginx}\n', /compose\.yaml:\d+:\d+: /],
  ['stray closing bracket', 'services:\n  web:\n    image: nginx]\n    ports: 80]\n', /compose\.yaml:\d+:\d+: /],
  ['bad indentation', 'services:\n  web:\n    image: nginx\n   ports: []\n', /compose\.yaml:4:\d+: bad indentation/],
  ['tab indentation', 'services:\n\tweb:\n\t\timage: nginx\n', /compose\.yaml:2:1: tabs are not allowed for indentation/],
  ['text after the document end marker', S + '...\nweb2: x\n', /compose\.yaml:5:1: unknown top-level key "web2"/],
  ['a scalar after the document end marker', S + '...\nweb2\n', /compose\.yaml:5:1: top-level must be a mapping, not a string/],
  ['document marker inside a mapping', 'services:\n  web:\n---\n    image: nginx\n', /compose\.yaml:\d+:\d+: /],
  ['empty file', '', /compose\.yaml:1:1: empty compose file/],
  ['only comments', '# a compose file\n# with nothing in it\n', /compose\.yaml:1:1: empty compose file/],
  ['only a document marker', '---\n', /compose\.yaml:1:1: empty compose file/],
  ['top level is a list', '- web\n- db\n', /compose\.yaml:1:1: top-level must be a mapping, not a list/],
  ['top level is a scalar', 'hello\n', /compose\.yaml:1:1: top-level must be a mapping, not a string/],
  ['top level is a number', '42\n', /top-level must be a mapping, not a number/],
  ['second document is a list', S + '---\n- x\n', /compose\.yaml:5:1: top-level must be a mapping, not a list/],
  ['duplicate key', 'services:\n  web:\n    image: a\n    image: b\n', /compose\.yaml:4:5: duplicate key in mapping/],
  ['keys that become the same string', 'services:\n  web:\n    image: a\n    labels: {1: a, "1": b}\n', /compose\.yaml:4:20: duplicate key in mapping/],
  ['mapping as a key', 'services:\n  ? {web: 1}\n  : x\n', /compose\.yaml:2:\d+: mapping keys must be strings/],
  ['unknown tag', 'services: !foo\n  web: {image: nginx}\n', /compose\.yaml:1:11: unknown YAML tag \(!foo\)/],
  ['alias to an unknown anchor', 'services:\n  web: *nope\n', /compose\.yaml:2:\d+: /],
  ['alias to itself', 'x-a: &a [*a]\n' + S, /compose\.yaml:1:\d+: alias refers to itself/],
  ['merge key with a scalar', 'x-a: &a 1\nservices:\n  web:\n    <<: *a\n    image: nginx\n', /compose\.yaml:4:\d+: merge key << needs a mapping/],
  ['plain key over 1024 characters', `services:\n  web:\n    image: nginx\n    labels:\n      ${'k'.repeat(1100)}: v\n`, /compose\.yaml:5:7: a mapping key without \? must be at most 1024 characters long/],
  ['__proto__ as a service name', 'services:\n  __proto__:\n    image: nginx\n', /compose\.yaml:2:3: "__proto__" cannot be used as a key/],
  ['__proto__ as an environment list entry', 'services:\n  web:\n    image: nginx\n    environment: ["__proto__=x"]\n', /compose\.yaml:4:19: "__proto__" cannot be used as a name/],
];

for (const [name, text, why] of refused) {
  test(`refused: ${name}`, () => {
    expectRefusal(text, why);
  });
}

test('a file with several documents merges them in order, like compose-go', () => {
  const p = expectLoads('services:\n  web:\n    image: a\n---\nservices:\n  web:\n    image: b\n  db:\n    image: c\n');
  assert.equal(Object.keys(p.services).sort(), ['db', 'web']);
  assert.is(p.services.web.image, 'b');
});

test('document markers and an empty document around the content are fine', () => {
  const p = expectLoads('---\n---\n' + S + '...\n');
  assert.is(p.services.web.image, 'nginx');
});

test('a mapping inside a sequence item keeps its position for later errors', () => {
  expectRefusal('services:\n  web:\n    image: nginx\n    environment: [A: 1]\n', /compose\.yaml:4:\d+: services\.web\.environment\[0\] must be a string/);
});

test('every syntax problem of a file is reported, one line each', () => {
  const e = expectRefusal('services:\n\tweb:\n\t\timage: nginx\n', /tabs/);
  assert.ok(e.problems.length >= 2, e.lines().join('\n'));
});

test.run();
