// Everything the example probes read inside one container, in one `docker exec` as the container's own
// user: a dozen separate execs per service made the suite too slow on 2 cores. Only reads, plus creating and
// removing one file in each tmpfs; nothing is sent on a network.
import { readFileSync } from 'node:fs';
import { execIn, parseCgroupLimit, parseProcStatus, type ProcStatus } from './probe.ts';

export interface Snapshot {
  /** The container's main process (pid 1 of its namespace). */
  pid1: ProcStatus;
  self: ProcStatus;
  passwd: string;
  group: string;
  /** /proc/1/mounts, split into fields. */
  mounts: string[][];
  /** The main process's environment (values may hold newlines). */
  environ: Map<string, string>;
  /** null: unlimited; undefined: no cgroup files inside (a bind mount over /sys hides them). */
  memoryMax: number | null | undefined;
  pidsMax: number | null | undefined;
  /** tmpfs path → '' when the container's user could create a file there, else the shell's error. */
  tmpfsWrite: Map<string, string>;
  /** secret target → its content, or an error when the user cannot read it; plus owner:group mode. */
  secrets: Map<string, { content?: string; error?: string; stat: string }>;
}

// Sections start with "@@name arg". File contents travel base64-encoded so any byte survives.
const SCRIPT = `
sec() { printf '\\n@@%s\\n' "$*"; }
sec status-self; cat /proc/self/status
main=$1; shift
sec status-1; cat /proc/$main/status
sec passwd; base64 /etc/passwd
sec group; base64 /etc/group
sec mounts; base64 /proc/$main/mounts
sec environ; base64 /proc/$main/environ
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  sec memory; cat /sys/fs/cgroup/memory.max; sec pids; cat /sys/fs/cgroup/pids.max
else
  sec memory; cat /sys/fs/cgroup/memory/memory.limit_in_bytes; sec pids; cat /sys/fs/cgroup/pids/pids.max
fi
mode=
for a in "$@"; do
  case $a in --tmpfs|--secret) mode=$a; continue ;; esac
  if [ "$mode" = --tmpfs ]; then
    f="$a/.e2e-write-probe.$$"
    sec tmpfs "$a"; { : > "$f" && rm -f "$f"; } 2>&1
  else
    sec secret-stat "$a"; stat -c '%u:%g %a' "$a" 2>&1
    sec secret "$a"; base64 "$a" 2>&1 || echo E2E-UNREADABLE
  fi
done
sec end
`;

function cgroupValue(text: string): number | null | undefined {
  return /^\s*(\d+|max)\s*$/.test(text) ? parseCgroupLimit(text) : undefined;
}

/**
 * The same limits read on the host, from the cgroup the engine put the container's main process in
 * (hostPid: docker inspect State.Pid). For containers that mount something over /sys.
 */
export function hostCgroupLimits(hostPid: number): { memoryMax: number | null; pidsMax: number | null } {
  const lines = readFileSync(`/proc/${hostPid}/cgroup`, 'utf8').split('\n');
  const v2 = lines.find((l) => l.startsWith('0::'));
  const v1 = (ctrl: string) => lines.map((l) => l.split(':')).find((f) => f.length >= 3 && f[1].split(',').includes(ctrl))?.[2];
  const read = (ctrl: string, v1File: string, v2File: string) => {
    const path = v1(ctrl);
    if (path !== undefined) return parseCgroupLimit(readFileSync(`/sys/fs/cgroup/${ctrl}${path}/${v1File}`, 'utf8'));
    if (v2) return parseCgroupLimit(readFileSync(`/sys/fs/cgroup${v2.slice(3)}/${v2File}`, 'utf8'));
    throw new Error(`no ${ctrl} cgroup for pid ${hostPid}`);
  };
  return { memoryMax: read('memory', 'memory.limit_in_bytes', 'memory.max'), pidsMax: read('pids', 'pids.max', 'pids.max') };
}

export function parseSnapshot(out: string): Snapshot {
  const sections: [string, string][] = [];
  for (const chunk of out.split('\n@@').slice(1)) {
    const nl = chunk.indexOf('\n');
    sections.push([nl < 0 ? chunk : chunk.slice(0, nl), nl < 0 ? '' : chunk.slice(nl + 1)]);
  }
  const one = (name: string) => {
    const s = sections.find(([h]) => h === name);
    if (!s) throw new Error(`snapshot has no ${name} section`);
    return s[1];
  };
  const b64 = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  const environ = new Map<string, string>();
  for (const e of b64(one('environ')).split('\0').filter(Boolean)) environ.set(e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1));
  const tmpfsWrite = new Map<string, string>();
  const secrets = new Map<string, { content?: string; error?: string; stat: string }>();
  for (const [head, body] of sections) {
    const sp = head.indexOf(' ');
    const [name, arg] = sp < 0 ? [head, ''] : [head.slice(0, sp), head.slice(sp + 1)];
    if (name === 'tmpfs') tmpfsWrite.set(arg, body.trim());
    else if (name === 'secret-stat') secrets.set(arg, { stat: body.trim() });
    else if (name === 'secret') {
      const entry = secrets.get(arg) ?? { stat: '' };
      if (body.includes('E2E-UNREADABLE')) entry.error = body.replace('E2E-UNREADABLE', '').trim();
      else entry.content = b64(body);
      secrets.set(arg, entry);
    }
  }
  return {
    pid1: parseProcStatus(one('status-1')),
    self: parseProcStatus(one('status-self')),
    passwd: b64(one('passwd')),
    group: b64(one('group')),
    mounts: b64(one('mounts')).split('\n').filter(Boolean).map((l) => l.split(' ')),
    environ,
    memoryMax: cgroupValue(one('memory')),
    pidsMax: cgroupValue(one('pids')),
    tmpfsWrite,
    secrets,
  };
}

/**
 * mainPid: the container's main process as the container sees it: 1, unless it shares the host's pid
 * namespace (`pid: host`), where it is the engine's State.Pid.
 */
export async function snapshot(container: string, mainPid: number, tmpfs: string[], secrets: string[]): Promise<Snapshot> {
  const r = await execIn(container, ['sh', '-c', SCRIPT, 'sh', String(mainPid), '--tmpfs', ...tmpfs, '--secret', ...secrets]);
  if (!r.stdout.includes('\n@@end')) throw new Error(`probe script in ${container.slice(0, 12)} exited ${r.code}: ${r.stderr.trim()}`);
  return parseSnapshot(r.stdout);
}
