// Picks the formatter for --format. Each one is imported only when chosen, so a plain text run in a
// pre-commit hook never initialises the SARIF or JUnit code.
import type { CheckReport } from './model.ts';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export async function renderReport(format: Format, r: CheckReport, o: { color?: boolean; cwd?: string } = {}): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('./text.ts')).formatText(r, o);
    case 'json':
      return (await import('./json.ts')).formatJson(r);
    case 'sarif':
      return (await import('./sarif.ts')).formatSarif(r);
    case 'github':
      return (await import('./github.ts')).formatGithub(r);
    case 'markdown':
      return (await import('./markdown.ts')).formatMarkdown(r);
    case 'junit':
      return (await import('./junit.ts')).formatJunit(r);
  }
}
