// The project name joins the environment once every file's `name:` is read: files that use
// ${COMPOSE_PROJECT_NAME} are interpolated again with it; the others once, and each warning is given once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/load/project.ts';

const made: string[] = [];
test.after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ch-name-'));
  made.push(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

test('a file using ${COMPOSE_PROJECT_NAME} sees the name from `name:`, even from a later file', () => {
  const dir = project({
    'a.yaml': 'services:\n  web:\n    image: "reg/${COMPOSE_PROJECT_NAME}:${TAG}"\n',
    'b.yaml': 'name: shop\n',
  });
  const p = loadProject({ files: [join(dir, 'a.yaml'), join(dir, 'b.yaml')], cwd: dir, env: {} });
  assert.is(p.services.web.image, 'reg/shop:');
  assert.equal(p.warnings, ['the "TAG" variable is not set; defaulting to a blank string']);
});

test('the name from the environment wins, and files are interpolated once', () => {
  const dir = project({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: "reg/${COMPOSE_PROJECT_NAME}:${TAG}"\n' });
  const p = loadProject({ cwd: dir, env: { COMPOSE_PROJECT_NAME: 'other' } });
  assert.is(p.services.web.image, 'reg/other:');
  assert.equal(p.warnings, ['the "TAG" variable is not set; defaulting to a blank string']);
});

test('an unset variable is warned about once when the name is not used', () => {
  const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n' });
  const p = loadProject({ cwd: dir, env: {} });
  assert.is(p.name, p.name.toLowerCase());
  assert.equal(p.warnings, ['the "TAG" variable is not set; defaulting to a blank string']);
});

test.run();
