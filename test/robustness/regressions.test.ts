// Every crash the robustness work found, with the minimal input that triggered it. (Crashes of the write
// path are in io.test.ts, of huge and deep input in hostile.test.ts; these are the rest.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harden, InternalError } from '../../src/harden.ts';
import { parseComposeYaml } from '../../src/load/yaml.ts';
import { InputError } from '../../src/model/errors.ts';
import { expectRefusal, overlayLoad, problemsWithin, tryLoad } from './support.ts';

test('a mapping with a toString key where a string was expected (TypeError in the merge) is refused', () => {
  expectRefusal('services:\n  web:\n    image: nginx\n    environment: [{toString: false}]\n', /compose\.yaml:4:\d+: services\.web\.environment\[0\] must be a string/);
  expectRefusal('services:\n  web:\n    image: nginx\n    ports: [{toString: 1, valueOf: 2}]\n', /compose\.yaml:4:\d+: /);
  expectRefusal('services:\n  web:\n    image: nginx\n    volumes: [{toString: x}]\n', /compose\.yaml:4:\d+: /);
  expectRefusal('services:\n  web:\n    image: nginx\n    command: [{toString: x}]\n', /compose\.yaml:4:\d+: /);
});

test('an environment entry that interpolates to nothing is refused (harden wrote an override that did not load)', () => {
  const text = 'services:\n  web:\n    image: postgres:16\n    environment: ["${UNSET}", "POSTGRES_PASSWORD=Zq8vN3xK7pL2wR9t"]\n';
  expectRefusal(text, /compose\.yaml:4:\d+: entry has an empty name/);
  assert.throws(() => harden({ load: overlayLoad(text) }), (e: Error) => e instanceof InputError && !(e instanceof InternalError));
  expectRefusal('services:\n  web:\n    image: nginx\n    labels: ["=x"]\n', /compose\.yaml:4:\d+: entry has an empty name/);
});

test('a syntax error after skipped lines is located on its own line (positions came out past the line end)', () => {
  const text = '  importer:\nname: x\n    extends:\n      file: other.yaml\n';
  try {
    parseComposeYaml(text, 'compose.yaml');
    assert.unreachable('expected a syntax error');
  } catch (e) {
    assert.instance(e, InputError);
    assert.equal(problemsWithin((e as InputError).problems, new Map([['compose.yaml', text]])), []);
  }
});

test('__proto__ keys were silently dropped (the service vanished); now refused', () => {
  expectRefusal('services:\n  __proto__:\n    image: nginx\n', /compose\.yaml:2:3: "__proto__" cannot be used as a key/);
  expectRefusal('services:\n  web:\n    image: nginx\n    labels: ["__proto__=x"]\n', /compose\.yaml:4:\d+: "__proto__" cannot be used as a name/);
});

test('keys that differ only in YAML type ({1: a, "1": b}) were merged silently; now a duplicate key', () => {
  expectRefusal('services:\n  web:\n    image: nginx\n    labels: {1: a, "1": b}\n', /compose\.yaml:4:20: duplicate key in mapping/);
});

test('an interpolated secret was quoted in error messages; the variable is named instead', () => {
  const r = tryLoad({ ...overlayLoad('services:\n  web:\n    image: nginx\n    ports: ["${DB_PASSWORD}"]\n'), env: { DB_PASSWORD: 'Zq8vN3xK7pL2wR9t' } });
  assert.not.ok(r.ok);
  const said = (r as { error: InputError }).error.lines().join('\n');
  assert.not.match(said, /Zq8vN3xK7pL2wR9t/);
  assert.match(said, /compose\.yaml:4:\d+: services\.web\.ports\[0\]: "\$\{DB_PASSWORD\}" is not a valid port mapping/);
});

// Found by the generative test: `cpus: "1.0"` written by the fix is cast to the number 1 on reload, and the
// verification compared "1" with "1.0" as text (fixed: numbers compare as numbers).
test('a legacy mem_limit without cpus hardens (internal error: override does not reproduce services.s.cpus)', () => {
  const r = harden({ load: overlayLoad('services:\n  s:\n    image: nginx\n    mem_limit: 512m\n') });
  assert.ok(!r.unchanged);
});

test.run();
