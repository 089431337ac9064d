// The harden report's indexes and shortcuts, each checked against the plain definition it replaces: line
// owners of the rendered config, manual-step prefixes, notes per rule and service, the copy fixes are tried
// on, and JSON equality.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keyOwners, manualPrefixTest, notesIndex } from '../../src/report/harden-report.ts';
import { Trial } from '../../src/report/trial.ts';
import { sameJson } from '../../src/model/same-json.ts';
import { cloneTree } from '../../src/model/clone.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The owner of each line as first written: three patterns tried on every line. */
function ownersByDefinition(text: string): Array<{ service?: string; key?: string } | undefined> {
  const out: Array<{ service?: string; key?: string } | undefined> = [];
  let section = '';
  let service: string | undefined;
  let key: string | undefined;
  for (const line of text.split('\n')) {
    const m0 = /^([A-Za-z_][\w-]*):/.exec(line);
    const m1 = /^ {2}(\S[^:]*):/.exec(line);
    const m2 = /^ {4}(\S[^:]*):/.exec(line);
    if (m0) {
      section = m0[1];
      service = undefined;
      key = undefined;
    } else if (m1) {
      if (section === 'services') service = m1[1].replace(/^"|"$/g, '');
      key = section === 'services' ? undefined : section;
    } else if (m2 && section === 'services') key = m2[1].replace(/^"|"$/g, '');
    out.push(section === 'services' ? (service ? { service, key } : undefined) : section ? { key: section } : undefined);
  }
  return out;
}

test('keyOwners: the same owner for every line as the definition', () => {
  const yaml = [
    'name: demo',
    'services:',
    '  "web":',
    '    image: nginx',
    '    environment:',
    '      A: "1"',
    '    "labels":',
    '      - x: y',
    '  api:',
    '\t  odd: tab',
    '    ports:',
    '      - 80:80',
    '  : colon first',
    '     five: spaces',
    'networks:',
    '  default:',
    '    driver: bridge',
    'x-extra:',
    '  k: v',
    '',
  ].join('\n');
  assert.equal(keyOwners(yaml), ownersByDefinition(yaml));
  const r = rng(7);
  const parts = ['services:', 'networks:', 'x-a:', '_b:', '  svc:', '  "q":', '    image: a', '    ports:', '      - 1', ' \tx:', '    :', '  a: b: c', '', '#c', '\t', '  \u00a0a:', '    \u3000b:', '  \ufeffc:', '  d:\r', '    \u2028e:', 'é:', '  :a:', '  ::', '    "":', '  "', '    ":', 'a-b:', '9a:', '-x:', 'a b:', 'x_1-2:z', ':', '  "a"b":']; // odd spaces: `\s` is wider than ' '
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: Math.floor(r() * 30) }, () => parts[Math.floor(r() * parts.length)]).join('\n');
    assert.equal(keyOwners(text), ownersByDefinition(text), text);
  }
});

test('manualPrefixTest: a prefix of the dotted path, as text', () => {
  const steps = ['services.a.ports', 'services.web', ''];
  for (const list of [steps, steps.slice(0, 2), []]) {
    const test = manualPrefixTest(list);
    for (const path of [['services', 'a', 'ports', 0], ['services', 'ab', 'x'], ['services', 'web'], ['services', 'webx', 'ports'], ['networks', 'n'], []]) {
      assert.is(test(path), list.some((m) => path.join('.').startsWith(m)), `${list} ${path}`);
    }
  }
});

test('notesIndex: the notes of a rule for a service, in their order', () => {
  const notes = [
    { rule: 'CH501', service: 'web', message: '1' },
    { rule: 'CH501', message: '2' },
    { rule: 'CH502', service: 'web', message: '3' },
    { rule: 'CH501', service: 'api', message: '4' },
    { rule: 'CH501', service: '', message: '5' },
    { rule: 'CH501', service: 'web', message: '6' },
  ];
  const of = notesIndex(notes);
  for (const rule of ['CH501', 'CH502', 'CH999']) {
    for (const service of ['web', 'api', 'db', undefined, '']) {
      assert.equal(of(rule, service), notes.filter((n) => n.rule === rule && (!n.service || n.service === service)), `${rule} ${service}`);
    }
  }
});

