// Name rules Compose and the engine enforce outside the JSON schema (or, for container names, only loosely
// inside it: the spec's pattern is unanchored, so "my app" passes the schema and fails at `docker create`).
import type { SchemaProblem } from './schema.ts';
import { formatPath, type DocPath } from './paths.ts';
import { quotable } from './values.ts';

// compose-go NormalizeProjectName: lower-case letters, digits, "-" and "_", not starting with "-" or "_".
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
// moby's restrictedNamePattern (daemon/names): at least two characters.
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Why `name` cannot be a project name, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  if (name === '') return 'the project name must not be empty';
  if (PROJECT_NAME.test(name)) return undefined;
  return 'it must contain only lowercase letters, digits, "-" and "_", and start with a letter or digit';
}

export function containerNameMessage(path: DocPath, value: unknown): string {
  const shown = quotable(path, value);
  return (
    `${formatPath(path)}${shown ? ` ${shown}` : ''} is not a valid container name: ` +
    'use at least two letters, digits, "_", "." or "-", starting with a letter or digit'
  );
}

/**
 * The top-level `name` (an empty one means "not set" and is skipped, as Compose does) and every
 * `container_name`. The caller passes the document whose `name` is the one that will be used: Compose
 * ignores the files' `name` when -p or COMPOSE_PROJECT_NAME sets the project name.
 */
export function nameProblems(doc: unknown): SchemaProblem[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const problems: SchemaProblem[] = [];
  const top = doc as Record<string, unknown>;
  if (typeof top.name === 'string' && top.name !== '') {
    const why = projectNameProblem(top.name);
    if (why) {
      const shown = quotable(['name'], top.name);
      problems.push({ path: ['name'], message: `name${shown ? ` ${shown}` : ''} is not a valid project name: ${why}` });
    }
  }
  const services = top.services;
  if (services !== null && typeof services === 'object' && !Array.isArray(services)) {
    for (const [service, def] of Object.entries(services as Record<string, unknown>)) {
      if (def === null || typeof def !== 'object') continue;
      const containerName = (def as Record<string, unknown>).container_name;
      if (typeof containerName === 'string' && !CONTAINER_NAME.test(containerName)) {
        const path: DocPath = ['services', service, 'container_name'];
        problems.push({ path, message: containerNameMessage(path, containerName) });
      }
    }
  }
  return problems;
}
