// The launcher names its code caches after the bundle's hash. V8 checks a cache against the length of the
// source only, so a cache named by length could hand one build's bytecode to another build of the same length.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const id = () => createHash('sha256').update(readFileSync(join(DIST, 'cli.cjs'))).digest('hex').slice(0, 16);

test('launcher: the build names the code caches after the hash of the bundle', () => {
  const caches = readdirSync(DIST).filter((f) => f.endsWith('.cache'));
  assert.ok(caches.length >= 4, caches.join(' '));
  for (const f of caches) assert.ok(f.startsWith(`cli-${id()}-${process.version}-`), f);
});

test('launcher: the bundle is ASCII, so reading it as Latin-1 gives the text UTF-8 would', () => {
  const bytes = readFileSync(join(DIST, 'cli.cjs'));
  assert.ok(bytes.every((b) => b < 0x80));
  assert.is(bytes.toString('latin1'), bytes.toString('utf8'));
});

test('launcher: with Node options the cache goes to the temp folder, under the same build hash', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ch-launcher-'));
  const dist = join(tmp, 'dist');
  try {
    cpSync(DIST, dist, { recursive: true });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, NODE_OPTIONS: '--no-warnings' };
    const r = spawnSync(process.execPath, [join(dist, 'cli.js'), 'rules'], { env, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const written = readdirSync(join(tmp, 'compose-harden'));
    assert.is(written.length, 1, written.join(' '));
    assert.match(written[0], new RegExp(`^cli-${id()}-${process.version.replace(/\./g, '\\.')}-[0-9a-z]+-other\\.cache$`));
    // The next run takes that cache (V8 accepts it) and leaves it as it was.
    const again = spawnSync(process.execPath, [join(dist, 'cli.js'), 'rules'], { env, encoding: 'utf8' });
    assert.is(again.status, 0, again.stderr);
    assert.is(again.stdout, r.stdout);
    assert.equal(readdirSync(join(tmp, 'compose-harden')), written);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
