// What hardening must know about an image so that the hardened service still starts. The first block of fields
// comes from the shared image fact sheets (../shared/data/images-*.yaml, renamed to camelCase); the optional
// fields after it encode traps those sheets only describe in prose, so rules can act on them.

export type Confidence = 'verified-in-source' | 'from-docs' | 'inferred';

/** A path that must be writable only in some configurations (an env var is set, a directory is mounted, ...). */
export interface ConditionalPath {
  path: string;
  /** When it applies, as the fact sheet says it. */
  note: string;
  /** Setting any of these variables on the service makes the path necessary. */
  env?: string[];
  /** Mounting something at this target makes the path necessary. */
  whenMounted?: string;
  /** What happens when the path is not writable: the container exits, or the setting silently does not apply. */
  onFailure?: 'exit' | 'ignored';
}

/** A writable path that must not become a tmpfs: it holds shipped content, or data that must survive restarts. */
export interface NoTmpfsPath {
  path: string;
  reason: string;
  /** The trap disappears when one of these variables is set (e.g. data moved elsewhere). */
  unlessEnv?: string[];
}

export interface ImageFacts {
  /** Canonical name as in the fact sheet: 'postgres', 'grafana/grafana', 'gitea/gitea:latest-rootless'. */
  image: string;
  /** Other names the image is written as in compose files (some with a tag, one with a `*` glob). */
  aliases: string[];
  /** The user the image starts as. */
  defaultUser: string;
  /** uid/gid the service ends up running as when the image defaults to a non-root user; 0 for root starters. */
  uid: number;
  gid: number;
  /** UID:GID to put in `user:` for this tag variant, when known to work (equals uid:gid for non-root images). */
  serviceUser?: string;
  /** The entrypoint starts as root and switches to a service user. */
  dropsPrivileges: boolean;
  /** Capabilities the entrypoint needs under `cap_drop: [ALL]` when started as root. */
  rootCapsNeeded: string[];
  /** `user:` can skip the root step. */
  runsAsUidDirectly: boolean;
  runsAsUidNote?: string;
  /** Paths that must stay writable under `read_only: true` (tmpfs or volume). */
  writablePaths: string[];
  ports: number[];
  /** VAR -> VAR_FILE pairs the image reads from a file. */
  secretFileEnv: Record<string, string>;
  dataPaths: string[];
  /** Exec form, compose-escaped (`$$` is a literal `$`); null when no in-container probe is possible. */
  healthcheck: string[] | null;
  /** Compose size string ('512m', '1536m'); see minMemoryNote for the reasoning. */
  minMemory: string | null;
  /** The image refuses `*_FILE` secrets (setting one makes it exit), so secrets must not be moved to files. */
  refusesFileSecrets?: boolean;
  /** Capabilities carried as file capabilities (+ep) by the image's binary: they must stay in the bounding set. */
  fileCaps?: string[];
  /** The service commonly needs outbound internet access (never leave it only on internal networks). */
  needsInternet?: boolean;
  /** 'datastore': databases, caches, queues, search and secret stores, normally reached only internally. */
  kind: 'datastore' | 'app';
  confidence: Confidence;
  sources: string[];
  /** Traps, in prose. */
  notes: string;

  // ---- structured traps (absent = nothing known) ----
  /** Env vars to set together with `user: serviceUser` (entrypoint steps a non-root start cannot do). */
  serviceUserEnv?: Record<string, string>;
  /** Paths that must be writable (tmpfs/volume) for serviceUser to work even without `read_only`. */
  serviceUserNeedsWritable?: string[];
  /** The image is built for group 0 (OpenShift style): keep gid 0 when choosing a user. */
  needsRootGroup?: boolean;
  /** Env vars to set when the root filesystem is read-only. */
  readOnlyEnv?: Record<string, string>;
  conditionalWritablePaths?: ConditionalPath[];
  noTmpfs?: NoTmpfsPath[];
  /** tmpfs mounts at these paths must allow exec (native libraries are loaded from them). */
  tmpfsExec?: string[];
  /** Variables the entrypoint rejects in `*_FILE` form. */
  refusedFileEnv?: string[];
  /** Generic `*_FILE` conventions: any variable with this prefix accepts a file twin with this suffix. */
  secretFileEnvPatterns?: Array<{ prefix: string; suffix: string }>;
  /** `*_FILE` secrets are read by the service user (after the privilege drop), so it must be able to read them. */
  secretFilesReadByServiceUser?: boolean;
  /** Capabilities the entrypoint writes onto the binary at start when it holds SETFCAP (then needed in the bounding set). */
  runtimeFileCaps?: string[];
  /** Capabilities with a known legitimate use for this image: capability -> what it is for. */
  optionalCaps?: Record<string, string>;
  needsInternetReason?: string;
  /** Outbound access is needed only when one of these variables is set. */
  needsInternetWhenEnv?: string[];
  /** The image runs its own init/supervisor as PID 1 (tini, dumb-init, s6). */
  hasInit?: boolean;
  /** A long-running server (restart policies make sense). */
  longRunning?: boolean;
  /** Commonly deployed with the engine socket mounted. */
  usesDockerSocket?: boolean;
  /** Vendor default passwords in effect when none is configured. */
  defaultPasswords?: string[];
  /** ulimits the image legitimately needs. */
  ulimits?: Record<string, number>;
  minMemoryNote?: string;
  /** Set on lookup results: the tag variant applied ('alpine', 'fpm-alpine'), or 'unknown' for digest-only refs. */
  variant?: string;
  [k: string]: unknown;
}

/** A tag-dependent difference (Alpine builds with other uids, fpm builds with other ports, ...). */
export interface ImageVariant {
  name: string;
  /** Regular expression tested against the tag. */
  tag: string;
  set?: Partial<ImageFacts>;
  /** Fields that are not known for this variant. */
  unset?: Array<keyof ImageFacts & string>;
}

/** One record of the knowledge base as stored in kb.json. */
export interface KbEntry extends ImageFacts {
  variants?: ImageVariant[];
  /** For entries that describe a tag family of a repository (gitea rootless): regular expression on the tag. */
  tagMatch?: string;
  /** Tags of this repository the facts do not cover (a different product behind the same name). */
  notCoveredTags?: string;
}

/** A policy-supplied change: complete facts for a new image, or only the fields to change for a known one. */
export type ImageOverride = Partial<KbEntry> & { image: string };

export interface ImageKnowledge {
  /** Facts for an image reference, resolved for its tag variant; undefined when unknown or unresolvable. */
  lookup(ref: string | undefined): ImageFacts | undefined;
  /** Every entry, unresolved (base variant). */
  all(): ImageFacts[];
}
