// The canonical model: what `compose-harden config` prints and what rules, planning and the override see.
// It follows compose-go's canonical forms (long syntax everywhere, environment as a map); see
// ../shared/docs/compose-semantics.md §5. Scalars such as sizes and durations are kept as written.
// Unknown keys (and `x-*` extensions) are kept as they are, so the index signatures stay open.

export type Scalar = string | number | boolean | null;

export interface PortConfig {
  mode?: string; // ingress by default
  host_ip?: string; // absent = all interfaces
  target: number;
  published?: string; // may be a range, absent = ephemeral
  protocol?: string; // tcp by default
  name?: string;
  app_protocol?: string;
  [k: string]: unknown;
}

export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'image' | 'npipe' | 'cluster' | string;
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string; recursive?: string };
  volume?: { nocopy?: boolean; subpath?: string; labels?: Record<string, string> };
  tmpfs?: { size?: string | number; mode?: string | number };
  image?: { subpath?: string };
  [k: string]: unknown;
}

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: string | number;
  [k: string]: unknown;
}

export interface EnvFileRef {
  path: string;
  required: boolean;
  format?: string;
}

export interface DeviceMapping {
  source: string;
  target: string;
  permissions: string;
}

export interface ResourceSet {
  cpus?: string | number;
  memory?: string | number;
  pids?: number | string;
  devices?: unknown[];
  generic_resources?: unknown[];
  [k: string]: unknown;
}

export interface Deploy {
  resources?: { limits?: ResourceSet; reservations?: ResourceSet; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Logging {
  driver?: string;
  options?: Record<string, string | null>;
  [k: string]: unknown;
}

export interface Healthcheck {
  test?: string[] | null;
  interval?: string;
  timeout?: string;
  retries?: number | string;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
  [k: string]: unknown;
}

export interface Build {
  context: string;
  dockerfile?: string;
  args?: Record<string, string | null>;
  labels?: Record<string, string>;
  [k: string]: unknown;
}

export interface DependsOn {
  condition: string;
  required: boolean;
  restart?: boolean;
}

export interface NetworkAttachment {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  [k: string]: unknown;
}

export interface Service {
  image?: string;
  build?: Build;
  user?: string;
  read_only?: boolean;
  privileged?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  group_add?: Array<string | number>;
  environment?: Record<string, string | null>;
  env_file?: EnvFileRef[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  sysctls?: Record<string, string | number>;
  command?: string[] | null;
  entrypoint?: string[] | null;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: VolumeMount[];
  volumes_from?: string[];
  tmpfs?: string[];
  devices?: DeviceMapping[];
  secrets?: FileReference[];
  configs?: FileReference[];
  networks?: Record<string, NetworkAttachment | null>;
  network_mode?: string;
  links?: string[];
  external_links?: string[];
  depends_on?: Record<string, DependsOn>;
  deploy?: Deploy;
  mem_limit?: string | number;
  mem_reservation?: string | number;
  memswap_limit?: string | number;
  cpus?: string | number;
  pids_limit?: number | string;
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  logging?: Logging;
  healthcheck?: Healthcheck;
  restart?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  userns_mode?: string;
  cgroup?: string;
  cgroup_parent?: string;
  oom_kill_disable?: boolean;
  oom_score_adj?: number;
  init?: boolean;
  profiles?: string[];
  extra_hosts?: string[];
  dns?: string[];
  dns_search?: string[];
  dns_opt?: string[];
  use_api_socket?: boolean;
  post_start?: LifecycleHook[];
  pre_stop?: LifecycleHook[];
  [k: string]: unknown;
}

export interface LifecycleHook {
  command: string[];
  user?: string;
  privileged?: boolean;
  working_dir?: string;
  environment?: Record<string, string | null>;
  [k: string]: unknown;
}

export interface TopLevelResource {
  name?: string;
  external?: boolean;
  driver?: string;
  driver_opts?: Record<string, string | number>;
  internal?: boolean;
  file?: string;
  environment?: string;
  content?: string;
  labels?: Record<string, string>;
  [k: string]: unknown;
}

/** The loaded project, every value tied to its source position through `./loc.ts`. */
export interface Project {
  name: string;
  /** Absolute project directory; relative paths in the model are resolved against it. */
  workingDir: string;
  /** The compose files in load order (absolute paths; `-` for standard input). */
  files: string[];
  services: Record<string, Service>;
  networks: Record<string, TopLevelResource>;
  volumes: Record<string, TopLevelResource>;
  secrets: Record<string, TopLevelResource>;
  configs: Record<string, TopLevelResource>;
  models?: Record<string, unknown>;
  /** Services switched off by profiles: kept so rules and overrides can still name them. */
  disabledServices: Record<string, Service>;
  /** Top-level `x-*` extensions. */
  extensions: Record<string, unknown>;
  /**
   * Variables read from each service's `env_file`s (service → variable → value and where it was written).
   * Kept apart from `environment` so rules can tell a committed env file from the compose file itself.
   */
  envFileValues: Record<string, Record<string, { value: string; file: string; line: number }>>;
  /** Warnings the loader gave (unset variables, obsolete `version`, ...). Never hold secret values. */
  warnings: string[];
}
