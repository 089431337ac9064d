// Compose-level nonsense: every choice the schema allows, wrong types, unknown keys, `x-` extensions,
// unusual names, `..` paths, cycles, missing files and unset variables.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { harden } from '../../src/harden.ts';
import { renderConfig } from '../../src/report/config.ts';
import { CLI, SAFE_ENV, expectLoads, expectRefusal, overlayLoad, scratchDir } from './support.ts';

const svc = (body: string) => `services:\n  web:\n    image: nginx\n${body}`;

test('ports in every accepted form load to the same canonical shape', () => {
  const p = expectLoads(svc('    ports:\n      - 80\n      - "8080:80"\n      - 127.0.0.1:9000:9000/udp\n      - "1000-1002:2000-2002"\n      - {target: 81, published: 8081}\n      - {target: "82", published: "8082", protocol: tcp}\n'));
  const ports = p.services.web.ports ?? [];
  assert.ok(ports.length >= 8, `ranges expand: ${ports.length}`);
  for (const port of ports) assert.type(port.target, 'number');
});

test('ports of the wrong kind are refused where they are written', () => {
  expectRefusal(svc('    ports: [true]\n'), /compose\.yaml:4:\d+: services\.web\.ports\[0\]/);
  expectRefusal(svc('    ports: [80.5]\n'), /compose\.yaml:4:\d+: services\.web\.ports\[0\]/);
  expectRefusal(svc('    ports: "80:80"\n'), /compose\.yaml:4:\d+: services\.web\.ports/);
});

test('environment as a list and as a map give the same mapping', () => {
  const list = expectLoads(svc('    environment: [A=1, B=x=y, C=, D]\n'), {}, { D: 'from-env' });
  const map = expectLoads(svc('    environment: {A: 1, B: x=y, C: "", D: null}\n'), {}, { D: 'from-env' });
  assert.equal(list.services.web.environment, { A: '1', B: 'x=y', C: '', D: 'from-env' });
  assert.equal(map.services.web.environment, list.services.web.environment);
  expectRefusal(svc('    environment: {A: [1]}\n'), /compose\.yaml:4:\d+: services\.web\.environment\.A/);
  expectRefusal(svc('    environment: "A=1"\n'), /compose\.yaml:4:\d+: services\.web\.environment/);
});

test('durations and byte sizes in every accepted spelling load', () => {
  const p = expectLoads(
    svc(
      '    healthcheck: {test: ["CMD", "true"], interval: 1m30s, timeout: 500ms, start_period: 1h, start_interval: 2s, retries: "3"}\n' +
        '    stop_grace_period: 1.5s\n    shm_size: 64m\n    mem_reservation: 1073741824\n' +
        '    deploy: {resources: {limits: {memory: 512M, cpus: "0.5", pids: 100}, reservations: {memory: 1gb}}}\n' +
        '    tmpfs: ["/run:size=64k,mode=1777"]\n    ulimits: {nofile: {soft: "1024", hard: 2048}, nproc: 65535}\n',
    ),
  );
  assert.is(p.services.web.healthcheck?.interval, '1m30s');
  assert.is(p.services.web.healthcheck?.retries, 3);
});

test('a duration or size of the wrong type is refused', () => {
  expectRefusal(svc('    healthcheck: {test: ["CMD", "true"], timeout: 10}\n'), /compose\.yaml:4:\d+: services\.web\.healthcheck\.timeout must be a string/);
  expectRefusal(svc('    deploy: {resources: {limits: {memory: [1]}}}\n'), /compose\.yaml:4:\d+: services\.web\.deploy\.resources\.limits\.memory/);
  expectRefusal(svc('    cpus: .nan\n'), /compose\.yaml:4:\d+: services\.web\.cpus/);
});

test('wrong types everywhere a service has a choice are refused, never a crash', () => {
  const wrong = ['build: 5', 'command: {a: 1}', 'entrypoint: 5', 'env_file: 5', 'extends: [a]', 'depends_on: 5', 'networks: 5', 'secrets: 5', 'volumes: 5', 'devices: 5', 'healthcheck: 5', 'logging: 5', 'deploy: 5', 'labels: 5', 'user: 0', 'cap_add: [5]', 'restart: 5', 'profiles: x', 'extra_hosts: 5', 'sysctls: 5', 'ulimits: 5', 'tmpfs: 5', 'dns: {a: 1}', 'gpus: 5', 'configs: 5', 'expose: 5', 'init: "maybe"', 'privileged: "maybe"'];
  for (const w of wrong) expectRefusal(svc(`    ${w}\n`), /compose\.yaml:4:\d+: (services\.web|extends)/);
});