test('Trial: sees and undoes whatever a fix did, in the same containers', () => {
  const original = { image: 'nginx', ports: [{ target: 80, host_ip: '0.0.0.0' }], environment: { A: '1', B: '2' }, cap_drop: ['ALL'] } as Record<string, unknown>;
  const text = JSON.stringify(original);
  const copy = cloneTree(original);
  const ports = copy.ports as Array<Record<string, unknown>>;
  const t = new Trial(original, copy);
  assert.equal(t.changed(), []);
  copy.read_only = true;
  (copy.cap_drop as string[]).push('NET_RAW');
  ports[0].host_ip = '127.0.0.1';
  assert.not.ok(t.sameJson(t.changed()));
  assert.ok(t.restore(t.changed()));
  assert.equal(t.changed(), []);
  assert.is(JSON.stringify(copy), text);
  assert.is(copy.ports, ports, 'the same array, so what is kept beside it still applies');
  delete (copy.environment as Record<string, string>).A;
  (copy.environment as Record<string, string>).A = '1';
  assert.not.ok(t.sameJson(t.changed()), 'same entries in another order write other JSON');
  assert.ok(t.restore(t.changed()));
  copy.ports = [{ ...ports[0] }];
  assert.equal(t.changed().length, 1, 'an equal copy is still a change of container');
  assert.ok(t.sameJson(t.changed()), '...that writes the same JSON');
  assert.ok(t.restore(t.changed()));
  assert.is(copy.ports, ports);
  assert.is(JSON.stringify(original), text, 'the original is never touched');
});

test('Trial: same JSON and undo, for random changes to random trees', () => {
  const r = rng(5);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const leaf = () => pick<unknown>(['a', 'b', 1, 2, true, null, undefined]);
  const tree = (depth: number): unknown => {
    if (depth > 3 || r() < 0.3) return leaf();
    if (r() < 0.5) return Array.from({ length: Math.floor(r() * 4) }, () => tree(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(r() * 4); i > 0; i--) o[pick(['x', 'y', 'z', '1'])] = tree(depth + 1);
    return o;
  };
  const containers = (v: unknown, out = new Set<object>()): object[] => {
    if (v !== null && typeof v === 'object' && !out.has(v)) {
      out.add(v);
      for (const x of Object.values(v)) containers(x, out);
    }
    return [...out];
  };
  for (let n = 0; n < 400; n++) {
    const original = { root: tree(0), other: tree(0) } as Record<string, unknown>;
    const text = JSON.stringify(original);
    const copy = cloneTree(original);
    const t = new Trial(original, copy);
    for (let round = 0; round < 3; round++) {
      for (let k = Math.floor(r() * 4); k > 0; k--) {
        const all = containers(copy);
        const c = pick(all) as Record<string, unknown>;
        const keys = Object.keys(c);
        const op = r();
        if (op < 0.2 && keys.length) delete c[pick(keys)];
        else if (op < 0.4) c[Array.isArray(c) ? String(keys.length) : pick(['x', 'y', 'w'])] = leaf();
        else if (op < 0.6 && keys.length) c[pick(keys)] = pick(all); // moves or aliases a container, sometimes into itself
        else if (op < 0.8 && keys.length) {
          const key = pick(keys);
          try {
            c[key] = JSON.parse(JSON.stringify(c[key] ?? null)); // an equal copy
          } catch {
            /* a cycle cannot be copied */
          }
        } else if (keys.length) {
          const key = pick(keys);
          const v = c[key];
          delete c[key];
          c[key] = v; // same entry, moved to the end
        }
      }
      let json: string | undefined;
      try {
        json = JSON.stringify(copy);
      } catch {
        json = undefined; // a cycle: nothing to compare, but undo must still work
      }
      const changed = t.changed();
      if (json !== undefined) assert.is(t.sameJson(changed), json === text, `${text} -> ${json}`);
      assert.ok(t.restore(changed));
      assert.equal(t.changed(), []);
      assert.is(JSON.stringify(copy), text);
    }
  }
});

test('sameJson: true exactly when JSON.stringify writes the same text', () => {
  const values: unknown[] = [
    {},
    { a: 1 },
    { a: 1, b: undefined },
    { b: undefined, a: 1 },
    { a: 1, b: 2 },
    { b: 2, a: 1 },
    { a: () => 1 },
    { a: null },
    [1, undefined],
    [1, null],
    [1, () => 0],
    [1],
    { a: [1, { b: 'x' }] },
    { a: [1, { b: 'y' }] },
    { a: NaN },
    { a: null, x: 0 },
    { a: Infinity, x: -0 },
    { a: new Date(0) },
    { a: '1970-01-01T00:00:00.000Z' },
    { toJSON: () => ({ a: 1 }) },
    { toJSON: 'not a function' },
    { a: '1' },
    { a: true },
    { a: 'true' },
    { 1: 'x', a: 'y' },
    { a: 'y', 1: 'x' },
    Object.assign(Object.create(null), { a: 1 }),
    [],
    '',
    'a',
    0,
    null,
    undefined,
  ];
  for (const a of values) for (const b of values) assert.is(sameJson(a, b), JSON.stringify(a) === JSON.stringify(b), `${JSON.stringify(a)} ${JSON.stringify(b)}`);
});

test.run();
