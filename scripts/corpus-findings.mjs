// What every rule finds over the shared compose corpus: per rule, the number of findings and of distinct
// files and services they fall in, plus how many files loaded, were rejected as invalid input, or crashed.
// Run: node --import tsx scripts/corpus-findings.mjs [--json] [--rule CHnnn] [--list]
//   --list prints every finding (file, service, rule, path, message) for hand review; --rule filters.
// The corpus is read-only third-party data (../shared/corpus); nothing is written.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../src/load/project.ts';
import { InputError } from '../src/model/errors.ts';
import { preparePolicy, runOptionsFor } from '../src/harden.ts';
import { allRules, checkProject } from '../src/rules/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = process.env.CH_CORPUS ?? join(here, '../../shared/corpus');
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

export function corpusComposeFiles(corpus = CORPUS) {
  return readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[4] !== 'n/a')
    .map((c) => c[0]);
}

/** Load each compose file on its own (as `docker compose -f file` would) and run every rule. */
export function collectFindings(corpus = CORPUS) {
  const out = { loaded: 0, rejected: [], crashed: [], findings: [] };
  for (const file of corpusComposeFiles(corpus)) {
    const abs = join(corpus, file);
    let project;
    try {
      project = loadProject({ files: [abs], cwd: dirname(abs), env: ENV, normalize: false, resolvePaths: false });
    } catch (e) {
      if (e instanceof InputError) out.rejected.push({ file, error: e.message.split('\n')[0] });
      else out.crashed.push({ file, stage: 'load', error: String(e?.stack ?? e) });
      continue;
    }
    out.loaded++;
    try {
      const { policy, images } = preparePolicy(project, {});
      const result = checkProject(project, runOptionsFor(project, policy, images));
      for (const f of result.findings) out.findings.push({ file, ...f, loc: f.loc ? { ...f.loc, file: relative(corpus, f.loc.file) } : undefined });
    } catch (e) {
      if (e instanceof InputError) out.rejected.push({ file, error: e.message.split('\n')[0] });
      else out.crashed.push({ file, stage: 'check', error: String(e?.stack ?? e) });
    }
  }
  return out;
}

export function perRule(findings) {
  const rows = new Map(allRules.map((r) => [r.meta.id, { rule: r.meta.id, findings: 0, files: new Set(), services: new Set() }]));
  for (const f of findings) {
    const row = rows.get(f.rule);
    row.findings++;
    row.files.add(f.file);
    if (f.service) row.services.add(`${f.file}\u0000${f.service}`);
  }
  return [...rows.values()].map((r) => ({ rule: r.rule, findings: r.findings, files: r.files.size, services: r.services.size }));
}

function main(argv) {
  const only = argv.includes('--rule') ? argv[argv.indexOf('--rule') + 1]?.toUpperCase() : undefined;
  const res = collectFindings();
  const findings = only ? res.findings.filter((f) => f.rule === only) : res.findings;
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ ...res, findings, perRule: perRule(findings) }, null, 2) + '\n');
  } else if (argv.includes('--list')) {
    for (const f of findings) {
      const where = f.loc ? `${f.loc.file}:${f.loc.line}` : f.file;
      process.stdout.write(`${f.rule}\t${f.severity}\t${where}\t${f.service ?? '-'}\t${f.path.join('.')}\t${f.message}\n`);
    }
  } else {
    const table = perRule(findings);
    const w = (s, n) => String(s).padStart(n);
    process.stdout.write(`${'rule'.padEnd(6)} ${w('findings', 8)} ${w('files', 6)} ${w('services', 8)}\n`);
    for (const r of table) process.stdout.write(`${r.rule.padEnd(6)} ${w(r.findings, 8)} ${w(r.files, 6)} ${w(r.services, 8)}\n`);
    const files = new Set(findings.map((f) => f.file)).size;
    const services = new Set(findings.filter((f) => f.service).map((f) => `${f.file}\u0000${f.service}`)).size;
    process.stdout.write(`${'total'.padEnd(6)} ${w(findings.length, 8)} ${w(files, 6)} ${w(services, 8)}\n\n`);
    process.stdout.write(`compose files: ${res.loaded + res.rejected.length + res.crashed.length}; loaded ${res.loaded}, rejected ${res.rejected.length}, crashed ${res.crashed.length}\n`);
  }
  for (const c of res.crashed) process.stderr.write(`CRASH ${c.stage} ${c.file}: ${c.error}\n`);
  if (res.crashed.length) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
