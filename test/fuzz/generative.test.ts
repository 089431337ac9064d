// Properties over random valid Compose projects (test/fuzz/arbitraries.ts):
// - no uncaught exception anywhere in load → check → plan → override → verify;
// - merge(original, override) == hardened (harden() verifies it and throws InternalError otherwise);
// - hardening is idempotent: base + override hardens to no change;
// - the override validates against the current schema on its own;
// - `config` output loads back to the same project.
// Case counts scale with FUZZ_RUNS (scripts/fuzz.mjs runs the long local mode).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { join } from 'node:path';
import { harden } from '../../src/harden.ts';
import { parseComposeYaml } from '../../src/load/yaml.ts';
import { sameValue } from '../../src/override/delta.ts';
import { renderConfig } from '../../src/report/config.ts';
import { validateSchema } from '../../src/validate/schema.ts';
import type { Project } from '../../src/model/types.ts';
import { VIRTUAL_DIR, VIRTUAL_FILE, overlayLoad, problemsWithin, runs, tryLoad } from '../robustness/support.ts';
import { projectArb } from './arbitraries.ts';

const OVERRIDE = join(VIRTUAL_DIR, 'compose.override.yaml');
const stats = { generated: 0, loaded: 0, refused: 0, overrides: 0 };

function sameProject(a: Project, b: Project): string[] {
  const diffs: string[] = [];
  for (const kind of ['services', 'networks', 'volumes', 'secrets', 'configs'] as const) {
    if (!sameValue(JSON.parse(JSON.stringify(a[kind])), JSON.parse(JSON.stringify(b[kind])))) diffs.push(kind);
  }
  if (a.name !== b.name) diffs.push('name');
  if (!sameValue(a.extensions, b.extensions)) diffs.push('extensions');
  return diffs;
}

test('random valid projects: load, harden (verified), idempotent, schema-valid override, config round trip', () => {
  fc.assert(
    fc.property(projectArb, ({ text }) => {
      stats.generated++;
      const t0 = performance.now();
      const r = tryLoad(overlayLoad(text));
      if (!r.ok) {
        // A generated project the loader refuses must at least be refused cleanly, inside the input.
        stats.refused++;
        assert.equal(problemsWithin(r.error.problems, new Map([[VIRTUAL_FILE, text]])), []);
        assert.unreachable(`generated project refused: ${r.error.lines().join(' | ')}\n${text}`);
      }
      stats.loaded++;

      // harden() throws InternalError when base + override does not reproduce the hardened project.
      const first = harden({ load: overlayLoad(text) });
      if (!first.unchanged) stats.overrides++;

      const withOverride = overlayLoad(text, { 'compose.override.yaml': first.overrideText });
      withOverride.files = [VIRTUAL_FILE, OVERRIDE];
      const again = harden({ load: withOverride });
      assert.ok(again.unchanged, `hardening twice changes something:\n${again.overrideText}`);

      if (!first.unchanged) {
        const docs = parseComposeYaml(first.overrideText, OVERRIDE);
        for (const d of docs) assert.equal(validateSchema(d.value), [], first.overrideText);
      }

      const project = (r as { project: Project }).project;
      const config = renderConfig(project, { format: 'yaml' });
      const back = tryLoad(overlayLoad(config));
      if (!back.ok) assert.unreachable(`config output does not load: ${back.error.lines().join(' | ')}\n${config}`);
      assert.equal(sameProject(project, (back as { project: Project }).project), [], config);
      const ms = performance.now() - t0;
      if (ms > 5000) console.log(`  slow case (${Math.round(ms)} ms):\n${text}`);
    }),
    { numRuns: runs(40), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, includeErrorInReport: true },
  );
  console.log(`  generated ${stats.generated} projects: ${stats.loaded} loaded, ${stats.overrides} needed an override, ${stats.refused} refused`);
});

test.run();
