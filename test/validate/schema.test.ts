import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateSchema, type SchemaProblem } from '../../src/validate/schema.ts';

const svc = (extra: Record<string, unknown>) => ({ services: { web: { image: 'nginx:1.27', ...extra } } });

// Each invalid document → every problem it has, in the order validateSchema reports them.
const CASES: Array<[string, unknown, SchemaProblem[]]> = [
  ['unknown service key with suggestion', svc({ imgae: 'nginx' }), [{ path: ['services', 'web', 'imgae'], message: 'services.web: unknown key "imgae", did you mean "image"?' }]],
  ['unknown key without a close match', svc({ foo: 1 }), [{ path: ['services', 'web', 'foo'], message: 'services.web: unknown key "foo"' }]],
  ['unknown top-level key', { service: {} }, [{ path: ['service'], message: 'unknown top-level key "service", did you mean "services"?' }]],
  ['boolean accepts strings but not numbers', svc({ read_only: 1 }), [{ path: ['services', 'web', 'read_only'], message: 'services.web.read_only must be a boolean (got 1)' }]],
  [
    'port of a kind no branch accepts: one message, not three',
    svc({ ports: [true] }),
    [{ path: ['services', 'web', 'ports', 0], message: 'services.web.ports[0] is not a valid port mapping: use a number, a string such as "8080:80" or a mapping (got true)' }],
  ],
  ['long port syntax: the mapping branch is the one meant', svc({ ports: [{ target: 80, hostport: 8080 }] }), [{ path: ['services', 'web', 'ports', 0, 'hostport'], message: 'services.web.ports[0]: unknown key "hostport"' }]],
  ['duplicate list item', svc({ cap_add: ['NET_ADMIN', 'SYS_TIME', 'NET_ADMIN'] }), [{ path: ['services', 'web', 'cap_add', 2], message: 'services.web.cap_add has duplicate item "NET_ADMIN" (at [0] and [2])' }]],
  ['service name pattern', { services: { 'my app': { image: 'a' } } }, [{ path: ['services', 'my app'], message: 'services: "my app" is not a valid service name: use only letters, digits, ".", "_" and "-"' }]],
  ['volume name pattern', { volumes: { 'a/b': {} } }, [{ path: ['volumes', 'a/b'], message: 'volumes: "a/b" is not a valid volume name: use only letters, digits, ".", "_" and "-"' }]],
  ['enum', svc({ cgroup: 'shared' }), [{ path: ['services', 'web', 'cgroup'], message: 'services.web.cgroup must be one of "host", "private" (got "shared")' }]],
  ['enum inside a oneOf branch', svc({ gpus: 'some' }), [{ path: ['services', 'web', 'gpus'], message: 'services.web.gpus must be "all" (got "some")' }]],
  [
    'pull_policy pattern in words',
    svc({ pull_policy: 'sometimes' }),
    [{ path: ['services', 'web', 'pull_policy'], message: 'services.web.pull_policy must be always, never, missing, build, if_not_present, refresh, daily, weekly or every_<duration> (e.g. every_12h) (got "sometimes")' }],
  ],
  ['maximum', svc({ cpu_percent: 150 }), [{ path: ['services', 'web', 'cpu_percent'], message: 'services.web.cpu_percent must be at most 100 (got 150)' }]],
  ['minimum', svc({ oom_score_adj: -2000 }), [{ path: ['services', 'web', 'oom_score_adj'], message: 'services.web.oom_score_adj must be at least -1000 (got -2000)' }]],
  [
    'required and unknown key in the same entry',
    svc({ depends_on: { db: { conditon: 'service_healthy' } } }),
    [
      { path: ['services', 'web', 'depends_on', 'db'], message: 'services.web.depends_on.db is missing required key "condition"' },
      { path: ['services', 'web', 'depends_on', 'db', 'conditon'], message: 'services.web.depends_on.db: unknown key "conditon", did you mean "condition"?' },
    ],
  ],
  ['depends_on list: the list branch is the one meant', svc({ depends_on: ['db', 'db'] }), [{ path: ['services', 'web', 'depends_on', 1], message: 'services.web.depends_on has duplicate item "db" (at [0] and [1])' }]],
  [
    'a branch that rejects the kind reports nothing else (enum, closed keys)',
    svc({ gpus: { driver: 'nvidia' } }),
    [{ path: ['services', 'web', 'gpus'], message: 'services.web.gpus must be "all" or a list of GPU requests (got a mapping)' }],
  ],
  ['command of no accepted kind', svc({ command: 5 }), [{ path: ['services', 'web', 'command'], message: 'services.web.command must be a string, a list of strings or null (got an integer)' }]],
  ['nested list item type', svc({ networks: { front: { aliases: 'web' } } }), [{ path: ['services', 'web', 'networks', 'front', 'aliases'], message: 'services.web.networks.front.aliases must be a list (got "web")' }]],
  ['env_file entry', svc({ env_file: [{ required: false }] }), [{ path: ['services', 'web', 'env_file', 0], message: 'services.web.env_file[0] is missing required key "path"' }]],
  ['ulimits long form', svc({ ulimits: { nofile: { soft: 1 } } }), [{ path: ['services', 'web', 'ulimits', 'nofile'], message: 'services.web.ulimits.nofile is missing required key "hard"' }]],
  ['volume long form enum', svc({ volumes: [{ type: 'nfs', source: 'a', target: '/a' }] }), [{ path: ['services', 'web', 'volumes', 0, 'type'], message: 'services.web.volumes[0].type must be one of "bind", "volume", "tmpfs", "cluster", "npipe", "image" (got "nfs")' }]],
  ['include entry', { include: [5] }, [{ path: ['include', 0], message: 'include[0] must be a path or a mapping with "path" (got 5)' }]],
  ['model without model', { models: { llm: { name: 'x' } } }, [{ path: ['models', 'llm'], message: 'models.llm is missing required key "model"' }]],
  ['develop watch entry', svc({ develop: { watch: [{ path: '.', action: 'copy' }] } }), [{ path: ['services', 'web', 'develop', 'watch', 0, 'action'], message: 'services.web.develop.watch[0].action must be one of "rebuild", "sync", "restart", "sync+restart", "sync+exec" (got "copy")' }]],
  ['document is not a mapping', ['a'], [{ path: [], message: 'the Compose file must be a mapping (got a list)' }]],
  ['digit-only service name stays a string in the path', { services: { '1': { read_only: 2 } } }, [{ path: ['services', '1', 'read_only'], message: 'services.1.read_only must be a boolean (got 2)' }]],
  ['keys with dots are bracketed', { networks: { 'a.b': { enable_ipv4: 1 } } }, [{ path: ['networks', 'a.b', 'enable_ipv4'], message: 'networks["a.b"].enable_ipv4 must be a boolean (got 1)' }]],
  [
    'project name',
    { name: 'My Shop', services: {} },
    [{ path: ['name'], message: 'name "My Shop" is not a valid project name: it must contain only lowercase letters, digits, "-" and "_", and start with a letter or digit' }],
  ],
  [
    'container name the engine rejects although the unanchored schema pattern accepts it',
    svc({ container_name: 'web app' }),
    [{ path: ['services', 'web', 'container_name'], message: 'services.web.container_name "web app" is not a valid container name: use at least two letters, digits, "_", "." or "-", starting with a letter or digit' }],
  ],
  [
    'container name the schema rejects: reported once',
    svc({ container_name: '-' }),
    [{ path: ['services', 'web', 'container_name'], message: 'services.web.container_name "-" is not a valid container name: use at least two letters, digits, "_", "." or "-", starting with a letter or digit' }],
  ],
];

