import type { Rule, RuleContext, RuleFinding } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { isUnder, mounts, parseShortVolume, type Mount } from './mounts.ts';
import { isRecord } from './normalize.ts';
import { engineSocket } from './ch601-engine-socket.ts';

const ID = 'CH603';
/** Writable access to these is root on the host. */
const ROOT_EQUIVALENT = ['/', '/etc', '/root', '/boot', '/proc', '/var/lib/docker', '/var/lib/containerd', '/var/lib'];
const SENSITIVE = ['/sys', '/dev', '/home', '/Users', '/run', '/var/run', '/lib/modules', '/usr'];
/** The near-universal timezone pattern. */
const TIMEZONE = ['/etc/localtime', '/etc/timezone'];

/** Which listed path the host path is (or lies under), with whether it is root-equivalent. */
export function sensitiveHostPath(hostPath: string): { base: string; rootEquivalent: boolean } | undefined {
  if (hostPath === '~' || hostPath.startsWith('~/')) return { base: '~', rootEquivalent: false };
  // The most specific entry names the finding: /var/lib/docker rather than /var/lib.
  const match = (list: string[]) => list.filter((d) => isUnder(hostPath, d)).sort((a, b) => b.length - a.length)[0];
  const root = hostPath === '/' ? '/' : match(ROOT_EQUIVALENT.filter((d) => d !== '/'));
  if (root) return { base: root, rootEquivalent: true };
  const s = match(SENSITIVE);
  return s ? { base: s, rootEquivalent: false } : undefined;
}

interface Hit {
  m: Mount;
  base: string;
  critical: boolean;
}

function hits(service: Service, ctx: RuleContext): Hit[] {
  const out: Hit[] = [];
  const projectDir = ctx.project.workingDir;
  for (const m of mounts(service, ctx.project)) {
    if (!m.hostPath || engineSocket(m.hostPath)) continue; // sockets belong to CH601
    // The project's own files (`./data`, also once the loader made the path absolute) are not host system paths.
    if (m.relative || (projectDir && projectDir !== '/' && isUnder(m.hostPath, projectDir))) continue;
    if (m.readOnly && TIMEZONE.includes(m.hostPath)) continue;
    const s = sensitiveHostPath(m.hostPath);
    if (s) out.push({ m, base: s.base, critical: s.rootEquivalent && !m.readOnly });
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Sensitive host path mounted',
    severity: 'high',
    fix: 'opt-in',
    refs: ['CIS 5.6', 'OWASP #8', 'KICS 1c1325ff-831d-43a1-973e-839ae57dfcc0', 'PSS-B HostPath Volumes', 'PSS-R Volume Types', 'compose-lint CL-0013', 'compose-lint CL-0025'],
    rationale:
      "Host configuration, credentials, kernel interfaces and other containers' files become readable or writable " +
      'from inside the container. Critical when a root-equivalent path (/, /etc, /root, /boot, /proc, /var/lib, ' +
      '/var/lib/docker, /var/lib/containerd) is writable; high otherwise. Making a writable mount read-only is opt-in.',
    example: {
      before: 'services:\n  exporter:\n    image: example/exporter:1\n    volumes:\n      - /proc:/host/proc\n',
      after: 'services:\n  exporter:\n    image: example/exporter:1\n    volumes:\n      - type: bind\n        source: /proc\n        target: /host/proc\n        read_only: true   # CH603\n',
    },
    breaks: 'Agents that must write to the host path (backup restores, log rotation on the host).',
  },

  check(service, ctx) {
    return hits(service, ctx).map(({ m, base, critical }): RuleFinding => ({
      ...at(ctx, 'volumes', m.index),
      severity: critical ? 'critical' : 'high',
      key: m.target,
      message: `${m.type === 'volume' ? `volume ${m.source}, a bind of host path ${m.hostPath},` : `host path ${m.source}`}${base === '~' ? (m.hostPath === '~' ? ' (the home directory)' : ' (under the home directory)') : base === m.hostPath ? '' : ` (under ${base})`} is mounted ${m.readOnly ? 'read-only' : 'writable'} at ${m.target}`,
    }));
  },

  fix(service, ctx) {
    if (!mayChangeBehaviour(ctx, ID)) return;
    const list = service.volumes;
    for (const { m } of hits(service, ctx)) {
      if (m.readOnly || !list) continue;
      const v: unknown = list[m.index];
      if (isRecord(v)) v.read_only = true;
      else list[m.index] = { ...parseShortVolume(String(v)), read_only: true };
    }
  },
};
