// Services that share an env file: it is read once per load, and still expanded per service (with that
// service's own values), and a missing one is reported for each service that requires it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadProject } from '../../src/load/project.ts';
import { InputError } from '../../src/model/errors.ts';

function project(compose: string, files: Record<string, string>): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ch-envfiles-'));
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a shared env file is expanded with each service\'s own values', () => {
  const compose = `services:
  a:
    image: x
    environment: { HOST: alpha }
    env_file: [shared.env, { path: missing.env, required: false }]
  b:
    image: x
    environment: { HOST: beta }
    env_file: [shared.env, { path: missing.env, required: false }]
`;
  const p = project(compose, { 'shared.env': 'URL=http://${HOST}/x\nSAME=1\n' });
  try {
    const loaded = loadProject({ cwd: p.dir, env: {} });
    assert.is(loaded.envFileValues.a.URL.value, 'http://alpha/x');
    assert.is(loaded.envFileValues.b.URL.value, 'http://beta/x');
    assert.is(loaded.envFileValues.b.SAME.value, '1');
    assert.is(loaded.envFileValues.a.URL.file, join(p.dir, 'shared.env'));
  } finally {
    p.done();
  }
});

test('a missing env file is an error for a service that requires it, after another did not', () => {
  const compose = `services:
  a:
    image: x
    env_file: [{ path: gone.env, required: false }]
  b:
    image: x
    env_file: [gone.env]
`;
  const p = project(compose, {});
  try {
    let err: unknown;
    try {
      loadProject({ cwd: p.dir, env: {} });
    } catch (e) {
      err = e;
    }
    assert.instance(err, InputError);
    assert.match((err as Error).message, /services\.b\.env_file: env file \S*gone\.env not found/);
  } finally {
    p.done();
  }
});

test.run();
