// Table-driven rule tests (RuleTester style): valid services produce no finding, invalid ones produce exactly
// the listed findings, fixes turn `service` into `after`, are idempotent, and clear the rule's own finding.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImageFacts, ImageKnowledge } from '../../src/images/index.ts';
import type { Project, Service } from '../../src/model/types.ts';
import type { Policy } from '../../src/policy/types.ts';
import { defaultPolicy } from '../../src/policy/defaults.ts';
import type { ServiceGraph } from '../../src/rules/graph.ts';
import type { Rule, RuleContext, Severity } from '../../src/rules/types.ts';
import { makeContext } from '../../src/rules/context.ts';
import { repoName } from '../../src/rules/image.ts';

export function facts(f: Partial<ImageFacts> & { image: string }): ImageFacts {
  return {
    aliases: [],
    defaultUser: 'root',
    uid: 0,
    gid: 0,
    dropsPrivileges: false,
    rootCapsNeeded: [],
    runsAsUidDirectly: true,
    writablePaths: [],
    ports: [],
    secretFileEnv: {},
    dataPaths: [],
    healthcheck: null,
    minMemory: null,
    kind: 'app',
    confidence: 'verified-in-source',
    sources: ['test'],
    notes: '',
    ...f,
  };
}

/** A small knowledge base shaped like the real one (values taken from ../shared/data/images-*.yaml). */
export const FAKE_FACTS: ImageFacts[] = [
  facts({
    image: 'postgres',
    kind: 'datastore',
    dropsPrivileges: true,
    rootCapsNeeded: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETUID', 'SETGID'],
    serviceUser: '999:999',
    writablePaths: ['/var/run/postgresql', '/tmp'],
    dataPaths: ['/var/lib/postgresql/data'],
    ports: [5432],
    healthcheck: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U "$${POSTGRES_USER:-postgres}"'],
  }),
  facts({
    image: 'nginx',
    dropsPrivileges: true,
    rootCapsNeeded: ['CHOWN', 'SETUID', 'SETGID', 'NET_BIND_SERVICE'],
    serviceUser: '101:101',
    writablePaths: ['/var/cache/nginx', '/var/run', '/tmp'],
    ports: [80],
    healthcheck: ['CMD-SHELL', 'curl -fsS -o /dev/null http://127.0.0.1/ || exit 1'],
  }),
  facts({ image: 'caddy', rootCapsNeeded: ['NET_BIND_SERVICE'], fileCaps: ['NET_BIND_SERVICE'], ports: [80, 443], writablePaths: ['/config', '/data'] }),
  facts({ image: 'grafana/grafana', defaultUser: 'grafana', uid: 472, gid: 0, needsRootGroup: true, writablePaths: ['/var/lib/grafana', '/tmp'], ports: [3000] }),
  facts({ image: 'gitea/gitea', runsAsUidDirectly: false, rootCapsNeeded: ['CHOWN', 'SETUID', 'SETGID', 'SYS_CHROOT', 'NET_BIND_SERVICE'], ports: [3000, 22], hasInit: true }),
  facts({ image: 'example/guessed', confidence: 'inferred', serviceUser: '1000:1000', writablePaths: ['/tmp'] }),
  facts({ image: 'example/elastic', defaultUser: 'elastic', uid: 1000, gid: 0, minMemory: '2g', ulimits: { memlock: -1 }, kind: 'datastore', optionalCaps: { IPC_LOCK: 'memory locking' } }),
  facts({
    image: 'example/templated',
    writablePaths: ['/tmp', '/etc/app'],
    noTmpfs: [{ path: '/etc/app', reason: 'ships its default config there', unlessEnv: ['APP_CONFIG_DIR'] }],
    readOnlyEnv: { APP_READ_ONLY: '1' },
    tmpfsExec: ['/tmp'],
  }),
];

export function fakeImages(list: ImageFacts[] = FAKE_FACTS): ImageKnowledge {
  return {
    lookup(ref) {
      if (!ref) return undefined;
      const repo = repoName(ref);
      return list.find((f) => repoName(f.image) === repo || f.aliases.some((a) => repoName(a) === repo));
    },
    all: () => list.slice(),
  };
}

