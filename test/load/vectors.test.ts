// Every merge vector in ../shared/vectors/merge: base + override must give expected.yml (Compose v2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';

const DIR = new URL('../../../shared/vectors/merge/', import.meta.url).pathname;

/** The vectors' comparison rules: `false` and `""` mean unset; mapping order is irrelevant. */
function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === false || x === '' || x === undefined) continue;
      out[k] = comparable(x);
    }
    return out;
  }
  return v;
}

const vectors = existsSync(DIR) ? readdirSync(DIR).filter((d) => /^\d\d-/.test(d)).sort() : [];
test('merge vectors are present', () => {
  assert.ok(vectors.length >= 40, `expected at least 40 vectors in ${DIR}, found ${vectors.length}`);
});

for (const v of vectors) {
  const dir = join(DIR, v);
  const expected = parse(readFileSync(join(dir, 'expected.yml'), 'utf8')) as Record<string, unknown>;
  test(`merge vector ${v}`, () => {
    const load = () =>
      loadProject({ files: [join(dir, 'base.yml'), join(dir, 'override.yml')], env: {}, cwd: dir, normalize: false, resolvePaths: false, readEnvFiles: false, projectName: 'vectors' });
    if ('error' in expected) {
      try {
        load();
      } catch (e) {
        assert.instance(e, InputError, `vector ${v}: expected a located InputError`);
        const msg = (e as InputError).problems.map((p) => p.message).join('\n');
        const words = String(expected.error).match(/(already mounted|distinct values|must be unique)/);
        if (words) assert.ok(msg.includes(words[1]) || msg.includes('duplicate'), `vector ${v}: got "${msg}", want something like "${expected.error}"`);
        return;
      }
      assert.unreachable(`vector ${v}: expected an error (${expected.error})`);
    }
    const p = load();
    const got: Record<string, unknown> = { services: p.services };
    for (const k of ['networks', 'volumes', 'secrets', 'configs'] as const) if (Object.keys(p[k]).length) got[k] = p[k];
    assert.equal(comparable(JSON.parse(JSON.stringify(got))), comparable(expected), `vector ${v}`);
  });
}

test.run();
