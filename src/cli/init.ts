// `compose-harden init`: a starter `.compose-harden.yml` whose first line points editors (yaml-language-server)
// at the policy schema shipped in the package, with every setting at its default and a line on what it does.
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../model/errors.ts';
import { defaultPolicy } from '../policy/defaults.ts';
import { POLICY_FILE_NAMES } from '../policy/names.ts';
import { out } from './common.ts';

export const SCHEMA_FILE = 'schemas/policy.schema.json';
const INSTALLED = `node_modules/compose-harden/${SCHEMA_FILE}`;

const toPosix = (p: string) => p.split(sep).join('/');
const dotted = (p: string) => (p.startsWith('.') ? p : `./${p}`);

/** The schema shipped with this copy of compose-harden (beside dist/ once built, beside src/ in the repository). */
function shippedSchema(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['..', '../..']) {
    const p = resolve(here, up, SCHEMA_FILE);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Where the modeline should point, relative to the policy file so it works on every checkout: the package in
 * a node_modules above `dir`, else the running copy when it lives in the same repository (this repository's
 * own examples), else the path a local install (npm install -D compose-harden) will create.
 */
export function schemaReference(dir: string): string {
  for (let cur = resolve(dir); ; ) {
    const p = join(cur, INSTALLED);
    if (existsSync(p)) return dotted(toPosix(relative(dir, p)));
    if (existsSync(join(cur, '.git'))) {
      const own = shippedSchema();
      if (own && !relative(cur, own).startsWith('..')) return dotted(toPosix(relative(dir, own)));
      break;
    }
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return `./${INSTALLED}`;
}

export function starterPolicy(schemaRef: string): string {
  const d = defaultPolicy();
  return `# yaml-language-server: $schema=${schemaRef}
# compose-harden policy. Every key is optional; the values below are the defaults.
# Rules: compose-harden rules (list), compose-harden explain CHnnn (one rule).

# Per rule: off, a severity (info, low, medium, high, critical), or { enabled: false, severity: high }.
# Example: { CH702: off, CH301: high }
rules: {}

# Also apply fixes that can change behaviour (opt-in rules, images the knowledge base does not know).
strict: ${d.strict}

# Opt-in fixes to apply anyway, e.g. [CH802, CH804].
fix: []

# Limits written by the CH301/CH302/CH303 fixes when the knowledge base knows nothing better.
limits:
  memory: ${d.limits.memory}
  cpus: "${d.limits.cpus}"
  pids: ${d.limits.pids}

# Log rotation written by the CH803 fix.
logging:
  maxSize: ${d.logging.maxSize}
  maxFile: "${d.logging.maxFile}"

# Published ports meant to be reachable from other machines: "service:port" or "port".
publicPorts: []

# Services that must reach the internet (never moved onto an internal-only network).
internetServices: []

# Extra names that hold secrets (case-insensitive regular expressions), and names that never do.
secretNames:
  patterns: []
  ignore: []

# What the knowledge base should assume for your own images, e.g.
#   myorg/api: { user: "10001:10001", writablePaths: [/tmp, /app/cache], readOnly: true }
images: {}

# Registries or namespaces images may come from (CH703), e.g. [docker.io/library, ghcr.io/myorg]; empty: any.
allowedRegistries: []
`;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter .compose-harden.yml (policy) with the schema modeline for editors')
    .option('--dir <dir>', 'folder to write it in (default: the current directory)')
    .option('--force', 'overwrite an existing policy file')
    .option('--stdout', 'print it instead of writing it')
    .action((flags: { dir?: string; force?: boolean; stdout?: boolean }) => {
      const dir = resolve(flags.dir ?? '.');
      const text = starterPolicy(schemaReference(dir));
      if (flags.stdout) {
        out(text);
        return;
      }
      const existing = POLICY_FILE_NAMES.map((n) => join(dir, n)).filter((p) => existsSync(p));
      if (existing.length && !flags.force) throw new InputError(`${existing[0]} already exists; --force overwrites it`);
      const path = existing[0] ?? join(dir, POLICY_FILE_NAMES[0]);
      try {
        writeFileSync(path, text);
      } catch (e) {
        throw new InputError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      out(`wrote ${relative(process.cwd(), path) || path}\n`);
    });
}
