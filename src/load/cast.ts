// After interpolation compose-go turns the strings of some fields back into booleans and numbers
// (loader/interpolate.go `interpolateTypeCastMapping`); every other string stays a string.
// Failure messages never repeat the value: it came from the environment and may be a secret.

export type CastResult = { ok: true; value: unknown; warning?: string } | { ok: false; message: string };

export type CastKind = 'bool' | 'int' | 'float' | 'float32';
type Path = ReadonlyArray<string | number>;

// '*' = any mapping key or list index (compose-go PathMatchAll), '[]' = a list index only (PathMatchList).
// Prefixes mirror compose-go's layering: container attributes also apply to `pre_start` init containers.
const CONTAINER = ['services.*', 'services.*.pre_start.*'];
const SERVICE = ['services.*'];

const TABLE: ReadonlyArray<readonly [prefixes: string[], kind: CastKind, suffixes: string[]]> = [
  [CONTAINER, 'int', ['cpu_count', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares']],
  [CONTAINER, 'int', ['oom_score_adj', 'pids_limit', 'ulimits.*', 'ulimits.*.hard', 'ulimits.*.soft']],
  [CONTAINER, 'float', ['cpu_percent']],
  [CONTAINER, 'float32', ['cpus']],
  [CONTAINER, 'bool', ['init', 'oom_kill_disable', 'privileged', 'read_only']],
  [CONTAINER, 'bool', ['volumes.[].read_only', 'volumes.[].volume.nocopy']],
  [SERVICE, 'bool', ['depends_on.*.required', 'depends_on.*.restart', 'healthcheck.disable', 'stdin_open', 'tty']],
  [SERVICE, 'int', ['healthcheck.retries', 'ports.[].target', 'scale', 'deploy.replicas']],
  [SERVICE, 'int', ['deploy.update_config.parallelism', 'deploy.rollback_config.parallelism']],
  [SERVICE, 'int', ['deploy.restart_policy.max_attempts', 'deploy.placement.max_replicas_per_node']],
  [SERVICE, 'float', ['deploy.update_config.max_failure_ratio', 'deploy.rollback_config.max_failure_ratio']],
  [['networks.*'], 'bool', ['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6']],
  [['volumes.*', 'secrets.*', 'configs.*'], 'bool', ['external']],
];

interface Pattern {
  parts: string[];
  kind: CastKind;
}

// Indexed by the last path element (or '*'/'[]') so a lookup tries a handful of patterns, not all of them.
const BY_LAST = new Map<string, Pattern[]>();
for (const [prefixes, kind, suffixes] of TABLE) {
  for (const prefix of prefixes) {
    for (const suffix of suffixes) {
      const parts = `${prefix}.${suffix}`.split('.');
      const last = parts[parts.length - 1];
      const list = BY_LAST.get(last) ?? [];
      list.push({ parts, kind });
      BY_LAST.set(last, list);
    }
  }
}

function matches(parts: string[], path: Path): boolean {
  if (parts.length !== path.length) return false;
  for (let i = 0; i < parts.length; i++) {
    const want = parts[i];
    const got = path[i];
    if (want === '*') continue;
    if (want === '[]') {
      if (typeof got !== 'number') return false;
      continue;
    }
    if (want !== got) return false;
  }
  return true;
}

/** The type compose-go casts the string at `path` to, or undefined when it stays a string. */
export function castKindAt(path: Path): CastKind | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  const byLast = BY_LAST.get(typeof last === 'string' ? last : '[]');
  if (byLast) for (const p of byLast) if (matches(p.parts, path)) return p.kind;
  const any = BY_LAST.get('*');
  if (any) for (const p of any) if (matches(p.parts, path)) return p.kind;
  return undefined;
}

export function castScalar(path: Path, value: string): CastResult {
  const kind = castKindAt(path);
  switch (kind) {
    case undefined:
      return { ok: true, value };
    case 'bool':
      return toBoolean(value);
    case 'int':
      return toInt(value);
    case 'float':
      return toFloat(value, Number.MAX_VALUE);
    case 'float32':
      return toFloat(value, FLOAT32_MAX);
  }
}

function toBoolean(value: string): CastResult {
  switch (value.toLowerCase()) {
    case 'true':
      return { ok: true, value: true };
    case 'false':
      return { ok: true, value: false };
    case 'y':
    case 'yes':
    case 'on':
      return { ok: true, value: true, warning: yaml11Warning(value, 'true') };
    case 'n':
    case 'no':
    case 'off':
      return { ok: true, value: false, warning: yaml11Warning(value, 'false') };
    default:
      return { ok: false, message: 'must be a boolean (true or false)' };
  }
}

function yaml11Warning(value: string, use: string): string {
  // value is one of six known words here, so repeating it reveals nothing
  return `${JSON.stringify(value)} for boolean is not supported by YAML 1.2, please use \`${use}\``;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// strconv.ParseInt(s, 10, 64): optional sign, ASCII digits, nothing else (no spaces, no underscores).
function toInt(value: string): CastResult {
  if (!/^[+-]?[0-9]+$/.test(value)) return { ok: false, message: 'must be an integer' };
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) return { ok: false, message: 'integer out of range' };
  return { ok: true, value: Number(big) };
}

const FLOAT32_MAX = 3.4028234663852886e38;
const DECIMAL = /^[+-]?(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+(?:_[0-9]+)*)?$/;
const HEX = /^([+-]?)0[xX]_?((?:[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)?)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/;
const SPECIAL = /^(?:([+-]?)(?:inf|infinity)|nan)$/i;

// strconv.ParseFloat: Go float literal syntax (decimal or hex with `p` exponent, `_` between digits) plus
// inf/infinity/nan; a finite value beyond the type's range is an error.
function toFloat(value: string, max: number): CastResult {
  const special = SPECIAL.exec(value);
  if (special) {
    if (!/inf/i.test(value)) return { ok: true, value: NaN };
    return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  }
  let n: number;
  if (DECIMAL.test(value)) {
    n = Number(value.replace(/_/g, ''));
  } else {
    const hex = HEX.exec(value);
    if (!hex || (hex[2] === '' && !hex[3])) return { ok: false, message: 'must be a number' };
    const int = hex[2].replace(/_/g, '');
    const frac = hex[3] ?? '';
    const mantissa = Number.parseInt((int + frac) || '0', 16);
    n = mantissa * 2 ** (Number(hex[4]) - 4 * frac.length);
    if (hex[1] === '-') n = -n;
  }
  // Go rounds to the target size before the range check; for float32 that is the nearest float32.
  const rounded = max === FLOAT32_MAX ? Math.fround(n) : n;
  if (!Number.isFinite(rounded)) return { ok: false, message: 'number out of range' };
  return { ok: true, value: n };
}
