import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { castScalar, castKindAt } from '../../src/load/cast.ts';

type P = Array<string | number>;
const svc = (...rest: P): P => ['services', 'web', ...rest];

test('every path compose-go casts, and its type', () => {
  const cases: Array<[P, string]> = [
    [svc('privileged'), 'bool'],
    [svc('read_only'), 'bool'],
    [svc('init'), 'bool'],
    [svc('tty'), 'bool'],
    [svc('stdin_open'), 'bool'],
    [svc('oom_kill_disable'), 'bool'],
    [svc('healthcheck', 'disable'), 'bool'],
    [svc('depends_on', 'db', 'required'), 'bool'],
    [svc('depends_on', 'db', 'restart'), 'bool'],
    [svc('volumes', 0, 'read_only'), 'bool'],
    [svc('volumes', 3, 'volume', 'nocopy'), 'bool'],
    [svc('pre_start', 0, 'privileged'), 'bool'],
    [['networks', 'back', 'external'], 'bool'],
    [['networks', 'back', 'internal'], 'bool'],
    [['networks', 'back', 'attachable'], 'bool'],
    [['networks', 'back', 'enable_ipv4'], 'bool'],
    [['networks', 'back', 'enable_ipv6'], 'bool'],
    [['volumes', 'data', 'external'], 'bool'],
    [['secrets', 'token', 'external'], 'bool'],
    [['configs', 'conf', 'external'], 'bool'],
    [svc('cpus'), 'float32'],
    [svc('cpu_percent'), 'float'],
    [svc('cpu_count'), 'int'],
    [svc('cpu_period'), 'int'],
    [svc('cpu_quota'), 'int'],
    [svc('cpu_rt_period'), 'int'],
    [svc('cpu_rt_runtime'), 'int'],
    [svc('cpu_shares'), 'int'],
    [svc('pids_limit'), 'int'],
    [svc('oom_score_adj'), 'int'],
    [svc('scale'), 'int'],
    [svc('healthcheck', 'retries'), 'int'],
    [svc('ports', 0, 'target'), 'int'],
    [svc('ulimits', 'nproc'), 'int'],
    [svc('ulimits', 'nofile', 'soft'), 'int'],
    [svc('ulimits', 'nofile', 'hard'), 'int'],
    [svc('deploy', 'replicas'), 'int'],
    [svc('deploy', 'update_config', 'parallelism'), 'int'],
    [svc('deploy', 'rollback_config', 'parallelism'), 'int'],
    [svc('deploy', 'restart_policy', 'max_attempts'), 'int'],
    [svc('deploy', 'placement', 'max_replicas_per_node'), 'int'],
    [svc('deploy', 'update_config', 'max_failure_ratio'), 'float'],
    [svc('deploy', 'rollback_config', 'max_failure_ratio'), 'float'],
  ];
  for (const [path, kind] of cases) assert.is(castKindAt(path), kind, path.join('.'));
});

test('everything else stays a string', () => {
  const untouched: P[] = [
    svc('image'),
    svc('user'),
    svc('deploy', 'resources', 'limits', 'pids'), // not in compose-go's interpolation cast table
    svc('deploy', 'resources', 'limits', 'cpus'),
    svc('ports', 0, 'published'),
    svc('secrets', 0, 'mode'),
    svc('configs', 0, 'mode'),
    svc('mem_limit'),
    svc('ports', 'x', 'target'), // a list position must be an index
    svc('ports', 'target'),
    svc('volumes', 'x', 'read_only'),
    svc('pre_start', 0, 'per_replica'),
    svc('environment', 'privileged'),
    svc('labels', 'read_only'),
    ['services', 'privileged'],
    ['networks', 'back', 'driver_opts', 'internal'],
    ['x-custom', 'web', 'privileged'],
    ['privileged'],
    [],
  ];
  for (const path of untouched) {
    assert.is(castKindAt(path), undefined, path.join('.'));
    assert.equal(castScalar(path, 'yes'), { ok: true, value: 'yes' }, path.join('.'));
  }
});

