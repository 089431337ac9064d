// docs/rules/CHnnn.md, rendered from each rule's meta, so the documentation cannot disagree with the rule
// (a test compares the committed files with this output). SARIF's help.markdown reuses the same text.
import type { RuleMeta } from '../../rules/types.ts';

const FIX_TEXT: Record<RuleMeta['fix'], string> = {
  auto: '`compose-harden harden` applies it (for images the knowledge base vouches for; others with `--strict`)',
  'opt-in': 'only with `--strict`, `--fix <id>` or `fix:` in the policy',
  report: 'reported only; fix it by hand',
};

/** The body shared by the docs page and SARIF help: everything but the page title. */
export function ruleHelpMarkdown(m: RuleMeta): string {
  const lines = [
    `| Severity | Fix | References |`,
    `| --- | --- | --- |`,
    `| ${m.severity} | ${FIX_TEXT[m.fix]} | ${m.refs.length ? m.refs.map((r) => r.replace(/\|/g, '\\|')).join(', ') : '—'} |`,
    '',
    '## Why',
    '',
    m.rationale,
    '',
    '## Example',
    '',
    'Before:',
    '',
    '```yaml',
    m.example.before.trimEnd(),
    '```',
    '',
    'After:',
    '',
    '```yaml',
    m.example.after.trimEnd(),
    '```',
  ];
  if (m.breaks) lines.push('', '## What the fix can break', '', m.breaks);
  lines.push(
    '',
    '## Turning it off',
    '',
    `For one service: \`x-compose-harden: { skip: [${m.id}], reason: "…" }\` in the service. For the project: \`rules: { ${m.id}: off }\` in \`.compose-harden.yml\`.`,
  );
  return lines.join('\n') + '\n';
}

export function ruleDocPage(m: RuleMeta): string {
  return `<!-- Generated from the rule's meta by scripts/gen-rule-docs.mjs; do not edit. -->\n# ${m.id}: ${m.title}\n\n${ruleHelpMarkdown(m)}`;
}

export function ruleDocIndex(rules: RuleMeta[]): string {
  const rows = rules.map((m) => `| [${m.id}](${m.id}.md) | ${m.title.replace(/\|/g, '\\|')} | ${m.severity} | ${m.fix} |`);
  return [
    '<!-- Generated from the rules\' meta by scripts/gen-rule-docs.mjs; do not edit. -->',
    '# Rules',
    '',
    '`compose-harden explain CHnnn` prints the same text in a terminal.',
    '',
    '| Rule | Title | Severity | Fix |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## override-drift',
    '',
    '`compose-harden check` also works out in memory what `compose-harden harden` would write and fails when the',
    'committed override differs. An override compose-harden generated (it carries the generated header) must equal a',
    'fresh generation for the base files, using the options of its `Regenerate with:` line, so hand edits, new',
    'services and images that need other settings (another user, other tmpfs paths) all show. An override you wrote',
    'yourself must have nothing left for `harden` to add. Naming services or networks the project no longer defines',
    'is drift too. The report shows the unified diff and the command that brings the override up to date;',
    '`--no-drift` turns the comparison off.',
    '',
  ].join('\n');
}

/** Every generated file under docs/rules: name → content. */
export function ruleDocFiles(rules: RuleMeta[]): Map<string, string> {
  const out = new Map<string, string>([['README.md', ruleDocIndex(rules)]]);
  for (const m of rules) out.set(`${m.id}.md`, ruleDocPage(m));
  return out;
}
