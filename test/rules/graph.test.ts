import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildGraph, hostsInCommand, hostsInValue } from '../../src/rules/graph.ts';
import type { Service } from '../../src/model/types.ts';
import { project } from './secrets/harness.ts';

const edges = (services: Record<string, Service>, extra = {}) => {
  const g = buildGraph(project(services, extra));
  return (from: string) => [...g.reaches(from)].sort();
};

const valueHosts = (v: string): string[] => {
  const out: string[] = [];
  hostsInValue(v, (h) => out.push(h));
  return out;
};
const commandHosts = (argv: string[]): string[] => {
  const out: string[] = [];
  hostsInCommand(argv, (h) => out.push(h));
  return out;
};

// ---- every way one service names another

const wiring: Array<[string, Service, string[]]> = [
  ['depends_on', { depends_on: { db: { condition: 'service_started', required: true } } }, ['db']],
  ['links short', { links: ['db'] }, ['db']],
  ['links with alias', { links: ['db:database'] }, ['db']],
  ['network_mode service:', { network_mode: 'service:db' }, ['db']],
  ['network_mode container: (container_name)', { network_mode: 'container:the-cache' }, ['cache']],
  ['pid service:', { pid: 'service:db' }, ['db']],
  ['ipc service:', { ipc: 'service:cache' }, ['cache']],
  ['volumes_from service', { volumes_from: ['db:ro'] }, ['db']],
  ['volumes_from container:', { volumes_from: ['container:the-cache'] }, ['cache']],
  ['env whole value', { environment: { DB_HOST: 'db' } }, ['db']],
  ['env URL with credentials', { environment: { DATABASE_URL: 'postgres://u:p@db:5432/x' } }, ['db']],
  ['env URL without port', { environment: { REDIS_URL: 'redis://cache' } }, ['cache']],
  ['env http URL', { environment: { API: 'http://api:8080/v1' } }, ['api']],
  ['env host:port', { environment: { ADDR: 'cache:6379' } }, ['cache']],
  ['env comma list', { environment: { BROKERS: 'kafka1:9092,kafka2:9092' } }, ['kafka1', 'kafka2']],
  ['env list of bare names', { environment: { PEERS: 'kafka1,kafka2' } }, ['kafka1', 'kafka2']],
  ['env JSON list of URLs', { environment: { ES_HOSTS: '["http://es:9200"]' } }, ['es']],
  ['env multi-host URL', { environment: { MONGO: 'mongodb://u:p@kafka1:27017,kafka2:27017/db?replicaSet=rs' } }, ['kafka1', 'kafka2']],
  ['env libpq key=value DSN', { environment: { DSN: 'host=db port=5432 dbname=app' } }, ['db']],
  ['env JDBC URL in JVM option', { environment: { JAVA_OPTS: '-Xmx1g -Dspring.datasource.url=jdbc:postgresql://db:5432/app' } }, ['db']],
  ['env network alias', { environment: { SEARCH: 'http://search:9200' } }, ['es']],
  ['env container_name', { environment: { CACHE_HOST: 'the-cache' } }, ['cache']],
  ['env generated container name', { environment: { DB: 'proj-db-1:5432' } }, ['db']],
  ['env absolute name with trailing dot', { environment: { DB_HOST: 'db.' } }, ['db']],
  ['env name.network', { environment: { DB_HOST: 'db.backend' } }, ['db']],
  ['env uppercase name', { environment: { DB_HOST: 'DB' } }, ['db']],
  ['env URL in a variable named like a database', { environment: { MONGO_DB: 'mongodb://db:27017/app' } }, ['db']],
  ['env host:port in a variable named like a user', { environment: { CACHE_USER: 'cache:6379' } }, ['cache']],
  ['command host:port', { command: ['wait-for-it', 'db:5432', '--', 'npm', 'start'] }, ['db']],
  ['command -h flag', { command: ['pg_isready', '-h', 'db'] }, ['db']],
  ['command --host=', { command: ['app', '--redis-host=cache'] }, ['cache']],
  ['command --host value', { command: ['app', '--db-host', 'db'] }, ['db']],
  ['command mysql -hdb', { command: ['mysqladmin', 'ping', '-hdb'] }, ['db']],
  ['command name before port', { command: ['sh', '-c', 'nc -z db 5432 && exec app'] }, ['db']],
  ['command shell string URL', { command: ['sh', '-c', 'curl -f http://api:8080/health || exit 1'] }, ['api']],
  ['entrypoint', { entrypoint: ['/wait', 'cache:6379'] }, ['cache']],
  ['healthcheck CMD-SHELL', { healthcheck: { test: ['CMD-SHELL', 'redis-cli -h cache ping'] } }, ['cache']],
  ['post_start hook', { post_start: [{ command: ['curl', 'http://api:8080/ready'] }] }, ['api']],
];

