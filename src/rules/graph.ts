// Which services talk to which. Edges come from explicit wiring (depends_on, links, shared namespaces,
// volumes_from) and from service names used as hostnames in environment values, env files, commands and
// healthchecks. Building is linear in the size of the text looked at: one name → service map, every string
// cut into pieces once, each piece looked up in O(1). No pairwise comparison of services ever happens.
//
// What counts as naming a service (decided to keep false edges rare, because CH502 removes published ports
// of services it believes are only used internally):
// - a URL host (`postgres://u:p@db:5432/x`, `http://api:8080`), a `host:port` piece (`db:5432`, `zoo1:2888:3888`),
//   `user@host`;
// - a whole environment value or each element of a comma/semicolon list without spaces (`DB_HOST=db`,
//   `BROKERS=kafka1,kafka2`), and the value of a host-ish `key=value` (`host=db` in a libpq DSN, `--host=db`);
//   except when the variable names an account, credential or database (`POSTGRES_DB=kong`, `MYSQL_USER=app`,
//   `*_PASSWORD`): there a value equal to a service name is a coincidence, and reporting it as an edge would also
//   tell the reader that the password equals that name;
// - in commands, a bare word right after a host-ish flag (`-h db`, `--host db`, `-hdb`) or right before a port
//   number (`nc -z db 5432`); other bare words (`npm run worker`, `psql -U app db`) are not hostnames;
// - only whole hostname tokens: `mydb`, `dbserver.example.com` never name `db`. A dotted name names a service
//   only as `db.` (absolute form of `db`) or `db.<network>` for a network of the project (Docker's embedded DNS
//   answers `<container>.<network>`); any other dotted name is an outside host, even `api.example.com`;
// - names resolve through service names, `container_name`, network aliases, the `<project>-<service>-<n>`
//   container names Compose generates, and a `links` alias for the linking service only; a name the service
//   pins with `extra_hosts` resolves to that address, not to a service.
// Names are compared lower-cased (DNS is case-insensitive). A service never reaches itself.

import type { Project, Service } from '../model/types.ts';

export interface ServiceGraph {
  /** Services `name` reaches (depends_on, links, names in environment values, URLs, commands). */
  reaches(name: string): ReadonlySet<string>;
  /** Services that reach `name`. */
  reachedBy(name: string): ReadonlySet<string>;
  /** Why `from` reaches `to`: human-readable evidence, e.g. 'depends_on', 'environment DATABASE_URL'. */
  evidence(from: string, to: string): string[];
  /** Services with at least one published port. */
  publishers(): ReadonlySet<string>;
  /** Services a hostname names, seen from service `from` (its links aliases and extra_hosts apply). */
  resolveHost(host: string, from?: string): string[];
}

const EMPTY: ReadonlySet<string> = new Set();

/** Last words of flag or key names whose value is a host (`--db-host`, `bootstrap.servers`, `redisUrl`). */
const HOSTISH_WORDS = new Set([
  'HOST', 'HOSTS', 'HOSTNAME', 'SERVER', 'SERVERS', 'ADDR', 'ADDRESS', 'BROKER', 'BROKERS', 'ENDPOINT', 'ENDPOINTS',
  'UPSTREAM', 'URL', 'URLS', 'URI', 'DSN', 'CONNECT', 'SEED', 'SEEDS', 'PEER', 'PEERS', 'MASTER', 'NODES',
]);

/** Last words of variable names whose value is never a hostname, however it is spelled. */
const NOT_HOST_WORDS = new Set([
  'USER', 'USERS', 'USERNAME', 'LOGIN', 'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'KEY',
  'DB', 'DATABASE', 'DBNAME', 'SCHEMA', 'NAME',
]);

function lastWord(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.length ? words[words.length - 1].toUpperCase() : '';
}

function isHostishName(name: string): boolean {
  return HOSTISH_WORDS.has(lastWord(name));
}

