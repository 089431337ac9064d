// Writes docs/rules/*.md from the rules' meta (src/report/formats/rule-docs.ts) and removes pages of rules
// that no longer exist. Run with: node --import tsx scripts/gen-rule-docs.mjs
// test/report/rule-docs.test.ts fails when the committed pages differ from what this writes.
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const { allRules } = await import('../src/rules/index.ts');
const { ruleDocFiles } = await import('../src/report/formats/rule-docs.ts');

const dir = new URL('../docs/rules/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const files = ruleDocFiles(allRules.map((r) => r.meta));
let changed = 0;
for (const [name, text] of files) {
  const path = join(dir, name);
  let old;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) {
    writeFileSync(path, text);
    changed++;
  }
}
for (const name of readdirSync(dir)) {
  if (name.endsWith('.md') && !files.has(name)) {
    unlinkSync(join(dir, name));
    changed++;
  }
}
console.log(`docs/rules: ${files.size} files, ${changed} changed`);
