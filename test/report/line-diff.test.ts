// lineHunks must give exactly jsdiff's structuredPatch hunks (it replaced it in the report's diff).
import { structuredPatch } from 'diff';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineHunks, splitTokens } from '../../src/report/line-diff.ts';

const jsdiff = (a: string, b: string, context: number) => structuredPatch('a', 'b', a, b, '', '', { context }).hunks;

// Few distinct lines, so that texts share many of them and the search has ties to break.
const line = fc.constantFrom('a', 'b', 'c', '  x: 1', '  x: 2', '', ' ', '- y', 'z\r');
const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, end, last]) => lines.join(end) + (last && lines.length ? end : ''));

test('the same hunks as jsdiff on generated texts, for every context size', () => {
  fc.assert(
    fc.property(text, text, fc.integer({ min: 0, max: 5 }), (a, b, context) => {
      assert.equal(lineHunks(a, b, context), jsdiff(a, b, context));
    }),
    { numRuns: 20000 },
  );
});

test('the same hunks as jsdiff on edited versions of one text', () => {
  const edit = fc.tuple(fc.array(line, { minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'rep'), line), { maxLength: 8 }));
  fc.assert(
    fc.property(edit, fc.integer({ min: 0, max: 4 }), ([lines, edits], context) => {
      const b = [...lines];
      for (const [at, op, l] of edits) {
        const i = at % (b.length + 1);
        if (op === 'ins') b.splice(i, 0, l);
        else if (b.length && op === 'del') b.splice(i % b.length, 1);
        else if (b.length) b[i % b.length] = l;
      }
      const x = lines.join('\n') + '\n';
      const y = b.join('\n') + (b.length ? '\n' : '');
      assert.equal(lineHunks(x, y, context), jsdiff(x, y, context));
    }),
    { numRuns: 20000 },
  );
});

test('edge cases: empty texts, no final newline, identical texts', () => {
  const cases: Array<[string, string]> = [['', ''], ['', 'a'], ['a', ''], ['a', 'a'], ['a\n', 'a'], ['a', 'a\n'], ['a\nb', 'a\nc'], ['\n', '\n\n'], ['x\r\ny', 'x\ny']];
  for (const [a, b] of cases) for (const c of [0, 1, 3]) assert.equal(lineHunks(a, b, c), jsdiff(a, b, c), JSON.stringify([a, b, c]));
  assert.equal(splitTokens('a\r\nb\n\nc'), ['a\r\n', 'b\n', '\n', 'c']);
});

test.run();
