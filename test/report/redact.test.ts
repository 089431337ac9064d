// Scrubbing secret values from output: the one-scan scrubber must mask exactly what replacing each value in
// turn (longest first, then its JSON and `$$` spellings) masks, on texts built to make values overlap, nest,
// repeat and touch the mask itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REDACTED, makeScrubber, scrubText } from '../../src/report/redact.ts';

/** The definition: each value replaced over the whole text in turn. */
function reference(text: string, values: Iterable<string>): string {
  const list = [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of list) if (out.includes(v)) out = out.split(v).join(REDACTED);
  for (const v of list) {
    const j = JSON.stringify(v).slice(1, -1);
    if (j !== v && out.includes(j)) out = out.split(j).join(REDACTED);
    const d = v.replaceAll('$', '$$$$');
    if (d !== v && out.includes(d)) out = out.split(d).join(REDACTED);
  }
  return out;
}

/** mulberry32: the same cases on every run. */
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

function cases(seed: number, alphabet: string, count: { min: number; max: number }) {
  const r = rng(seed);
  const word = (min: number, max: number) => Array.from({ length: min + Math.floor(r() * (max - min + 1)) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
  const out: Array<{ text: string; values: string[] }> = [];
  for (let i = 0; i < 400; i++) {
    const text = word(0, 120);
    const values: string[] = [];
    const n = count.min + Math.floor(r() * (count.max - count.min + 1));
    for (let k = 0; k < n; k++) {
      // Half the values are cut from the text itself, so most of them are found (and overlap each other).
      if (text.length >= 4 && r() < 0.5) {
        const start = Math.floor(r() * (text.length - 3));
        values.push(text.slice(start, start + 3 + Math.floor(r() * 8)));
      } else values.push(word(2, 9));
    }
    out.push({ text, values });
  }
  return out;
}

test('few values (a search per value): same as replacing each in turn', () => {
  for (const { text, values } of cases(1, 'ab"\\$x\n', { min: 1, max: 3 })) assert.is(scrubText(text, values), reference(text, values), JSON.stringify({ text, values }));
});

test('many values (one scan for all): same as replacing each in turn', () => {
  for (const { text, values } of cases(2, 'ab"\\$x', { min: 9, max: 40 })) assert.is(scrubText(text, values), reference(text, values), JSON.stringify({ text, values }));
  for (const { text, values } of cases(3, 'abcdefgh', { min: 9, max: 60 })) assert.is(scrubText(text, values), reference(text, values), JSON.stringify({ text, values }));
});

test('values that can meet the mask itself (`*`, parts of "redacted") still give the same text', () => {
  for (const { text, values } of cases(4, 'red*act', { min: 1, max: 12 })) assert.is(scrubText(text, values), reference(text, values), JSON.stringify({ text, values }));
  assert.is(scrubText('pw=acted and redacted', ['acted', 'pw=acted and']), reference('pw=acted and redacted', ['acted', 'pw=acted and']));
});

test('one scrubber serves many texts; values shorter than four characters are never scrubbed', () => {
  const scrub = makeScrubber(new Set(['s3cr3t-value', 'abc', 'tok"en\\x']));
  assert.is(scrub('a s3cr3t-value, "s3cr3t-value"'), `a ${REDACTED}, "${REDACTED}"`);
  assert.is(scrub('escaped: tok\\"en\\\\x'), `escaped: ${REDACTED}`);
  assert.is(scrub('abc stays'), 'abc stays');
  const text = 'nothing to hide';
  assert.is(makeScrubber([])(text), text);
});

test.run();
