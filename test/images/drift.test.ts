// Our kb.json must carry the same facts as the shared fact sheets it was built from; a change on either side
// fails here. To take over a change in the sheets: node --import tsx scripts/build-images.mjs
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import data from '../../src/images/kb.json' with { type: 'json' };
import type { KbEntry } from '../../src/images/types.ts';
import { CARRIED_KEYS, loadShared, normalise, normaliseMemory, splitAnnotatedPath } from './shared-facts.ts';

const kb = data as unknown as KbEntry[];
const shared = loadShared();
const byImage = new Map(kb.map((e) => [e.image, e]));

test('drift: the same images as the shared fact sheets', () => {
  assert.equal(kb.map((e) => e.image).sort(), shared.map((e) => e.image).sort());
  assert.is(byImage.size, kb.length, 'duplicate image in kb.json');
});

test('drift: every carried field equals the shared fact sheet', () => {
  for (const s of shared) {
    const ours = byImage.get(s.image);
    if (!ours) continue; // reported by the test above
    for (const key of CARRIED_KEYS) assert.equal(ours[key], s[key], `${s.image}: ${key}`);
  }
});

test('drift: conditional writable paths from the sheets are all kept', () => {
  for (const s of shared) {
    const ours = byImage.get(s.image)?.conditionalWritablePaths ?? [];
    for (const c of s.conditionalWritablePaths) {
      assert.ok(ours.some((o) => o.path === c.path && o.note === c.note), `${s.image}: conditional ${c.path} (${c.note})`);
    }
  }
});

test('drift: kind follows the sheet an image is listed in', () => {
  for (const s of shared) assert.is(byImage.get(s.image)?.kind, s.kind, s.image);
});

// The normaliser itself: prose in path lists and memory sizes.
test('normalise: annotated and placeholder paths', () => {
  assert.is(splitAnnotatedPath('/tmp'), undefined);
  assert.equal(splitAnnotatedPath('/var/www/html (only when ADMINER_PLUGINS is set)'), [{ path: '/var/www/html', note: 'only when ADMINER_PLUGINS is set' }]);
  assert.equal(splitAnnotatedPath('<acme storage dir, commonly /letsencrypt or /acme>'), [
    { path: '/letsencrypt', note: 'acme storage dir, commonly /letsencrypt or /acme' },
    { path: '/acme', note: 'acme storage dir, commonly /letsencrypt or /acme' },
  ]);
});

test('normalise: memory sizes become compose sizes with the prose kept apart', () => {
  assert.equal(normaliseMemory(null), { size: null });
  assert.equal(normaliseMemory('512m'), { size: '512m' });
  assert.equal(normaliseMemory('1g'), { size: '1g' });
  assert.equal(normaliseMemory('1.5g (heap defaults to 1G)'), { size: '1536m', note: 'heap defaults to 1G' });
  assert.equal(normaliseMemory('2g container limit recommended (1g works for tests)'), { size: '2g', note: 'container limit recommended (1g works for tests)' });
  assert.throws(() => normaliseMemory('a lot'));
});

test('normalise: snake_case fields map to camelCase', () => {
  const n = normalise(
    {
      image: 'x', aliases: ['x:1'], default_user: 1001, uid: 1001, gid: 0, drops_privileges: false, root_caps_needed: [],
      runs_as_uid_directly: true, runs_as_uid_note: 'n', writable_paths: ['/tmp'], ports: [80], secret_file_env: null,
      data_paths: [], healthcheck: null, min_memory: null, sources: ['s'], confidence: 'inferred', notes: 'k',
    },
    'app',
  );
  assert.is(n.defaultUser, '1001');
  assert.equal(n.secretFileEnv, {});
  assert.is(n.minMemory, null);
  assert.is(n.kind, 'app');
});

test.run();