for (const [name, doc, expected] of CASES) {
  test(`message: ${name}`, () => {
    assert.equal(validateSchema(doc), expected);
  });
}

test('several errors in one document are all returned', () => {
  const doc = {
    services: {
      web: { image: 'a', imgae: 'b', read_only: 'yes', privileged: 3, ports: [true, '80:80'], cap_drop: ['ALL', 'ALL'] },
      db: { image: 'postgres', depends_on: { web: { condition: 'started' } }, tty: [] },
    },
    volumes: { 'bad name': {} },
    secret: {},
  };
  const messages = validateSchema(doc).map((p) => p.message);
  assert.equal(messages.sort(), [
    'services.db.depends_on.web.condition must be one of "service_started", "service_healthy", "service_completed_successfully" (got "started")',
    'services.db.tty must be a boolean (got a list)',
    'services.web.cap_drop has duplicate item "ALL" (at [0] and [1])',
    'services.web.ports[0] is not a valid port mapping: use a number, a string such as "8080:80" or a mapping (got true)',
    'services.web.privileged must be a boolean (got 3)',
    'services.web: unknown key "imgae", did you mean "image"?',
    'unknown top-level key "secret", did you mean "secrets"?',
    'volumes: "bad name" is not a valid volume name: use only letters, digits, ".", "_" and "-"',
  ]);
});

test('values under places that may hold secrets are never echoed', () => {
  const secret = 'hunter2-s3cr3t';
  const doc = {
    services: {
      web: {
        image: 'a',
        environment: { PASSWORD: { value: secret } },
        labels: [secret, secret],
        command: 12345,
        build: { context: '.', args: { TOKEN: [secret] } },
        healthcheck: { test: 5 },
        logging: { options: { 'splunk-token': [secret] } },
        'x-conf': secret,
        post_start: [{ command: 'x', environment: [secret, secret] }],
      },
    },
    secrets: { s: { environment: 12345 } },
  };
  const problems = validateSchema(doc);
  assert.ok(problems.length >= 7, `expected a problem per place, got ${problems.length}`);
  for (const p of problems) {
    assert.not.ok(p.message.includes(secret), p.message);
    assert.not.ok(p.message.includes('12345'), p.message);
  }
});

test('long values are described, not quoted', () => {
  const long = 'a'.repeat(41);
  const [problem] = validateSchema(svc({ pull_policy: long }));
  assert.ok(problem.message.endsWith('(got a string)'), problem.message);
});

test('valid documents have no problems', () => {
  assert.equal(validateSchema({ services: { web: { image: 'nginx', ports: ['80:80'], read_only: true } } }), []);
  assert.equal(validateSchema({ name: 'shop', services: {}, 'x-anything': { goes: [1] } }), []);
  assert.equal(validateSchema({ name: '', services: {} }), [], 'an empty name means "not set"');
});

test.run();
