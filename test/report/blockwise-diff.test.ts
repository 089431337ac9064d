// The blockwise diff: the same hunks as diffing each block whole (the shared start it leaves out changes
// nothing), on random configurations whose services and sections appear, disappear and change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import { blockwisePatch, sharedStart } from '../../src/report/blockwise-diff.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The definition: split on lines, every block diffed whole. */
function reference(before: string, after: string, context: number): StructuredPatchHunk[] {
  const blocks = (text: string) => {
    const lines = text.split('\n');
    const out = new Map<string, { start: number; text: string }>();
    let key = '';
    let start = 0;
    let section = '';
    const flush = (end: number) => {
      if (end > start || key) out.set(key, { start, text: lines.slice(start, end).join('\n') + (end < lines.length ? '\n' : '') });
    };
    for (let i = 0; i < lines.length; i++) {
      const top = /^([^\s#][^:]*):/.exec(lines[i]);
      const svc = section === 'services' ? /^ {2}(\S[^:]*):/.exec(lines[i]) : null;
      if (top || svc) {
        flush(i);
        start = i;
        if (top) key = section = top[1];
        else key = `services/${svc![1]}`;
      }
    }
    flush(lines.length);
    return out;
  };
  const a = blocks(before);
  const b = blocks(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  keys.sort((x, y) => (b.get(x)?.start ?? a.get(x)!.start) - (b.get(y)?.start ?? a.get(y)!.start));
  const hunks: StructuredPatchHunk[] = [];
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    if (x?.text === y?.text) continue;
    for (const h of structuredPatch('a', 'b', x?.text ?? '', y?.text ?? '', '', '', { context }).hunks) {
      hunks.push({ ...h, oldStart: h.oldStart + (x?.start ?? y!.start), newStart: h.newStart + (y?.start ?? x!.start) });
    }
  }
  return hunks;
}

test('blockwisePatch: the hunks of diffing every block whole', () => {
  const r = rng(3);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const keyLines = ['    image: a', '    image: b', '    ports:', '      - 80:80', '      - 81:81', '    read_only: true', '    init: true', '    cap_drop:', '      - ALL', '', '  # note', '    \t: odd'];
  const config = (services: string[]) => {
    const out = ['name: demo', 'services:'];
    for (const s of services) {
      out.push(`  ${s}:`);
      for (let i = Math.floor(r() * 8); i > 0; i--) out.push(pick(keyLines));
    }
    if (r() < 0.5) out.push('networks:', '  default:', pick(['    driver: bridge', '    internal: true']));
    if (r() < 0.3) out.push('x-extra:', '  k: v');
    return out.join('\n') + (r() < 0.8 ? '\n' : '');
  };
  const names = ['api', 'db', 'web', '"q"', 'worker'];
  for (let i = 0; i < 300; i++) {
    const before = config(names.filter(() => r() < 0.7));
    let after = before;
    if (r() < 0.4) after = config(names.filter(() => r() < 0.7));
    else if (r() < 0.9) {
      // A few lines inserted, removed or replaced: long shared starts, as hardening makes them.
      const lines = before.split('\n');
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) lines.splice(Math.floor(r() * lines.length), r() < 0.5 ? 0 : 1, ...(r() < 0.8 ? [pick(keyLines)] : []));
      after = lines.join('\n');
    }
    for (const context of [0, 3]) assert.equal(blockwisePatch(before, after, context), reference(before, after, context), JSON.stringify({ before, after, context }));
  }
});

test('sharedStart: the diff of what is left is the same diff, moved down', () => {
  const r = rng(11);
  const lines = ['a', 'b', 'c', '  x: 1', '  y: 2', '', 'b'];
  const text = () => Array.from({ length: Math.floor(r() * 14) }, () => lines[Math.floor(r() * lines.length)]).join('\n') + (r() < 0.7 ? '\n' : '');
  for (let i = 0; i < 500; i++) {
    const head = text();
    const a = head + text();
    const b = head + text();
    if (a === b) continue;
    for (const context of [0, 1, 3]) {
      const skip = sharedStart(a, b, context);
      assert.ok(a.slice(0, skip.chars) === b.slice(0, skip.chars) && a.slice(0, skip.chars).split('\n').length - 1 === skip.lines);
      const whole = structuredPatch('a', 'b', a, b, '', '', { context }).hunks;
      const rest = structuredPatch('a', 'b', a.slice(skip.chars), b.slice(skip.chars), '', '', { context }).hunks;
      assert.equal(
        rest.map((h) => ({ ...h, oldStart: h.oldStart + skip.lines, newStart: h.newStart + skip.lines })),
        whole,
        JSON.stringify({ a, b, context }),
      );
    }
  }
});

test.run();
