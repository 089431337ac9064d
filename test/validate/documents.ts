// Compose documents for comparing validators: the modern-feature documents, every corpus file that parses,
// and mutants of them (each service key given values of other kinds, and odd sections), which are mostly invalid.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MODERN_DOCS } from './modern-docs.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const REPLACEMENTS: unknown[] = [true, 7, '1', null, ['a', 'a'], { 'bad key!': [{}] }, { x: 1 }];

export function corpusDocuments(): unknown[] {
  const corpus = join(repo, '../shared/corpus');
  const docs: unknown[] = [];
  for (const row of readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1)) {
    const [name, , , , v1] = row.split('\t');
    if (v1 === 'n/a') continue;
    try {
      docs.push(parse(readFileSync(join(corpus, name), 'utf8'), { merge: true }));
    } catch {
      /* not YAML: nothing to validate */
    }
  }
  return docs;
}

export function mutantsOf(docs: unknown[]): unknown[] {
  const mutants: unknown[] = [];
  for (const doc of docs) {
    const services = (doc as { services?: unknown } | null)?.services;
    if (services === null || typeof services !== 'object' || Array.isArray(services)) continue;
    for (const [svc, body] of Object.entries(services as Record<string, unknown>)) {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) continue;
      for (const key of Object.keys(body)) {
        for (const r of REPLACEMENTS) {
          const m = structuredClone(doc) as { services: Record<string, Record<string, unknown>> };
          m.services[svc][key] = r;
          mutants.push(m);
        }
      }
    }
    for (const r of REPLACEMENTS) mutants.push({ ...(doc as object), services: r }, { ...(doc as object), networks: { n: r } }, { ...(doc as object), volumes: { v: r } });
  }
  return mutants;
}

/** Modern documents, the corpus and its mutants. */
export function allDocuments(): unknown[] {
  const docs = [...MODERN_DOCS.map((d) => d.doc), ...corpusDocuments()];
  return [...docs, ...mutantsOf(docs)];
}
