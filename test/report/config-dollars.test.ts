// `$` is written `$$` in the rendered configuration. The escaping copies only the containers on the way to a
// changed string and shares the rest: checked against a full copy, and for leaving the project untouched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { configData, effectiveConfig, renderConfig } from '../../src/report/config.ts';
import type { Project, Service } from '../../src/model/types.ts';

function fullCopy(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('$') ? v.replaceAll('$', '$$$$') : v;
  if (Array.isArray(v)) return v.map(fullCopy);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fullCopy(x)]));
  return v;
}

function project(services: Record<string, Service>): Project {
  return {
    name: 'p',
    workingDir: '/p',
    files: ['/p/compose.yaml'],
    services,
    disabledServices: {},
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
    envFileValues: {},
    warnings: [],
  } as unknown as Project;
}

const text = fc.oneof(fc.constantFrom('plain', '$HOME', 'a$b$$c', '$', 'x'), fc.string({ maxLength: 6 }));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('tree'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'c'), tie('tree'), { maxKeys: 3 })),
}));

test('configData: equal to escaping a full copy; the project is not changed', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('command', 'labels', 'x-extra', 'healthcheck', 'deploy'), tree, { maxKeys: 4 }), (svc) => {
      const p = project({ app: { image: 'nginx', ...(svc as Service) } });
      const before = JSON.stringify(p);
      const data = configData(p);
      // Compared as written out (JSON keeps key order; a key named __proto__ is data on both sides).
      assert.is(JSON.stringify(data), JSON.stringify(fullCopy(effectiveConfig(p))));
      assert.is(JSON.stringify(p), before);
    }),
    { numRuns: 2000 },
  );
});

test('renderConfig: dollars doubled wherever they are, others shared', () => {
  const labels = { a: 'no dollar' };
  const p = project({ app: { image: 'nginx', command: ['sh', '-c', 'echo $HOME'], labels, healthcheck: { test: ['CMD', 'x$'] } } as Service });
  const out = renderConfig(p, { format: 'yaml' });
  assert.match(out, /echo \$\$HOME/);
  assert.match(out, /x\$\$/);
  assert.is((p.services.app.command as string[])[2], 'echo $HOME');
});

test.run();