test('unknown keys are refused at the key, with a suggestion where one is close', () => {
  expectRefusal(svc('    imgae: nginx\n'), /compose\.yaml:4:5: services\.web: unknown key "imgae"/);
  expectRefusal('servics: {}\n', /compose\.yaml:1:1: unknown top-level key "servics"/);
  expectRefusal(svc('networks:\n  n:\n    drver: bridge\n'), /compose\.yaml:6:5: networks\.n: unknown key "drver"/);
});

const X_TEXT =
  'x-top: &top {nested: [1, {deep: "yes"}], empty: null}\n' +
  'services:\n  web:\n    image: nginx\n    x-svc: {a: 1}\n    labels: {x-label: kept}\n' +
  '    deploy: {x-deploy: 2, resources: {limits: {memory: 64m, x-limits: 3}}}\n' +
  '    logging: {driver: json-file, x-log: 4}\n' +
  'networks:\n  n:\n    x-net: 5\nvolumes:\n  v:\n    x-vol: 6\nsecrets:\n  s:\n    file: ./s.txt\n    x-sec: 7\n';

test('x- extensions anywhere are kept intact in config output', () => {
  const p = expectLoads(X_TEXT);
  const out = parse(renderConfig(p, { format: 'yaml' }));
  assert.equal(out['x-top'], { nested: [1, { deep: 'yes' }], empty: null });
  assert.equal(out.services.web['x-svc'], { a: 1 });
  assert.is(out.services.web.deploy['x-deploy'], 2);
  assert.is(out.services.web.deploy.resources.limits['x-limits'], 3);
  assert.is(out.services.web.logging['x-log'], 4);
  assert.is(out.networks.n['x-net'], 5);
  assert.is(out.volumes.v['x-vol'], 6);
  assert.is(out.secrets.s['x-sec'], 7);
});

test('x- extensions survive hardening: the merged project still has every one', () => {
  const r = harden({ load: overlayLoad(X_TEXT) });
  assert.equal(r.merged.extensions['x-top'], { nested: [1, { deep: 'yes' }], empty: null });
  assert.equal(r.merged.services.web['x-svc'], { a: 1 });
  assert.is((r.merged.services.web.deploy as Record<string, unknown>)['x-deploy'], 2);
  assert.is((r.merged.networks.n as Record<string, unknown>)['x-net'], 5);
});

test('unusual but valid service and secret names load and harden', () => {
  const text = 'services:\n  a.b_c-d:\n    image: nginx\n    secrets: [my.secret_1-x]\n  1svc:\n    image: nginx\n  UPPER:\n    image: nginx\nsecrets:\n  my.secret_1-x:\n    file: ./s.txt\n';
  const r = harden({ load: overlayLoad(text) });
  assert.equal(Object.keys(r.merged.services).sort(), ['1svc', 'UPPER', 'a.b_c-d']);
});

test('names with spaces, slashes, dots only or non-ASCII letters are refused at the name', () => {
  for (const name of ['"a b"', '"../x"', '"é"', '"a/b"', '""']) {
    expectRefusal(`services:\n  ${name}:\n    image: nginx\n`, /compose\.yaml:2:3: services(?: has an empty key|: .* is not a valid service name)/);
  }
  expectRefusal('services:\n  web:\n    image: nginx\nsecrets:\n  "../../etc/passwd":\n    file: ./x\n', /compose\.yaml:5:3: secrets: .* is not a valid secret name/);
});

test('circular extends, within a file and across files, is refused', () => {
  expectRefusal('services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n', /compose\.yaml:4:\d+: circular extends/);
  expectRefusal('services:\n  a:\n    image: x\n    extends: {file: other.yaml, service: b}\n', /circular extends/, {
    'other.yaml': 'services:\n  b:\n    image: x\n    extends: {file: compose.yaml, service: a}\n',
  });
});

