// Checks Compose runs on the merged model, not on single files (compose-semantics.md §6;
// compose-go loader/validate.go). Every problem is reported, each at the place that caused it.
import { InputError, type InputProblem } from '../model/errors.ts';
import { keyLocOf, locOf } from '../model/loc.ts';
import type { Project, Service } from '../model/types.ts';
import { parseBytes } from '../model/units.ts';
import { toText } from '../model/text.ts';

export function checkConsistency(p: Project): void {
  const problems: InputProblem[] = [];
  const add = (message: string, at: unknown, key: string | number) => problems.push({ message, loc: locOf(at, key) ?? keyLocOf(at, key) });
  const names = new Set(Object.keys(p.services));

  for (const [name, s] of Object.entries(p.services)) {
    const where = `services.${name}`;
    const svcLoc = () => keyLocOf(p.services, name);
    if (!s.image && !s.build && !s.provider) problems.push({ message: `${where} has neither an image nor a build context specified`, loc: svcLoc() });
    if (s.network_mode && s.networks && Object.keys(s.networks).length) add(`${where}: network_mode and networks cannot be combined`, s, 'network_mode');
    for (const [legacy, deployKey, section] of [
      ['mem_limit', 'memory', 'limits'],
      ['cpus', 'cpus', 'limits'],
      ['pids_limit', 'pids', 'limits'],
      ['mem_reservation', 'memory', 'reservations'],
    ] as const) {
      const a = s[legacy];
      const set = s.deploy?.resources?.[section];
      const b = set?.[deployKey];
      if (a === undefined || a === null || b === undefined || b === null) continue;
      if (!sameQuantity(a, b, deployKey)) {
        add(`${where}: can't set distinct values on '${legacy}' and 'deploy.resources.${section}.${deployKey}'`, s, legacy);
      }
    }
    checkMountPaths(s, where, problems);
    for (const [ref, kind] of [
      ['secrets', 'secrets'],
      ['configs', 'configs'],
    ] as const) {
      (s[ref] ?? []).forEach((r, i) => {
        if (!(r.source in p[kind])) add(`${where}.${ref}[${i}] refers to undefined ${kind.slice(0, -1)} ${r.source}`, s[ref], i);
      });
    }
    for (const net of Object.keys(s.networks ?? {})) {
      if (net !== 'default' && !(net in p.networks)) add(`${where}.networks refers to undefined network ${net}`, s.networks, net);
    }
    (s.volumes ?? []).forEach((v, i) => {
      if (v.type === 'volume' && v.source && !(v.source in p.volumes)) add(`${where}.volumes[${i}] refers to undefined volume ${v.source}`, s.volumes, i);
    });
    for (const dep of Object.keys(s.depends_on ?? {})) {
      const d = s.depends_on![dep];
      if (!names.has(dep) && d.required !== false && !(dep in p.disabledServices)) add(`${where}.depends_on refers to undefined service ${dep}`, s.depends_on, dep);
    }
    for (const mode of ['network_mode', 'pid', 'ipc'] as const) {
      const v = s[mode];
      if (typeof v === 'string' && v.startsWith('service:')) {
        const target = v.slice('service:'.length);
        if (!names.has(target) && !(target in p.disabledServices)) add(`${where}.${mode} refers to undefined service ${target}`, s, mode);
      }
    }
    const test = s.healthcheck?.test;
    if (Array.isArray(test) && test.length && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
      add(`${where}.healthcheck.test must start with CMD, CMD-SHELL or NONE`, s.healthcheck, 'test');
    }
  }
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [name, r] of Object.entries(p[kind])) {
      if (r.external) continue;
      const sources = ['file', 'environment', 'content'].filter((k) => r[k] !== undefined);
      if (sources.length > 1) add(`${kind}.${name}: ${sources.join(' and ')} attributes are mutually exclusive`, p[kind], name);
      if (kind === 'secrets' && sources.length === 0) add(`secrets.${name}: needs file or environment, or external: true`, p[kind], name);
    }
  }
  checkDependencyCycles(p, problems);
  if (problems.length) throw new InputError(problems[0].message, problems[0].loc, problems);
}

function sameQuantity(a: unknown, b: unknown, kind: string): boolean {
  if (kind === 'memory') {
    const x = parseBytes(a);
    const y = parseBytes(b);
    return x !== undefined && x === y;
  }
  return Number(a) === Number(b);
}

function mountPathOfTmpfs(entry: string): string {
  const i = entry.indexOf(':');
  return i < 0 ? entry : entry.slice(0, i);
}

function checkMountPaths(s: Service, where: string, problems: InputProblem[]): void {
  const seen = new Map<string, string>();
  (s.tmpfs ?? []).forEach((t, i) => {
    const path = mountPathOfTmpfs(toText(t));
    const prev = seen.get(path);
    const here = `${where}.tmpfs[${i}]`;
    if (prev) problems.push({ message: `${here}: target ${path} already mounted as ${prev}`, loc: locOf(s.tmpfs, i) });
    else seen.set(path, here);
  });
  (s.volumes ?? []).forEach((v, i) => {
    const here = `${where}.volumes[${i}]`;
    const prev = seen.get(v.target);
    if (prev) problems.push({ message: `${here}: target ${v.target} already mounted as ${prev}`, loc: locOf(s.volumes, i) });
    else seen.set(v.target, here);
  });
}

function checkDependencyCycles(p: Project, problems: InputProblem[]): void {
  const state = new Map<string, 1 | 2>();
  const visit = (name: string, chain: string[]): void => {
    const st = state.get(name);
    if (st === 2) return;
    if (st === 1) {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      problems.push({ message: `dependency cycle detected: ${cycle.join(' -> ')}`, loc: keyLocOf(p.services, name) });
      return;
    }
    state.set(name, 1);
    for (const dep of Object.keys(p.services[name]?.depends_on ?? {})) if (dep in p.services) visit(dep, [...chain, name]);
    state.set(name, 2);
  };
  for (const name of Object.keys(p.services)) if (!state.has(name)) visit(name, []);
}