const others = (): Record<string, Service> => ({
  db: { image: 'postgres', networks: { backend: null } },
  cache: { image: 'redis', container_name: 'the-cache' },
  api: { image: 'api' },
  es: { image: 'elasticsearch', networks: { default: { aliases: ['search'] } } },
  kafka1: { image: 'kafka' },
  kafka2: { image: 'kafka' },
});

for (const [name, svc, want] of wiring) {
  test(`graph: edge from ${name}`, () => {
    const reach = edges({ ...others(), web: svc }, { networks: { backend: {}, default: {} } });
    assert.equal(reach('web'), want);
  });
}

// ---- no false edges

const noEdge: Array<[string, Service]> = [
  ['substring in a longer host', { environment: { DB_HOST: 'dbserver.example.com' } }],
  ['name as a suffix', { environment: { DB_HOST: 'mydb' } }],
  ['name as a prefix', { environment: { DB_HOST: 'db2' } }],
  ['dotted FQDN starting with a service name', { environment: { API_URL: 'https://api.example.com/v1' } }],
  ['dotted name with an unknown domain', { environment: { DB_HOST: 'db.internal' } }],
  ['service name as a database name in a URL path', { environment: { URL: 'postgres://u:p@pg.example.com:5432/db' } }],
  ['service name as a URL user', { environment: { URL: 'postgres://db:pw@pg.example.com/x' } }],
  ['word inside prose', { environment: { MOTD: 'the db is down for maintenance' } }],
  ['command positional word', { command: ['npm', 'run', 'api'] }],
  ['psql database argument', { command: ['psql', '-U', 'app', 'db'] }],
  ['key named like a service', { environment: { db: 'x' } }],
  ['path segment', { environment: { DATA: '/var/lib/db/data' } }],
  ['extra_hosts pins the name elsewhere', { environment: { DB_HOST: 'db' }, extra_hosts: ['db:10.0.0.5'] }],
  ['external link', { external_links: ['db'] }],
  ['localhost', { environment: { URL: 'http://localhost:5432' } }],
  ['self reference', { environment: { SELF: 'http://web:8080' } }],
  ['healthcheck NONE', { healthcheck: { test: ['NONE'] } }],
  // Corpus (Kong, teamspeak, temporal): database, user and password values equal to a service name.
  ['database name equal to a service name', { environment: { POSTGRES_DB: 'db', KONG_PG_DATABASE: 'api' } }],
  ['user names equal to service names', { environment: { MYSQL_USER: 'db', ADMIN_USERS: 'db,cache', DB_USERNAME: 'api' } }],
  ['password equal to a service name', { environment: { POSTGRES_PASSWORD: 'db', REDIS_PASS: 'cache' } }],
  ['application name equal to a service name', { environment: { OTEL_SERVICE_NAME: 'api', DB_NAME: 'db' } }],
];

for (const [name, svc] of noEdge) {
  test(`graph: no edge from ${name}`, () => {
    const reach = edges({ ...others(), web: svc }, { networks: { backend: {}, default: {} } });
    assert.equal(reach('web'), []);
  });
}

test('graph: a links alias resolves for the linking service only', () => {
  const g = buildGraph(project({ db: {}, web: { links: ['db:database'], environment: { H: 'database' } }, other: { environment: { H: 'database' } } }));
  assert.equal(g.resolveHost('database', 'web'), ['db']);
  assert.equal(g.resolveHost('database', 'other'), []);
  assert.equal(g.evidence('web', 'db'), ['links', 'environment H']);
  assert.equal([...g.reaches('other')], []);
});

