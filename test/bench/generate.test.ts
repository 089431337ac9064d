import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { composeFiles, generateProject, SERVICES_PER_FILE, writeProject } from '../../scripts/bench/generate.mjs';
import { loadProject } from '../../src/load/project.ts';

const ENV = { PATH: '/usr/bin:/bin', HOME: '/root' };

function loadGenerated(n: number, opts: { seed?: number; anchors?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gen-'));
  try {
    const files = writeProject(dir, n, opts);
    return loadProject({ files, cwd: dirname(files[0]), env: ENV });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the 100-service project loads without errors and has every service', () => {
  const p = loadGenerated(100, { seed: 1 });
  assert.is(Object.keys(p.services).length, 100);
  assert.is(p.name, 'bench');
  // Interpolation came from the generated .env, and nothing is left unset.
  assert.not.ok(p.warnings.some((w) => /variable is not set/.test(w)), p.warnings.join('\n'));
});

test('every service count gives a valid project, whatever the number of networks it makes (2 to 16)', () => {
  // 130 services make three networks: a service's second network used to be its first again (a duplicate key).
  for (const n of [1, 7, 99, 101, 130, 260, 420, 560, 730]) {
    const p = loadGenerated(n, { seed: 3 });
    assert.is(Object.keys(p.services).length, n, `${n} services`);
  }
});

test('the generated project mixes the syntaxes it claims to', () => {
  const text = generateProject(100, { seed: 1 })['compose.yaml'];
  assert.match(text, /^ {6}- "\d+:80"$/m); // short port
  assert.match(text, /^ {6}- target: 80$/m); // long port
  assert.match(text, /^ {6}- type: bind$/m); // long volume
  assert.match(text, /^ {6}- data-\d+:\/var\/lib\/data$/m); // short volume
  assert.match(text, /^ {6}- APP_NAME=/m); // environment list
  assert.match(text, /^ {6}APP_NAME: /m); // environment map
  assert.match(text, /^ {4}<<: \*common$/m); // merge key
  assert.match(text, /condition: service_healthy/); // depends_on map
  assert.match(text, /^ {4}depends_on:\n {6}- svc-/m); // depends_on list
});

test('long and short forms land in the canonical model', () => {
  const p = loadGenerated(100, { seed: 1 });
  const services = Object.values(p.services);
  assert.ok(services.some((s) => s.depends_on && Object.values(s.depends_on).some((d) => d.condition === 'service_healthy')));
  assert.ok(services.every((s) => (s.ports ?? []).every((port) => typeof port.target === 'number')));
  assert.ok(services.some((s) => (s.volumes ?? []).some((v) => v.type === 'tmpfs')));
  assert.ok(Object.keys(p.networks ?? {}).length >= 2);
});

test('same seed gives the same files; another seed, other files', () => {
  assert.equal(generateProject(50, { seed: 7 }), generateProject(50, { seed: 7 }));
  assert.is.not(generateProject(50, { seed: 7 })['compose.yaml'], generateProject(50, { seed: 8 })['compose.yaml']);
});

test('without anchors the project still loads', () => {
  const text = generateProject(30, { seed: 3, anchors: false })['compose.yaml'];
  assert.not.match(text, /<<:/);
  assert.is(Object.keys(loadGenerated(30, { seed: 3, anchors: false }).services).length, 30);
});

test('projects past SERVICES_PER_FILE are split into files that load together', () => {
  const n = SERVICES_PER_FILE + 6;
  assert.equal(composeFiles(n), ['compose.yaml', 'compose.part-02.yaml']);
  assert.equal(composeFiles(10), ['compose.yaml']);
  const files = generateProject(n, { seed: 2 });
  assert.ok('compose.part-02.yaml' in files);
  // The second part's first service depends on the last one of the first part: -f merging joins them.
  assert.match(files['compose.part-02.yaml'], new RegExp(`- svc-${String(SERVICES_PER_FILE - 1).padStart(4, '0')}$|^ {6}svc-${String(SERVICES_PER_FILE - 1).padStart(4, '0')}:$`, 'm'));
  const p = loadGenerated(n, { seed: 2 });
  assert.is(Object.keys(p.services).length, n);
});

test('a service count that is not a positive integer is refused', () => {
  assert.throws(() => generateProject(0), /positive integer/);
  assert.throws(() => generateProject(2.5), /positive integer/);
});

test.run();
