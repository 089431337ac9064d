// The harden command's work, loaded only when harden runs.
import { harden, type HardenResult } from '../harden.ts';
import { checkWritable } from '../override/target.ts';
import { writeFileAtomic } from '../io/write.ts';
import { writeSecretFiles } from '../io/secret-files.ts';
import { buildReport, formatReportMarkdown, formatReportText } from '../report/harden-report.ts';
import { collectSecretValues, scrubText } from '../report/redact.ts';
import { loadOptionsFrom, out } from './common.ts';
import { usageError } from './errors.ts';
import type { HardenFlags } from './harden.ts';
import { writeErr } from './output.ts';

export function runHarden(flags: HardenFlags): void {
      if (!['text', 'json', 'markdown'].includes(flags.format)) throw usageError(`--format must be text, json or markdown, not "${flags.format}"`);
      if (flags.stdout && flags.output) throw usageError('--stdout and -o cannot be combined');
      if (flags.inPlace && (flags.stdout || flags.output)) throw usageError('--in-place writes the project files: it cannot be combined with --stdout or -o');
      const command = ['compose-harden harden', ...process.argv.slice(3).filter((a) => a !== '--dry-run' && a !== '--stdout')].join(' ');
      let r: HardenResult | undefined = harden({ load: loadOptionsFrom(flags), strict: flags.strict, fix: flags.fix, composeVersion: flags.composeVersion, output: flags.output, config: flags.config, command, inPlace: flags.inPlace, writeSecrets: flags.writeSecrets });
      for (const w of r.original.warnings) writeErr(`warning: ${w}\n`);
      let written = false;
      const secretSteps: string[] = [];
      const writeSecrets = (h: HardenResult) => {
        // Secret files first: the override refers to them.
        const res = writeSecretFiles(h.secretFiles, h.original.workingDir);
        secretSteps.push(...res.manual);
      };
      if (r.edits) {
        if (!flags.dryRun) {
          for (const e of r.edits) checkWritable(e.file, r.original.workingDir);
          writeSecrets(r);
          for (const e of r.edits) writeFileAtomic(e.file, e.after, { previous: e.before });
          written = r.edits.length > 0;
        }
      } else if (flags.stdout) out(scrubText(r.overrideText, collectSecretValues(r.original)));
      else if (!flags.dryRun && !r.unchanged) {
        checkWritable(r.target.path, r.original.workingDir);
        writeSecrets(r);
        writeFileAtomic(r.target.path, r.overrideText, { previous: r.previousText });
        written = true;
      }
      const rep = buildReport(r, { written, secretSteps });
      const secrets = collectSecretValues(r.original);
      // The projects and findings are in the report now: a large project's text is built without them.
      r = undefined;
      const raw = flags.format === 'json' ? JSON.stringify(rep, null, 2) + '\n' : flags.format === 'markdown' ? formatReportMarkdown(rep) : formatReportText(rep);
      const text = scrubText(raw, secrets);
      // With --stdout the override owns standard output; the report goes to standard error.
      if (flags.stdout) writeErr(text);
      else out(text);
}