const PIECE_SEPARATORS = /[\s,;"'`()[\]{}|&<>]+/;
const URL_START = /^[A-Za-z][A-Za-z0-9+.:-]*:\/\//;
const KEY_VALUE = /^-{0,2}([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s;
const USERINFO = /^[^@/:\s]+(?::[^@/\s]*)?@/;
const PORT_NUMBER = /^\d{1,5}$/;
const ONLY_DIGITS = /^\d+$/;

/** Length of the hostname run at the start of `s` (letters, digits, `_`, `.`, `-`; not starting with `.`/`-`). */
function hostRun(s: string): number {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (i > 0 && (c === 46 || c === 45));
    if (!ok) break;
  }
  return i;
}

/** Call `emit` for every hostname a piece names; `bare` says whether a lone word counts as a hostname. */
function piece(p: string, bare: boolean, emit: (host: string) => void): void {
  if (!p) return;
  // Cheap index checks first: most pieces are plain words, and this runs for every piece of every value.
  if (p.includes('://')) {
    const url = URL_START.exec(p);
    if (url) {
      let rest = p.slice(url[0].length);
      const slash = rest.search(/[/?#]/);
      const authority = slash < 0 ? rest : rest.slice(0, slash);
      const at = authority.lastIndexOf('@');
      rest = at < 0 ? authority : authority.slice(at + 1);
      const n = hostRun(rest);
      if (n) emit(rest.slice(0, n));
      return;
    }
  }
  if (p.includes('=')) {
    const kv = KEY_VALUE.exec(p);
    if (kv) {
      piece(kv[2], isHostishName(kv[1]), emit);
      return;
    }
  }
  let strong = false;
  if (p.includes('@')) {
    const user = USERINFO.exec(p);
    if (user) {
      p = p.slice(user[0].length);
      strong = true;
    }
  }
  const n = hostRun(p);
  if (!n || ONLY_DIGITS.test(p.slice(0, n))) return; // a port or a number, never a hostname here
  if (n === p.length) {
    if (bare || strong) emit(p);
  } else if (p.charCodeAt(n) === 58 /* : */ && p.charCodeAt(n + 1) >= 48 && p.charCodeAt(n + 1) <= 57) {
    emit(p.slice(0, n));
  }
}

/**
 * Hostnames named by an environment value (or build arg, or env-file value). `name` is the variable's name: an
 * account, credential or database variable never names a host by a bare word, only by a URL or `host:port`.
 */
export function hostsInValue(value: string, emit: (host: string) => void, name?: string): void {
  const trimmed = value.trim();
  // A value without spaces is one name or a list of names; with spaces it is prose or a command line.
  const bare = trimmed !== '' && !/\s/.test(trimmed) && !(name !== undefined && NOT_HOST_WORDS.has(lastWord(name)));
  for (const p of trimmed.split(PIECE_SEPARATORS)) piece(p, bare, emit);
}

/** Hostnames named by a command line (argv array; shell strings inside it are split on whitespace). */
export function hostsInCommand(argv: readonly string[], emit: (host: string) => void): void {
  const words: string[] = [];
  for (const a of argv) for (const w of String(a).split(PIECE_SEPARATORS)) if (w) words.push(w);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const prev = i > 0 ? words[i - 1] : '';
    const next = i + 1 < words.length ? words[i + 1] : '';
    const afterFlag = prev === '-h' || (/^--?[A-Za-z]/.test(prev) && !prev.includes('=') && isHostishName(prev));
    if (/^-h[A-Za-z0-9]/.test(w) && !w.startsWith('--')) {
      piece(w.slice(2), true, emit); // `mysql -hdb`
      continue;
    }
    piece(w, afterFlag || PORT_NUMBER.test(next), emit);
  }
}

interface Names {
  byName: Map<string, Set<string>>;
  networkNames: Set<string>;
  projectPrefixes: string[];
  services: Set<string>;
}

function addName(map: Map<string, Set<string>>, name: string, svc: string): void {
  const k = name.toLowerCase();
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(svc);
}

function indexNames(project: Project): Names {
  const byName = new Map<string, Set<string>>();
  for (const [name, svc] of Object.entries(project.services)) {
    addName(byName, name, name);
    if (typeof svc.container_name === 'string') addName(byName, svc.container_name, name);
    for (const att of Object.values(svc.networks ?? {})) for (const a of att?.aliases ?? []) addName(byName, a, name);
  }
  const networkNames = new Set<string>();
  for (const [key, net] of Object.entries(project.networks ?? {})) {
    networkNames.add(key.toLowerCase());
    if (net?.name) networkNames.add(String(net.name).toLowerCase());
    networkNames.add(`${project.name}_${key}`.toLowerCase());
  }
  const p = project.name.toLowerCase();
  return { byName, networkNames, projectPrefixes: [p + '-', p + '_'], services: new Set(Object.keys(project.services)) };
}

/** `links` entries: `svc` or `svc:alias` → [target, alias]. */
function parseLink(link: string): [string, string] {
  const i = link.indexOf(':');
  return i < 0 ? [link, link] : [link.slice(0, i), link.slice(i + 1)];
}

/** `service:X` → X (network_mode, pid, ipc), `container:X` → the service with that container_name or name. */
function namespaceTarget(value: unknown): { kind: 'service' | 'container'; name: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(service|container):(.+)$/.exec(value);
  return m ? { kind: m[1] as 'service' | 'container', name: m[2] } : undefined;
}

class Graph implements ServiceGraph {
  /** `from \0 to` → evidence; one flat map keeps allocation per edge to a key and an array. */
  private readonly evidenceOf = new Map<string, string[]>();
  private readonly outSet = new Map<string, Set<string>>();
  private readonly inn = new Map<string, Set<string>>();
  private readonly pubs = new Set<string>();
  private readonly linkAliases = new Map<string, Map<string, string>>();
  private readonly pinned = new Map<string, Set<string>>();

  constructor(private readonly project: Project, private readonly names: Names) {}

  addEdge(from: string, to: string, why: string): void {
    if (from === to || !this.names.services.has(to)) return;
    const k = from + '\0' + to;
    const ev = this.evidenceOf.get(k);
    if (ev) {
      if (!ev.includes(why)) ev.push(why);
      return;
    }
    this.evidenceOf.set(k, [why]);
    let o = this.outSet.get(from);
    if (!o) this.outSet.set(from, (o = new Set()));
    o.add(to);
    let r = this.inn.get(to);
    if (!r) this.inn.set(to, (r = new Set()));
    r.add(from);
  }

  resolveHost(host: string, from?: string): string[] {
    const r = this.lookup(host, from);
    return r === undefined ? [] : typeof r === 'string' ? [r] : [...r];
  }

  /** One service name, a set of them (shared alias), or undefined; no allocation on the hot path. */
  private lookup(host: string, from: string | undefined): string | ReadonlySet<string> | undefined {
    let h = host.toLowerCase();
    if (h.endsWith('.')) h = h.slice(0, -1);
    const dot = h.indexOf('.');
    if (dot >= 0) {
      if (!this.names.networkNames.has(h.slice(dot + 1))) return undefined;
      h = h.slice(0, dot);
    }
    if (!h || /^\d+$/.test(h)) return undefined;
    if (from !== undefined) {
      if (this.pinned.get(from)?.has(h)) return undefined;
      const alias = this.linkAliases.get(from)?.get(h);
      if (alias) return alias;
    }
    const direct = this.names.byName.get(h);
    if (direct) return direct;
    for (const prefix of this.names.projectPrefixes) {
      if (!h.startsWith(prefix)) continue;
      const m = /^(.+)[-_]\d+$/.exec(h.slice(prefix.length));
      if (m && this.names.services.has(m[1])) return m[1];
    }
    return undefined;
  }

  // The service being scanned and why; set before each value is read so one emitter serves every value.
  private from = '';
  private why = '';
  private readonly onHost = (h: string): void => {
    const r = this.lookup(h, this.from);
    if (r === undefined) return;
    if (typeof r === 'string') this.addEdge(this.from, r, this.why);
    else for (const t of r) this.addEdge(this.from, t, this.why);
  };

  private value(why: string, v: string, name: string): void {
    this.why = why;
    hostsInValue(v, this.onHost, name);
  }

  private command(why: string, argv: readonly string[]): void {
    this.why = why;
    hostsInCommand(argv, this.onHost);
  }

  prepare(name: string, svc: Service): void {
    if (svc.ports?.length) this.pubs.add(name);
    for (const link of svc.links ?? []) {
      const [target, alias] = parseLink(link);
      let m = this.linkAliases.get(name);
      if (!m) this.linkAliases.set(name, (m = new Map()));
      m.set(alias.toLowerCase(), target);
    }
    for (const eh of svc.extra_hosts ?? []) {
      const host = /^([^:=\s]+)[:=]/.exec(String(eh))?.[1];
      if (!host) continue;
      let s = this.pinned.get(name);
      if (!s) this.pinned.set(name, (s = new Set()));
      s.add(host.toLowerCase());
    }
  }

  scan(name: string, svc: Service): void {
    this.from = name;
    const edge = this.addEdge.bind(this, name);
    for (const dep of Object.keys(svc.depends_on ?? {})) edge(dep, 'depends_on');
    for (const link of svc.links ?? []) edge(parseLink(link)[0], 'links');
    for (const key of ['network_mode', 'pid', 'ipc'] as const) {
      const ns = namespaceTarget(svc[key]);
      if (ns) for (const t of ns.kind === 'service' ? [ns.name] : this.resolveHost(ns.name)) edge(t, key);
    }
    for (const vf of svc.volumes_from ?? []) {
      const ns = namespaceTarget(vf);
      const target = ns ? ns.name : String(vf).split(':')[0];
      for (const t of ns?.kind === 'container' ? this.resolveHost(target) : [target]) edge(t, 'volumes_from');
    }
    const env = svc.environment;
    if (env) for (const k in env) if (typeof env[k] === 'string') this.value(`environment ${k}`, env[k] as string, k);
    const files = this.project.envFileValues?.[name];
    if (files) for (const k in files) this.value(`env_file ${k}`, files[k].value, k);
    if (svc.command) this.command('command', svc.command);
    if (svc.entrypoint) this.command('entrypoint', svc.entrypoint);
    const test = svc.healthcheck?.test;
    if (test?.length && test[0] !== 'NONE') this.command('healthcheck', test[0] === 'CMD' || test[0] === 'CMD-SHELL' ? test.slice(1) : test);
    for (const hookKey of ['post_start', 'pre_stop'] as const) {
      for (const hook of svc[hookKey] ?? []) {
        if (hook.command?.length) this.command(hookKey, hook.command);
        for (const [k, v] of Object.entries(hook.environment ?? {})) if (typeof v === 'string') this.value(`${hookKey} environment ${k}`, v, k);
      }
    }
  }

  reaches(name: string): ReadonlySet<string> {
    return this.outSet.get(name) ?? EMPTY;
  }

  reachedBy(name: string): ReadonlySet<string> {
    return this.inn.get(name) ?? EMPTY;
  }

  evidence(from: string, to: string): string[] {
    return [...(this.evidenceOf.get(from + '\0' + to) ?? [])];
  }

  publishers(): ReadonlySet<string> {
    return this.pubs;
  }
}

export function buildGraph(project: Project): ServiceGraph {
  const g = new Graph(project, indexNames(project));
  const entries = Object.entries(project.services);
  for (const [name, svc] of entries) g.prepare(name, svc);
  for (const [name, svc] of entries) g.scan(name, svc);
  return g;
}
