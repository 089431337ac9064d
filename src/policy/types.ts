import type { Severity } from '../rules/types.ts';

/** Effective policy: `.compose-harden.yml` merged over the defaults, plus command-line flags. */
export interface Policy {
  /** Rule id → false to disable; absent = enabled. */
  rules: Record<string, { enabled?: boolean; severity?: Severity }>;
  /** Apply opt-in fixes (and fixes for images the knowledge base does not know). */
  strict: boolean;
  /** Rule ids whose opt-in fix is applied anyway (`--fix CHnnn`). */
  fix: string[];
  limits: { memory: string; cpus: string; pids: number };
  logging: { maxSize: string; maxFile: string; driver?: string };
  /** Published ports meant to be public: "service:port" or just "port". */
  publicPorts: string[];
  /** Services that must reach the internet (never only on an internal network). */
  internetServices: string[];
  /** Extra secret name patterns (case-insensitive regular expressions) and names to ignore. */
  secretNames: { patterns: string[]; ignore: string[] };
  /** Per-image overrides of the knowledge base, keyed by image name (e.g. `myorg/api`). */
  images: Record<string, { user?: string; writablePaths?: string[]; capAdd?: string[]; readOnly?: boolean }>;
  /**
   * Registries/namespaces images may come from (`docker.io/library`, `ghcr.io/myorg`); empty = no
   * restriction (CH703 is silent).
   */
  allowedRegistries: string[];
  /** Numeric GID of the host's `docker` group, so `group_add` of that number is recognised (CH106). */
  dockerGid?: number;
  /** The override targets docker-compose v1 (`--compose-version 1.x`): spellings it accepts only. */
  composeV1?: boolean;
  /** Write committed secret values to secret files (`--write-secrets`). */
  writeSecrets?: boolean;
  /** Where the policy came from (absolute path), when a file was read. */
  source?: string;
}
