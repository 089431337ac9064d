import type { Command } from 'commander';
import type { RuleMeta } from '../rules/types.ts';
import { out } from './common.ts';
import { usageError } from './errors.ts';

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('list the rule catalog')
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: { format: string }) => {
      const { allRules } = await import('../rules/index.ts');
      if (flags.format === 'json') {
        out(JSON.stringify(allRules.map((r) => r.meta), null, 2) + '\n');
        return;
      }
      for (const r of allRules) out(`${r.meta.id}  ${r.meta.severity.padEnd(8)} ${r.meta.fix.padEnd(6)} ${r.meta.title}\n`);
    });
  program
    .command('explain <id>')
    .description("print one rule's documentation")
    .action(async (id: string) => {
      const { ruleById } = await import('../rules/index.ts');
      const r = ruleById(id);
      if (!r) throw usageError(`unknown rule "${id.slice(0, 20)}" (compose-harden rules lists them)`);
      out(explainText(r.meta));
    });
}

export function explainText(m: RuleMeta): string {
  const lines = [
    `${m.id} ${m.title}`,
    '',
    `Severity: ${m.severity}    Fix: ${m.fix}${m.refs.length ? `    References: ${m.refs.join(', ')}` : ''}`,
    '',
    m.rationale,
    '',
    'Before:',
    ...m.example.before.trimEnd().split('\n').map((l) => `  ${l}`),
    '',
    'After:',
    ...m.example.after.trimEnd().split('\n').map((l) => `  ${l}`),
  ];
  if (m.breaks) lines.push('', `What the fix can break: ${m.breaks}`);
  return lines.join('\n') + '\n';
}
