// The generated files are committed; they must be exactly what the generator produces today, loadable by
// plain Node (no tsx, no ajv compilation) and bundlable by esbuild.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate as committedValidate } from '../../src/validate/generated/compose-validator.js';
import { allDocuments } from './documents.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = [
  'schemas/compose-spec.effective.json',
  'src/validate/generated/compose-validator.js',
  'src/validate/generated/compose-validator.d.ts',
  'src/validate/generated/schema-hints.js',
  'src/validate/generated/schema-hints.d.ts',
];

test('re-running the generator yields byte-identical files', () => {
  const out = mkdtempSync(join(tmpdir(), 'ch-schema-'));
  try {
    execFileSync(process.execPath, [join(repo, 'scripts/build-schema.mjs'), '--out', out], { cwd: repo, stdio: 'pipe' });
    for (const rel of GENERATED) {
      const fresh = readFileSync(join(out, rel));
      const committed = readFileSync(join(repo, rel));
      assert.ok(fresh.equals(committed), `${rel} differs from a fresh generation: run npm run build:schema`);
    }
    assert.equal(readdirSync(join(out, 'src/validate/generated')).sort(), GENERATED.filter((f) => f.includes('/generated/')).map((f) => f.split('/').pop()).sort());
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the validator is plain ESM: no require(), loads in bare Node', () => {
  const file = join(repo, 'src/validate/generated/compose-validator.js');
  const code = readFileSync(file, 'utf8');
  assert.not.match(code, /\brequire\(/);
  const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => {
    const ok = m.validate({ services: { web: { image: 'nginx', ports: ['80:80'] } } });
    const bad = m.validate({ services: { web: { ports: [true], cap_add: ['A', 'A'] } } });
    console.log(JSON.stringify([ok, bad, m.validate.errors.map((e) => e.keyword)]));
  })`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(JSON.parse(out), [true, false, ['uniqueItems', 'type', 'type', 'type', 'oneOf']]);
});

test('validateSchema bundles with esbuild into one self-contained file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ch-bundle-'));
  try {
    const result = await build({
      stdin: {
        contents: `import { validateSchema } from ${JSON.stringify(join(repo, 'src/validate/schema.ts'))};
          console.log(JSON.stringify(validateSchema({ services: { web: { imgae: 'x' } } })));`,
        resolveDir: repo,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const bundled = join(dir, 'bundle.mjs');
    writeFileSync(bundled, result.outputFiles[0].text);
    assert.not.match(result.outputFiles[0].text, /from\s+["']ajv/);
    const out = execFileSync(process.execPath, [bundled], { encoding: 'utf8', cwd: dir });
    assert.equal(JSON.parse(out), [{ path: ['services', 'web', 'imgae'], message: 'services.web: unknown key "imgae", did you mean "image"?' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The committed validator's schema literals are cut down to what its code reads (pruneSchemaConstants): it must
// answer exactly like ajv's untouched output, verdict and every error's fields, on valid and invalid documents.
test('pruned schema literals: same verdicts and errors as ajv\'s own standalone code', async () => {
  const mod = (await import(pathToFileURL(join(repo, 'scripts/build-schema.mjs')).href)) as {
    effectiveSchema: () => unknown;
    compileForm: (s: unknown) => unknown;
    validatorCode: (s: unknown, o: { prune: boolean }) => string;
  };
  const raw = mod.validatorCode(mod.compileForm(mod.effectiveSchema()), { prune: false });
  // Inside the repository, so that its imports of ajv's runtime helpers resolve.
  const dir = mkdtempSync(join(repo, '.tmp-validator-'));
  try {
    const file = join(dir, 'raw.mjs');
    writeFileSync(file, raw);
    const rawValidate = ((await import(pathToFileURL(file).href)) as { validate: typeof committedValidate }).validate;
    let invalid = 0;
    const all = allDocuments();
    for (const doc of all) {
      const a = committedValidate(doc);
      const b = rawValidate(doc);
      if (!b) invalid++;
      assert.is(a, b);
      assert.is(JSON.stringify(committedValidate.errors), JSON.stringify(rawValidate.errors));
    }
    assert.ok(all.length > 10000 && invalid > 5000, `${all.length} documents, ${invalid} invalid`);
    const size = (code: string) => Buffer.byteLength(code);
    assert.ok(size(readFileSync(join(repo, 'src/validate/generated/compose-validator.js'), 'utf8')) < size(raw) - 30000, 'the literals shrink');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('overlay: targeted operations only', () => {
  const dir = join(repo, 'schemas/overlay');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  const effectiveSize = readFileSync(join(repo, 'schemas/compose-spec.effective.json'), 'utf8').length;
  let count = 0;
  for (const file of files) {
    const { operations } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { operations: Array<{ op: string; path: string; value?: unknown }> };
    for (const op of operations) {
      count++;
      assert.ok(['add', 'replace', 'remove'].includes(op.op), `${file}: ${op.op}`);
      const depth = op.path.split('/').length - 1;
      const structured = op.value !== null && typeof op.value === 'object';
      // a top-level member may only be a scalar (the dialect); structure is changed deeper down
      assert.ok(depth >= 2 || !structured, `${file}: ${op.path} is not targeted`);
      // no operation carries more than a small fraction of the schema
      assert.ok(JSON.stringify(op.value ?? null).length < effectiveSize / 25, `${file}: ${op.path} carries too much`);
    }
  }
  assert.ok(count > 100, `expected fine-grained operations, got ${count}`);
});

test('overlay: operations refuse to apply where the base schema does not fit them', async () => {
  const mod = (await import(pathToFileURL(join(repo, 'scripts/build-schema.mjs')).href)) as {
    applyOverlay: (base: unknown, overlay: unknown) => unknown;
  };
  const base = { properties: { a: { type: 'string' } } };
  const apply = (operations: unknown[]) => () => mod.applyOverlay(base, [{ file: 't.json', operations }]);
  assert.equal(apply([{ op: 'add', path: '/properties/b', value: { type: 'integer' } }])(), { properties: { a: { type: 'string' }, b: { type: 'integer' } } });
  assert.throws(apply([{ op: 'add', path: '/properties/a', value: {} }]), /already exists/);
  assert.throws(apply([{ op: 'replace', path: '/properties/c', value: {} }]), /does not exist/);
  assert.throws(apply([{ op: 'remove', path: '/properties/x/y' }]), /parent does not exist/);
  assert.equal(base, { properties: { a: { type: 'string' } } }, 'the base schema is not modified');
});

test.run();
