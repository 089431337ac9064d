// `--in-place`: instead of an override, rewrite the project's own files so that loading them gives the
// hardened project. Each changed attribute is written whole into the file that already defines it (or
// the file that defines the service), and removed from the others, through the yaml Document API so
// comments and layout stay. Like the override it is verified by loading the result again.
import { isMap, isScalar, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { quoteAmbiguous } from './render.ts';
import { InputError } from '../model/errors.ts';
import type { Project } from '../model/types.ts';
import { writtenValue } from '../model/written.ts';
import { sameValue } from './delta.ts';

export interface InPlaceEdit {
  file: string;
  before: string;
  after: string;
}

type Tree = Record<string, unknown>;

interface Source {
  file: string;
  text: string;
  doc: Document;
}

function mapAt(doc: Document, path: string[], create: boolean): YAMLMap | undefined {
  let node = doc.contents as unknown;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key) as Pair | undefined;
    if (!pair || !isMap(pair.value)) {
      if (!create) return undefined;
      const fresh = doc.createNode({}) as YAMLMap;
      if (pair) pair.value = fresh;
      else (node as YAMLMap).items.push(doc.createPair(key, fresh) as Pair<unknown, unknown>);
      node = fresh;
      continue;
    }
    node = pair.value;
  }
  return isMap(node) ? (node as YAMLMap) : undefined;
}

function hasKey(map: YAMLMap | undefined, key: string): boolean {
  return !!map?.items.some((p) => isScalar(p.key) && String((p.key as Scalar).value) === key);
}

function setKey(doc: Document, map: YAMLMap, key: string, value: unknown, comment?: string): void {
  const node = doc.createNode(value) as Node;
  quoteAmbiguous(node);
  const pair = map.items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key) as Pair<Scalar, unknown> | undefined;
  if (pair) pair.value = node;
  else {
    const p = doc.createPair(key, node) as Pair<Scalar, unknown>;
    if (comment) (p.key as Scalar).commentBefore = ` ${comment}`;
    map.items.push(p as Pair<unknown, unknown>);
  }
}

function deleteKey(map: YAMLMap, key: string): void {
  const i = map.items.findIndex((p) => isScalar(p.key) && String((p.key as Scalar).value) === key);
  if (i >= 0) map.items.splice(i, 1);
}

/**
 * Plan the edits of every loaded file. `reasons` gives the comment for a new key by dotted path.
 * Throws InputError when a change lives in a file we cannot edit (extends/include sources, stdin).
 */
export function planInPlace(orig: Project, hard: Project, files: string[], read: (f: string) => string, reasons?: Map<string, string[]>): InPlaceEdit[] {
  if (files.includes('-')) throw new InputError('--in-place cannot edit a project read from standard input');
  const sources: Source[] = files.map((file) => {
    const text = read(file);
    return { file, text, doc: parseDocument(text) };
  });
  const touched = new Set<Source>();
  const why = (path: string) => reasons?.get(path)?.join('; ');

  const services = new Set([...Object.keys(orig.services), ...Object.keys(orig.disabledServices)]);
  for (const name of services) {
    const a = (orig.services[name] ?? orig.disabledServices[name]) as Tree;
    const b = (hard.services[name] ?? hard.disabledServices[name]) as Tree | undefined;
    if (!b) throw new InputError(`--in-place: removing service ${name} is not supported; remove it by hand`);
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (sameValue(a[key], b[key])) continue;
      const defining = sources.filter((s) => hasKey(mapAt(s.doc, ['services', name], false), key));
      const removed = b[key] === undefined || b[key] === false || b[key] === '';
      if (removed && defining.length === 0) {
        throw new InputError(`--in-place: services.${name}.${key} comes from extends or include; edit its source by hand or use the override`);
      }
      const target = defining[defining.length - 1] ?? sources.filter((s) => mapAt(s.doc, ['services', name], false)).pop() ?? sources[0];
      for (const s of defining) {
        if (s === target && !removed) continue;
        deleteKey(mapAt(s.doc, ['services', name], false)!, key);
        touched.add(s);
      }
      if (!removed) {
        setKey(target.doc, mapAt(target.doc, ['services', name], true)!, key, writtenValue(b[key]), why(`services.${name}.${key}`));
        touched.add(target);
      }
    }
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const a = orig[kind] as Tree;
    const b = hard[kind] as Tree;
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (sameValue(a[name], b[name])) continue;
      const defining = sources.filter((s) => hasKey(mapAt(s.doc, [kind], false), name));
      const target = defining[defining.length - 1] ?? sources[0];
      for (const s of defining) {
        if (s === target && name in b) continue;
        deleteKey(mapAt(s.doc, [kind], false)!, name);
        touched.add(s);
      }
      if (name in b) {
        setKey(target.doc, mapAt(target.doc, [kind], true)!, name, writtenValue(b[name]) ?? {}, why(kind));
        touched.add(target);
      }
    }
  }
  return [...touched].map((s) => ({ file: s.file, before: s.text, after: s.doc.toString({ lineWidth: 0, flowCollectionPadding: false }) })).filter((e) => e.before !== e.after);
}
