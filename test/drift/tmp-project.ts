// Throw-away Compose projects for drift, baseline, report and CLI tests: written to a fresh temp folder,
// hardened with the library's own harden() when asked, removed by the caller.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { harden } from '../../src/harden.ts';

export function tmpProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ch-drift-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Write the override `compose-harden harden` would write (beside the base file), and return its path. */
export function hardenProject(dir: string, output?: string): string {
  const r = harden({ load: { cwd: dir, env: {} }, output, command: 'compose-harden harden' });
  writeFileSync(r.target.path, r.overrideText);
  return r.target.path;
}

/** Two services whose images the knowledge base knows, so `harden` applies its automatic fixes. */
export const BASE = `name: demo
services:
  web:
    image: nginx:1.27
    ports:
      - "127.0.0.1:8080:80"
  cache:
    image: redis:7
`;
