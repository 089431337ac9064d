// Our schema (2021 npm schema + overlay) must judge documents exactly like the upstream current schema.
// Upstream is read from ../shared (never shipped) and compiled here, at test time only.
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { validate as generatedValidate } from '../../src/validate/generated/compose-validator.js';
import { validateSchema } from '../../src/validate/schema.ts';
import { MODERN_DOCS } from './modern-docs.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repo, '../shared');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const upstreamSchema = readJson(join(shared, 'schemas/compose-spec.json'));
// ajv knows draft-07 only as http://json-schema.org/draft-07/schema# (see PROVENANCE.md)
delete upstreamSchema.$schema;
const effectiveSchema = readJson(join(repo, 'schemas/compose-spec.effective.json'));

const upstream = new Ajv({ allErrors: true, strictTypes: false }).compile(upstreamSchema);
const effective = new Ajv({ allErrors: true, strictTypes: false }).compile(effectiveSchema);

interface Verdicts {
  upstream: boolean;
  effective: boolean;
  generated: boolean;
}

function verdicts(doc: unknown): Verdicts {
  return { upstream: upstream(doc), effective: effective(doc), generated: generatedValidate(doc) };
}

const ANNOTATIONS = new Set(['description', 'title', 'deprecated', 'default', '$comment', '$schema', '$id', 'id']);

function withoutAnnotations(node: unknown, inNameMap = false): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutAnnotations(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!inNameMap && ANNOTATIONS.has(k)) continue;
    out[k] = inNameMap ? withoutAnnotations(v) : withoutAnnotations(v, k === 'properties' || k === 'patternProperties' || k === 'definitions');
  }
  return out;
}

test('effective schema has the same validation keywords as upstream (annotations aside)', () => {
  assert.equal(withoutAnnotations(effectiveSchema), withoutAnnotations(upstreamSchema));
});

test('modern documents: every post-2021 feature gets the same verdict as upstream, and the expected one', () => {
  const disagreements: string[] = [];
  for (const { name, valid, doc } of MODERN_DOCS) {
    const v = verdicts(doc);
    if (v.upstream !== valid || v.effective !== valid || v.generated !== valid) disagreements.push(`${name}: expected ${valid}, got ${JSON.stringify(v)}`);
  }
  assert.equal(disagreements, []);
  const invalid = MODERN_DOCS.filter((d) => !d.valid).length;
  assert.ok(MODERN_DOCS.length - invalid >= 40, 'at least 40 valid modern documents');
  assert.ok(invalid >= 40, 'at least 40 invalid variants');
  console.log(`  modern documents: ${MODERN_DOCS.length} (${MODERN_DOCS.length - invalid} valid, ${invalid} invalid), all agree`);
});

test('modern documents: validateSchema reports problems exactly for the invalid ones', () => {
  for (const { name, valid, doc } of MODERN_DOCS) {
    const problems = validateSchema(doc);
    if (valid) assert.equal(problems, [], name);
    else assert.ok(problems.length > 0, `${name}: expected problems`);
  }
});

// `!reset`/`!override` are resolved by the loader before validation; here they only need to parse.
const identityTags = ['!reset', '!override'].flatMap((tag) => [
  { tag, collection: 'map' as const, resolve: (v: unknown) => v },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag, resolve: (s: string) => s },
]);

function corpusDocs(): { docs: Array<{ file: string; doc: unknown }>; skipped: number } {
  const manifest = readFileSync(join(shared, 'corpus/MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const docs: Array<{ file: string; doc: unknown }> = [];
  let skipped = 0;
  for (const row of manifest) {
    const [file, , , , v1] = row.split('\t');
    if (v1 === 'n/a') continue; // env files
    try {
      docs.push({ file, doc: parse(readFileSync(join(shared, 'corpus', file), 'utf8'), { merge: true, customTags: identityTags }) });
    } catch {
      skipped++;
    }
  }
  return { docs, skipped };
}

const corpus = corpusDocs();

test('corpus: every parsable compose file gets the same verdict from our schema and upstream', () => {
  let valid = 0;
  const disagreements: string[] = [];
  for (const { file, doc } of corpus.docs) {
    const v = verdicts(doc);
    if (v.upstream) valid++;
    if (v.effective !== v.upstream || v.generated !== v.upstream) disagreements.push(`${file}: ${JSON.stringify(v)}`);
  }
  assert.equal(disagreements, []);
  assert.ok(corpus.docs.length >= 150, `expected most of the corpus to parse, got ${corpus.docs.length}`);
  const n = corpus.docs.length;
  console.log(`  corpus: ${n} compose files compared (${valid} valid, ${n - valid} invalid upstream), ${corpus.skipped} skipped (YAML parse error), all agree`);
});

// Real files are nearly all valid, so also compare on mutants: every key a real service uses, with its
// value swapped for values of other kinds.
const REPLACEMENTS: unknown[] = [true, 7, '1', null, ['a', 'a'], { 'bad key!': [{}] }];

test('corpus mutants: each service key with values of other kinds gets the same verdict', () => {
  let compared = 0;
  let invalid = 0;
  const disagreements: string[] = [];
  const wording: string[] = [];
  for (const { file, doc } of corpus.docs) {
    const services = (doc as { services?: unknown } | null)?.services;
    if (services === null || typeof services !== 'object' || Array.isArray(services)) continue;
    for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
      if (service === null || typeof service !== 'object' || Array.isArray(service)) continue;
      for (const key of Object.keys(service)) {
        for (const replacement of REPLACEMENTS) {
          const mutant = structuredClone(doc) as { services: Record<string, Record<string, unknown>> };
          mutant.services[name][key] = replacement;
          const v = verdicts(mutant);
          compared++;
          if (!v.upstream) invalid++;
          if (v.effective !== v.upstream || v.generated !== v.upstream) disagreements.push(`${file} services.${name}.${key}=${JSON.stringify(replacement)}: ${JSON.stringify(v)}`);
          if (!v.upstream) {
            // every rejection comes out as at least one worded problem about that service
            const problems = validateSchema(mutant);
            const here = problems.filter((p) => p.path[0] === 'services' && p.path[1] === name);
            if (here.length === 0 || problems.some((p) => / is invalid \(/.test(p.message))) wording.push(`${file} services.${name}.${key}: ${JSON.stringify(problems)}`);
          }
        }
      }
    }
  }
  assert.equal(disagreements.slice(0, 20), []);
  assert.equal(wording.slice(0, 10), []);
  assert.ok(compared > 1000, `expected many mutants, got ${compared}`);
  console.log(`  corpus mutants: ${compared} compared (${invalid} invalid upstream), all agree`);
});

test.run();
