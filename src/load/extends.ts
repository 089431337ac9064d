// `extends` (compose-go loader/extends.go): the extending service is merged over a copy of the base
// service with the ordinary merge rules; tags on the extending service act on the base; a base from
// another file has its relative paths rebased to that file's folder.
import { dirname } from 'node:path';
import { InputError } from '../model/errors.ts';
import { copyAllMeta, locOf } from '../model/loc.ts';
import { deletePath, mergeTrees } from './merge.ts';
import { absolutize } from './options.ts';
import type { Path } from './yaml.ts';
import type { LoadState } from './project.ts';
import { toText } from '../model/text.ts';

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

export function resolveExtends(doc: Tree, file: string, fileDir: string, state: LoadState, tags: Path[] = []): Tree {
  if (!isMap(doc.services)) return doc;
  const services = doc.services;
  if (!Object.values(services).some((s) => isMap(s) && 'extends' in s)) return doc;
  const resolved: Tree = {};
  copyAllMeta(services, resolved);
  const done = new Map<string, Tree>();
  for (const name of Object.keys(services)) {
    resolved[name] = isMap(services[name]) ? resolveOne(name, services, file, fileDir, state, tags, [], done) : services[name];
  }
  const out: Tree = { ...doc, services: resolved };
  copyAllMeta(doc, out);
  return out;
}

function resolveOne(name: string, services: Tree, file: string, fileDir: string, state: LoadState, tags: Path[], chain: string[], done: Map<string, Tree>): Tree {
  const cached = done.get(name);
  if (cached) return cached;
  const svc = services[name] as Tree;
  if (!('extends' in svc)) {
    done.set(name, svc);
    return svc;
  }
  const here = `${file}#${name}`;
  const loc = locOf(svc, 'extends');
  if (chain.includes(here)) throw new InputError(`circular extends: ${[...chain, here].map(short).join(' -> ')}`, loc);
  const ext = svc.extends;
  const ref = typeof ext === 'string' ? ext : isMap(ext) ? toText(ext.service ?? '') : '';
  const otherFile = isMap(ext) && typeof ext.file === 'string' ? absolutize(ext.file, fileDir) : undefined;
  if (!ref) throw new InputError('extends needs a service name', loc);

  let base: Tree;
  if (otherFile && otherFile !== file) {
    if (state.stack.includes(otherFile) && chain.some((c) => c.startsWith(otherFile + '#') && c === `${otherFile}#${ref}`)) {
      throw new InputError(`circular extends: ${[...chain, here, `${otherFile}#${ref}`].map(short).join(' -> ')}`, loc);
    }
    let docs;
    try {
      docs = loadDocsFor(otherFile, state);
    } catch (e) {
      if (e instanceof InputError && !e.loc) throw new InputError(`extends: ${e.message}`, loc);
      throw e;
    }
    const otherServices: Tree = {};
    for (const d of docs) if (isMap(d.value) && isMap(d.value.services)) Object.assign(otherServices, d.value.services);
    if (!isMap(otherServices[ref])) throw new InputError(`extends: service "${ref}" not found in ${otherFile}`, loc);
    base = resolveOne(ref, otherServices, otherFile, dirname(otherFile), state, [], [...chain, here], new Map());
    base = structuredCloneTree(base);
    state.rebase(base, dirname(otherFile));
  } else {
    if (!isMap(services[ref])) throw new InputError(`extends: service "${ref}" not found`, loc);
    base = resolveOne(ref, services, file, fileDir, state, tags, [...chain, here], done);
  }

  let wrapped: unknown = { services: { [name]: base } };
  for (const t of tags) if (t[0] === 'services' && t[1] === name && t.length > 2) wrapped = deletePath(wrapped, t);
  const own: Tree = { ...svc };
  copyAllMeta(svc, own);
  delete own.extends;
  const merged = mergeTrees(wrapped, { services: { [name]: own } }) as Tree;
  const result = (merged.services as Tree)[name] as Tree;
  done.set(name, result);
  return result;
}

function loadDocsFor(path: string, state: LoadState) {
  return state.load(path);
}

function short(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

/** Copy plain trees so rebasing paths never changes the file they were read from. */
function structuredCloneTree<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map(structuredCloneTree);
    copyAllMeta(v, out);
    return out as T;
  }
  if (isMap(v)) {
    const out: Tree = {};
    copyAllMeta(v, out);
    for (const k of Object.keys(v)) out[k] = structuredCloneTree(v[k]);
    return out as T;
  }
  return v;
}