test('graph: a shared network alias names every service that carries it', () => {
  const g = buildGraph(project({ a: { networks: { default: { aliases: ['pool'] } } }, b: { networks: { default: { aliases: ['pool'] } } }, c: { environment: { H: 'pool:80' } } }));
  assert.equal([...g.reaches('c')].sort(), ['a', 'b']);
});

test('graph: reachedBy is the reverse, evidence lists every reason once', () => {
  const g = buildGraph(
    project({
      db: {},
      app: { depends_on: { db: { condition: 'service_healthy', required: true } }, environment: { DATABASE_URL: 'postgres://u:p@db/x', DB_HOST: 'db' } },
      worker: { environment: { DB_HOST: 'db' } },
    }),
  );
  assert.equal([...g.reachedBy('db')].sort(), ['app', 'worker']);
  assert.equal(g.evidence('app', 'db'), ['depends_on', 'environment DATABASE_URL', 'environment DB_HOST']);
  assert.equal(g.evidence('db', 'app'), []);
  assert.equal([...g.reachedBy('app')], []);
});

test('graph: env_file values count, evidence names the variable only', () => {
  const p = project({ db: {}, app: {} }, { envFileValues: { app: { DB_URL: { value: 'postgres://u:CANARY-7f3a9c@db/x', file: '/proj/app.env', line: 1 } } } });
  const g = buildGraph(p);
  assert.equal(g.evidence('app', 'db'), ['env_file DB_URL']);
});

test('graph: publishers are the services with ports', () => {
  const g = buildGraph(project({ web: { ports: [{ target: 80, published: '8080' }] }, db: { ports: [] }, x: {} }));
  assert.equal([...g.publishers()], ['web']);
});

test('graph: references to unknown services make no edge', () => {
  const g = buildGraph(project({ web: { depends_on: { ghost: { condition: 'service_started', required: false } }, links: ['ghost2'] } }));
  assert.equal([...g.reaches('web')], []);
});

test('graph: piece readers', () => {
  assert.equal(valueHosts('db'), ['db']);
  assert.equal(valueHosts('a b'), []);
  assert.equal(valueHosts('x host=db'), ['db']);
  assert.equal(valueHosts('zoo1:2888:3888;2181'), ['zoo1']);
  assert.equal(commandHosts(['redis-cli', '-h', 'cache', 'ping']), ['cache']);
  assert.equal(commandHosts(['run', 'worker']), []);
});

test('graph: 5,000 services build (timing is printed, not asserted)', () => {
  const services: Record<string, Service> = {};
  const n = 5000;
  for (let i = 0; i < n; i++) {
    services[`svc${i}`] = {
      image: 'app',
      depends_on: i > 0 ? { [`svc${i - 1}`]: { condition: 'service_started', required: true } } : undefined,
      environment: {
        UPSTREAM: `http://svc${(i * 7) % n}:8080/api`,
        DB_URL: `postgres://u:p@svc${(i * 13) % n}:5432/x`,
        PEERS: `svc${(i + 1) % n},svc${(i + 2) % n}`,
        OUTSIDE: 'https://svc1.example.com',
        NOTE: 'prose mentioning svc3 and mysvc4 should not count',
      },
      command: ['sh', '-c', `wait-for svc${(i + 3) % n}:80 && exec app --host=0.0.0.0`],
      ports: i % 10 === 0 ? [{ target: 80 }] : [],
    };
  }
  const p = project(services);
  const t0 = performance.now();
  const g = buildGraph(p);
  const ms = performance.now() - t0;
  console.log(`    graph: ${n} services built in ${ms.toFixed(1)} ms`);
  assert.ok(g.reaches('svc10').has('svc9'));
  assert.ok(g.reaches('svc10').has('svc70'));
  assert.ok(g.reaches('svc10').has('svc130'));
  assert.ok(g.reaches('svc10').has('svc13'));
  assert.not.ok(g.reaches('svc10').has('svc1'));
  assert.not.ok(g.reaches('svc10').has('svc3'));
  assert.is(g.publishers().size, n / 10);
});

test.run();
