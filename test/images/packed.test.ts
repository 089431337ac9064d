// The built CLI reads the knowledge base packed (names first, each entry parsed on its first lookup): every
// lookup answers as with the plain list the source reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { unpackKb, type PackedKb } from '../../src/images/index.ts';
import { buildImageKnowledge } from '../../src/images/knowledge.ts';
import type { KbEntry } from '../../src/images/types.ts';
// @ts-expect-error: a plain ES module of the build, without types
import { packKb } from '../../scripts/kb-pack.mjs';

const kb = JSON.parse(readFileSync(new URL('../../src/images/kb.json', import.meta.url), 'utf8')) as KbEntry[];

test('packed and plain knowledge bases give the same facts for every name, alias and common tag', () => {
  const plain = buildImageKnowledge(kb);
  const packed = buildImageKnowledge(unpackKb(packKb(kb) as PackedKb));
  let asked = 0;
  for (const e of kb) {
    for (const name of [e.image, ...e.aliases]) {
      for (const suffix of ['', ':latest', ':1', ':1-alpine', ':16.4-bookworm', '@sha256:' + '0'.repeat(64), ':rootless']) {
        assert.equal(packed.lookup(name + suffix), plain.lookup(name + suffix), name + suffix);
        asked++;
      }
    }
  }
  assert.equal(packed.all(), plain.all());
  assert.ok(asked > 300, `${asked} lookups`);
});

test('an entry is parsed only when it is looked up', () => {
  let loads = 0;
  const records = unpackKb(packKb(kb) as PackedKb).map((r) => ({ ...r, load: () => (loads++, r.load()) }));
  const k = buildImageKnowledge(records);
  assert.is(loads, 0);
  k.lookup('postgres:16');
  assert.is(loads, 1);
  k.lookup('postgres:15');
  assert.is(loads, 1);
});

test.run();
