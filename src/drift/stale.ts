// Names in a committed override that the base project no longer has: a service that was removed or renamed,
// a network the override attaches to or changes that is gone. Compose would either refuse to start (a
// service left with neither image nor build) or quietly keep a dead network, so both count as drift.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Loc } from '../model/loc.ts';
import type { Project } from '../model/types.ts';

export interface StaleName {
  kind: 'service' | 'network';
  name: string;
  /** For a network named inside a service's `networks:`: that service. */
  service?: string;
  loc?: Loc;
}

/** What the base project (every file but the override) defines. */
export interface BaseNames {
  services: Set<string>;
  networks: Set<string>;
  /** Networks the base's own services attach to. */
  usedNetworks: Set<string>;
}

export function baseNames(p: Project): BaseNames {
  const usedNetworks = new Set<string>();
  for (const s of [...Object.values(p.services), ...Object.values(p.disabledServices)]) {
    for (const n of Object.keys(s.networks ?? {})) usedNetworks.add(n);
  }
  return { services: new Set([...Object.keys(p.services), ...Object.keys(p.disabledServices)]), networks: new Set(Object.keys(p.networks)), usedNetworks };
}

const keyOf = (pair: Pair): string | undefined => (isScalar(pair.key) ? String(pair.key.value) : undefined);

function mapAt(node: unknown, key: string): YAMLMap | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => keyOf(p) === key);
  return pair && isMap(pair.value) ? pair.value : undefined;
}

/** Network names a service entry attaches to, with the node that names each (list or map form). */
function serviceNetworks(service: unknown): Array<{ name: string; node: Node }> {
  if (!isMap(service)) return [];
  const pair = service.items.find((p) => keyOf(p) === 'networks');
  const v = pair?.value;
  if (isMap(v)) return v.items.flatMap((p) => (keyOf(p) !== undefined ? [{ name: keyOf(p)!, node: p.key as Node }] : []));
  if (isSeq(v)) return v.items.flatMap((it) => (isScalar(it) && typeof it.value === 'string' ? [{ name: it.value, node: it as Node }] : []));
  return [];
}

function parse(text: string): { doc: Document; lines: LineCounter } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // Broken YAML is the loader's to report, with its own located message.
  return doc.errors.length ? undefined : { doc, lines };
}

export function findStale(text: string, file: string, base: BaseNames): StaleName[] {
  const parsed = parse(text);
  if (!parsed) return [];
  const { doc, lines } = parsed;
  const at = (n: Node | null | undefined): Loc | undefined => {
    if (!n?.range) return undefined;
    const p = lines.linePos(n.range[0]);
    return { file, line: p.line, col: p.col };
  };
  const out: StaleName[] = [];
  const services = mapAt(doc.contents, 'services');
  const ownNetworks = mapAt(doc.contents, 'networks');
  const declared = new Set([...base.networks, ...(ownNetworks?.items.map(keyOf).filter((k): k is string => k !== undefined) ?? []), 'default']);
  const used = new Set(base.usedNetworks);
  for (const pair of services?.items ?? []) {
    const name = keyOf(pair);
    if (name === undefined) continue;
    if (!base.services.has(name)) {
      out.push({ kind: 'service', name, loc: at(pair.key as Node) });
      continue;
    }
    for (const n of serviceNetworks(pair.value)) {
      used.add(n.name);
      if (!declared.has(n.name)) out.push({ kind: 'network', name: n.name, service: name, loc: at(n.node) });
    }
  }
  for (const pair of ownNetworks?.items ?? []) {
    const name = keyOf(pair);
    if (name !== undefined && !base.networks.has(name) && !used.has(name)) out.push({ kind: 'network', name, loc: at(pair.key as Node) });
  }
  return out;
}

/** The override without the stale entries (and without sections they leave empty). */
export function withoutStale(text: string, stale: StaleName[]): string {
  const parsed = parse(text);
  if (!parsed || !stale.length) return text;
  const { doc } = parsed;
  const services = mapAt(doc.contents, 'services');
  for (const s of stale) {
    if (s.kind === 'service') doc.deleteIn(['services', s.name]);
    else if (s.service) {
      const svc = services?.items.find((p) => keyOf(p) === s.service)?.value;
      const nets = isMap(svc) ? svc.items.find((p) => keyOf(p) === 'networks')?.value : undefined;
      if (isMap(nets)) nets.items = nets.items.filter((p) => keyOf(p) !== s.name);
      else if (isSeq(nets)) nets.items = nets.items.filter((it) => !(isScalar(it) && it.value === s.name));
    } else doc.deleteIn(['networks', s.name]);
  }
  for (const section of ['services', 'networks']) {
    const m = mapAt(doc.contents, section);
    if (m && m.items.length === 0) doc.deleteIn([section]);
  }
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
