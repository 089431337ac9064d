// What the target Compose can express in an override (compose-semantics.md §3, "Versions").
import { InputError } from '../model/errors.ts';

export interface ComposeTarget {
  /** As given, for messages. */
  label: string;
  /** `!reset` understood (Docker Compose >= 2.18.0; several tagged services per file from 2.19.0). */
  reset: boolean;
  /** `!override` understood (>= 2.24.4). */
  override: boolean;
  /** `command: null` clears (v2 only). */
  nullClears: boolean;
  /** docker-compose v1 (Python): YAML 1.1, no `deploy.resources.limits.pids`, no tags. */
  v1: boolean;
}

export const CURRENT: ComposeTarget = { label: '2.40', reset: true, override: true, nullClears: true, v1: false };

export function parseComposeVersion(text: string | undefined): ComposeTarget {
  if (text === undefined || text === '' || /^(v2|latest|current)$/i.test(text)) return CURRENT;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new InputError(`--compose-version: "${text.slice(0, 40)}" is not a version (examples: 2.24.4, 2.18, 1.29)`);
  const [maj, min, patch] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  const n = maj * 1_000_000 + min * 1000 + patch;
  if (maj < 2) return { label: text, reset: false, override: false, nullClears: false, v1: true };
  return {
    label: text,
    reset: n >= 2_019_000, // one file may tag several services only from 2.19.0
    override: n >= 2_024_004,
    nullClears: true,
    v1: false,
  };
}
