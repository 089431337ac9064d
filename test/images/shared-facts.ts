// Reads the shared image fact sheets and puts each entry into the shape src/images/kb.json carries, so the drift
// test and scripts/build-images.mjs agree on what "the same facts" means. Never imported at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConditionalPath } from '../../src/images/types.ts';

export const SHARED_DATA_DIR = new URL('../../../shared/data/', import.meta.url).pathname;
export const SHARED_FILES = [
  { file: 'images-datastores.yaml', kind: 'datastore' as const },
  { file: 'images-apps.yaml', kind: 'app' as const },
];

/** The fields kb.json takes over from the fact sheets, in their camelCase form. */
export interface CarriedFacts {
  image: string;
  aliases: string[];
  kind: 'datastore' | 'app';
  defaultUser: string;
  uid: number;
  gid: number;
  dropsPrivileges: boolean;
  rootCapsNeeded: string[];
  runsAsUidDirectly: boolean;
  runsAsUidNote: string;
  writablePaths: string[];
  conditionalWritablePaths: Array<Pick<ConditionalPath, 'path' | 'note'>>;
  ports: number[];
  secretFileEnv: Record<string, string>;
  dataPaths: string[];
  healthcheck: string[] | null;
  minMemory: string | null;
  minMemoryNote?: string;
  confidence: string;
  sources: string[];
  notes: string;
}

export const CARRIED_KEYS = [
  'image', 'aliases', 'kind', 'defaultUser', 'uid', 'gid', 'dropsPrivileges', 'rootCapsNeeded', 'runsAsUidDirectly',
  'runsAsUidNote', 'writablePaths', 'ports', 'secretFileEnv', 'dataPaths', 'healthcheck', 'minMemory', 'minMemoryNote',
  'confidence', 'sources', 'notes',
] as const;

export function loadShared(dir = SHARED_DATA_DIR): CarriedFacts[] {
  const out: CarriedFacts[] = [];
  for (const { file, kind } of SHARED_FILES) {
    const docs = parse(readFileSync(join(dir, file), 'utf8')) as Array<Record<string, unknown>>;
    for (const raw of docs) out.push(normalise(raw, kind));
  }
  return out;
}

export function normalise(raw: Record<string, unknown>, kind: 'datastore' | 'app'): CarriedFacts {
  const writable: string[] = [];
  const conditional: Array<Pick<ConditionalPath, 'path' | 'note'>> = [];
  for (const p of raw.writable_paths as string[]) {
    const c = splitAnnotatedPath(p);
    if (c) conditional.push(...c);
    else writable.push(p);
  }
  const dataPaths: string[] = [];
  for (const p of raw.data_paths as string[]) {
    const c = splitAnnotatedPath(p);
    dataPaths.push(...(c ? c.map((x) => x.path) : [p]));
  }
  const mem = normaliseMemory(raw.min_memory as string | null);
  const out: CarriedFacts = {
    image: raw.image as string,
    aliases: (raw.aliases as unknown[]).map(String),
    kind,
    defaultUser: String(raw.default_user),
    uid: raw.uid as number,
    gid: raw.gid as number,
    dropsPrivileges: raw.drops_privileges as boolean,
    rootCapsNeeded: raw.root_caps_needed as string[],
    runsAsUidDirectly: raw.runs_as_uid_directly as boolean,
    runsAsUidNote: raw.runs_as_uid_note as string,
    writablePaths: writable,
    conditionalWritablePaths: conditional,
    ports: raw.ports as number[],
    secretFileEnv: (raw.secret_file_env ?? {}) as Record<string, string>,
    dataPaths,
    healthcheck: (raw.healthcheck ?? null) as string[] | null,
    minMemory: mem.size,
    confidence: raw.confidence as string,
    sources: (raw.sources as unknown[]).map(sourceText),
    notes: raw.notes as string,
  };
  if (mem.note) out.minMemoryNote = mem.note;
  return out;
}

/**
 * A source line holding ": " (keycloak's "issues/10816 (open request: no *_FILE ...)") is read by YAML as a
 * one-key mapping; it was meant as text.
 */
function sourceText(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object') return Object.entries(s).map(([k, v]) => `${k}: ${v}`).join(', ');
  return String(s);
}

/**
 * "/path (only when X)" and "<placeholder naming /a or /b>" are prose, not paths: split them into the paths they
 * name plus the condition. Plain paths return undefined.
 */
export function splitAnnotatedPath(p: string): Array<Pick<ConditionalPath, 'path' | 'note'>> | undefined {
  const annotated = /^(\/\S*) \((.+)\)$/.exec(p);
  if (annotated) return [{ path: annotated[1], note: annotated[2] }];
  if (p.startsWith('<') && p.endsWith('>')) {
    const note = p.slice(1, -1);
    const paths = note.match(/\/[\w./-]*[\w]/g) ?? [];
    return paths.map((path) => ({ path, note }));
  }
  return undefined;
}

/** "1.5g (explanation)" -> { size: '1536m', note: 'explanation' }: a size compose accepts, and the prose apart. */
export function normaliseMemory(v: string | null): { size: string | null; note?: string } {
  if (v === null || v === undefined) return { size: null };
  const m = /^(\d+(?:\.\d+)?)\s*([kmg])b?\b\s*(.*)$/i.exec(String(v).trim());
  if (!m) throw new Error(`unrecognised min_memory: ${v}`);
  const unit = m[2].toLowerCase();
  const mib = Number(m[1]) * (unit === 'g' ? 1024 : unit === 'm' ? 1 : 1 / 1024);
  const size = mib >= 1024 && Number.isInteger(mib / 1024) ? `${mib / 1024}g` : `${Math.ceil(mib)}m`;
  let note = m[3].trim();
  if (note.startsWith('(') && note.endsWith(')') && !note.slice(1, -1).includes(')')) note = note.slice(1, -1);
  return note ? { size, note } : { size };
}
