// Types for generate.mjs, so TypeScript tests can reuse the benchmark's project generator.
export interface GenerateOptions {
  /** Same seed, same files (default 1). */
  seed?: number;
  /** Use `<<: *common` merge keys in some services (default true). */
  anchors?: boolean;
}
/** Services per compose file: bigger projects are split into several files merged with `-f`. */
export const SERVICES_PER_FILE: number;
/** Files of an `n`-service project keyed by path relative to the project directory; `compose.yaml` is the main file. */
export function generateProject(n: number, opts?: GenerateOptions): Record<string, string>;
/** Compose files of an `n`-service project, relative to its directory, in `-f` order. */
export function composeFiles(n: number): string[];
/** Write a generated project under `dir`; returns the absolute paths of its compose files, in `-f` order. */
export function writeProject(dir: string, n: number, opts?: GenerateOptions): string[];