export const emptyGraph: ServiceGraph = {
  reaches: () => new Set(),
  reachedBy: () => new Set(),
  evidence: () => [],
  publishers: () => new Set(),
  resolveHost: () => [],
};

export function makeProject(services: Record<string, Service>, extra: Partial<Project> = {}): Project {
  return {
    name: 'test',
    workingDir: '/work/project',
    files: ['/work/project/compose.yaml'],
    services,
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    disabledServices: {},
    extensions: {},
    envFileValues: {},
    warnings: [],
    ...extra,
  };
}

export function makePolicy(p: Partial<Policy> = {}): Policy {
  return { ...defaultPolicy(), ...p };
}

export interface Case {
  name?: string;
  service: Service;
  /** Other services of the project (the one under test is called `svc`). */
  others?: Record<string, Service>;
  policy?: Partial<Policy>;
  project?: Partial<Project>;
  images?: ImageKnowledge;
}

export interface InvalidCase extends Case {
  findings: Array<{ path: Array<string | number>; messageIncludes: string; severity?: Severity }>;
}

export interface FixCase extends Case {
  after: Service;
  /** Whether the fixed service must pass the rule's own check (default: yes when the fix changed something). */
  clears?: boolean;
}

export const SVC = 'svc';

export function contextFor(c: Case): { project: Project; ctx: RuleContext } {
  const project = makeProject({ ...(c.others ?? {}), [SVC]: c.service }, c.project);
  const ctx = makeContext(project, SVC, { policy: makePolicy(c.policy), images: c.images ?? fakeImages(), graph: emptyGraph });
  return { project, ctx };
}

const asCase = (c: Service | Case): Case => ('service' in c && typeof c.service === 'object' && c.service !== null ? (c as Case) : { service: c as Service });
const label = (c: Case, i: number): string => c.name ?? JSON.stringify(c.service).slice(0, 80) + ` #${i}`;

export function runCheck(rule: Rule, c: Case) {
  const { ctx } = contextFor(c);
  return rule.check(c.service, ctx);
}

export function runFix(rule: Rule, c: Case): Service {
  const copy = structuredClone(c.service);
  const { ctx } = contextFor(c);
  rule.fix?.(copy, ctx);
  return copy;
}

export function ruleTester(rule: Rule, t: { valid?: Array<Service | Case>; invalid?: InvalidCase[]; fixes?: FixCase[] }): void {
  const s = suite(rule.meta.id);
  (t.valid ?? []).map(asCase).forEach((c, i) => {
    s(`valid: ${label(c, i)}`, () => {
      const found = runCheck(rule, c);
      assert.equal(found.map((f) => f.message), [], 'expected no finding');
      assert.equal(runFix(rule, c), c.service, 'a fix must leave a valid service alone');
    });
  });
  (t.invalid ?? []).forEach((c, i) => {
    s(`invalid: ${label(c, i)}`, () => {
      const found = runCheck(rule, c);
      assert.is(found.length, c.findings.length, `findings: ${JSON.stringify(found.map((f) => f.message))}`);
      c.findings.forEach((want, j) => {
        const got = found[j];
        assert.equal(got.path, ['services', SVC, ...want.path]);
        assert.ok(got.message.includes(want.messageIncludes), `"${got.message}" should include "${want.messageIncludes}"`);
        if (want.severity) assert.is(got.severity ?? rule.meta.severity, want.severity);
      });
    });
  });
  (t.fixes ?? []).forEach((c, i) => {
    s(`fix: ${label(c, i)}`, () => {
      const before = structuredClone(c.service);
      const once = runFix(rule, c);
      assert.equal(once, c.after);
      const twice = runFix(rule, { ...c, service: once });
      assert.equal(twice, once, 'fix must be idempotent');
      const changed = JSON.stringify(once) !== JSON.stringify(before);
      if (c.clears ?? changed) assert.equal(runCheck(rule, { ...c, service: once }).map((f) => f.message), [], 'the fix should clear the finding');
    });
  });
  s.run();
}
