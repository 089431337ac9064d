import type { Policy } from './types.ts';

/** The policy used when no `.compose-harden.yml` exists; every call returns a fresh object. */
export function defaultPolicy(): Policy {
  return {
    rules: {},
    strict: false,
    fix: [],
    limits: { memory: '512m', cpus: '1.0', pids: 200 },
    logging: { maxSize: '50m', maxFile: '3' },
    publicPorts: [],
    internetServices: [],
    secretNames: { patterns: [], ignore: [] },
    images: {},
    allowedRegistries: [],
  };
}