test('booleans: true/false in any case; YAML 1.1 words with a warning', () => {
  const path = svc('read_only');
  for (const s of ['true', 'TRUE', 'True', 'tRuE']) assert.equal(castScalar(path, s), { ok: true, value: true }, s);
  for (const s of ['false', 'FALSE', 'False']) assert.equal(castScalar(path, s), { ok: true, value: false }, s);
  for (const [s, v] of [
    ['y', true],
    ['Yes', true],
    ['ON', true],
    ['n', false],
    ['NO', false],
    ['off', false],
  ] as const) {
    const r = castScalar(path, s);
    assert.ok(r.ok);
    if (r.ok) {
      assert.is(r.value, v, s);
      assert.is(r.warning, `"${s}" for boolean is not supported by YAML 1.2, please use \`${v}\``);
    }
  }
  for (const s of ['', '1', '0', 't', 'f', ' true', 'true ', 'yes!', 'enabled']) {
    assert.equal(castScalar(path, s), { ok: false, message: 'must be a boolean (true or false)' }, JSON.stringify(s));
  }
});

test('integers: strconv.ParseInt base 10, 64-bit', () => {
  const path = svc('pids_limit');
  const ok: Array<[string, number]> = [
    ['0', 0],
    ['100', 100],
    ['+5', 5],
    ['-1', -1],
    ['007', 7],
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
  ];
  for (const [s, v] of ok) assert.equal(castScalar(path, s), { ok: true, value: v }, s);
  for (const s of ['', '+', '-', ' 5', '5 ', '1_000', '1.0', '1e3', '0x10', 'ten', '١٢']) {
    assert.equal(castScalar(path, s), { ok: false, message: 'must be an integer' }, JSON.stringify(s));
  }
  for (const s of ['9223372036854775808', '-9223372036854775809', '1' + '0'.repeat(40)]) {
    assert.equal(castScalar(path, s), { ok: false, message: 'integer out of range' }, s);
  }
  assert.equal(castScalar(svc('ports', 2, 'target'), '8080'), { ok: true, value: 8080 });
  assert.equal(castScalar(svc('ulimits', 'nofile', 'soft'), '65536'), { ok: true, value: 65536 });
});

test('floats: strconv.ParseFloat syntax and range', () => {
  const path = svc('cpu_percent');
  const ok: Array<[string, number]> = [
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['-1.25', -1.25],
    ['+2', 2],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000.5', 1000.5],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['-0X_1P0', -1],
    ['1e-400', 0],
  ];
  for (const [s, v] of ok) assert.equal(castScalar(path, s), { ok: true, value: v }, s);
  assert.equal(castScalar(path, 'inf'), { ok: true, value: Infinity });
  assert.equal(castScalar(path, '-Infinity'), { ok: true, value: -Infinity });
  const nan = castScalar(path, 'NaN');
  assert.ok(nan.ok && Number.isNaN(nan.value));
  for (const s of ['', '.', 'e3', '1e', '1_', '_1', '1__0', '1._5', '0x1', '0xp1', '+nan', 'infinit', '1,5', ' 1', '1 ', 'one']) {
    assert.equal(castScalar(path, s), { ok: false, message: 'must be a number' }, JSON.stringify(s));
  }
  assert.equal(castScalar(path, '1e309'), { ok: false, message: 'number out of range' });
  assert.equal(castScalar(path, '1e39'), { ok: true, value: 1e39 });
  // cpus is a float32 in compose-go, so its range is smaller
  assert.equal(castScalar(svc('cpus'), '1e39'), { ok: false, message: 'number out of range' });
  assert.equal(castScalar(svc('cpus'), '1.5'), { ok: true, value: 1.5 });
  assert.equal(castScalar(svc('deploy', 'update_config', 'max_failure_ratio'), '0.1'), { ok: true, value: 0.1 });
});

test('failure messages do not repeat the value', () => {
  const canary = 'CANARY-ZX81';
  for (const path of [svc('privileged'), svc('pids_limit'), svc('cpus'), svc('cpu_percent'), ['networks', 'n', 'internal']]) {
    for (const v of [canary, `1${canary}`, `${canary}e5`, '9'.repeat(30) + canary]) {
      const r = castScalar(path, v);
      assert.is(r.ok, false, path.join('.'));
      if (!r.ok) assert.not.ok(r.message.includes('ZX81'), r.message);
    }
  }
});

test.run();