test('circular include is refused at the include entry', () => {
  expectRefusal('include: [other.yaml]\nservices:\n  a:\n    image: x\n', /include cycle/, { 'other.yaml': 'include: [compose.yaml]\nservices:\n  b:\n    image: x\n' });
  expectRefusal('include: [compose.yaml]\nservices:\n  a:\n    image: x\n', /compose\.yaml:1:11: include cycle/);
});

test('missing and malformed include and extends files are refused with a place', () => {
  expectRefusal('include: [nope.yaml]\nservices:\n  a:\n    image: x\n', /compose\.yaml:1:11: include: .*nope\.yaml: no such file/);
  expectRefusal('include: 5\nservices:\n  a:\n    image: x\n', /compose\.yaml:1:10: include must be a list/);
  expectRefusal('include: [{}]\nservices:\n  a:\n    image: x\n', /compose\.yaml:1:11: include entries need a path/);
  expectRefusal('include: [{path: 5}]\nservices:\n  a:\n    image: x\n', /compose\.yaml:1:11: include entries need a path/);
  expectRefusal('services:\n  a:\n    image: x\n    extends: {file: nope.yaml, service: a}\n', /compose\.yaml:4:\d+: extends: .*nope\.yaml: no such file/);
  expectRefusal('include: [other.yaml]\nservices:\n  a:\n    image: x\n', /other\.yaml:\d+:\d+: /, { 'other.yaml': 'services:\n  b: [\n' });
});

test('a missing env_file is refused at the env_file entry', () => {
  expectRefusal(svc('    env_file: nope.env\n'), /compose\.yaml:4:15: services\.web\.env_file: env file .*nope\.env not found/);
  expectLoads(svc('    env_file: [{path: nope.env, required: false}]\n'));
});

test('an invalid project name is refused at the name', () => {
  expectRefusal('name: "Bad Name"\n' + svc(''), /compose\.yaml:1:7: invalid project name/);
});

test('unset variables become blank with a warning; required ones are refused at the value', () => {
  const p = expectLoads(svc('    environment:\n      A: ${UNSET_ONE}\n      B: ${UNSET_TWO:-fallback}\n'));
  assert.is(p.services.web.environment?.A, '');
  assert.is(p.services.web.environment?.B, 'fallback');
  assert.ok(p.warnings.some((w) => w.includes('"UNSET_ONE" variable is not set')));
  expectRefusal(svc('    user: ${UNSET_ONE:?set it}\n'), /compose\.yaml:4:11: services\.web\.user: required variable UNSET_ONE is missing a value: set it/);
  expectRefusal(svc('    user: ${UNSET_ONE\n'), /compose\.yaml:4:11: services\.web\.user: invalid interpolation format/);
  expectRefusal('services:\n  web:\n    image: ${UNSET_ONE}\n', /compose\.yaml:2:3: services\.web has neither an image nor a build context/);
});

test('paths with .. in the project never make harden write outside the project directory', () => {
  const { dir, done } = scratchDir();
  try {
    const project = join(dir, 'a', 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(dir, 'a', 'base.yaml'), 'services:\n  base:\n    image: nginx\n');
    writeFileSync(join(dir, 'a', 'inc.yaml'), 'services:\n  inc:\n    image: nginx\n');
    writeFileSync(join(dir, 'a', 'app.env'), 'DB_PASSWORD=Zq8vN3xK7pL2wR9t\n');
    writeFileSync(
      join(project, 'compose.yaml'),
      'include: [../inc.yaml]\nservices:\n  web:\n    extends: {file: ../base.yaml, service: base}\n    env_file: ../app.env\n' +
        '    volumes: ["../data:/data", "../../../..:/host:ro"]\n    secrets: [s]\n    build: {context: ../..}\nsecrets:\n  s:\n    file: ../../../../etc/hostname\n',
    );
    const before = readdirSync(dir, { recursive: true }).map(String).sort();
    const r = spawnSync(process.execPath, [CLI, 'harden'], { cwd: project, encoding: 'utf8', env: SAFE_ENV });
    assert.is(r.status, 0, r.stderr);
    const after = readdirSync(dir, { recursive: true }).map(String).sort();
    const created = after.filter((f) => !before.includes(f));
    assert.equal(created, [join('a', 'project', 'compose.override.yaml')]);
    assert.not.match(r.stdout + r.stderr, /Zq8vN3xK7pL2wR9t/);
  } finally {
    done();
  }
});

test.run();
