import type { Rule, RuleContext, RuleFinding } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { imageView } from './image.ts';
import { isUnder, mounts, parseShortVolume, type Mount } from './mounts.ts';
import { isRecord } from './normalize.ts';
import { sensitiveHostPath } from './ch603-sensitive-host-path.ts';
import { engineSocket } from './ch601-engine-socket.ts';
import { asciiLower, baseName, extensionOf } from './file-names.ts';

const ID = 'CH203';
const CONFIG_EXTENSIONS = new Set(['conf', 'cnf', 'cfg', 'ini', 'yml', 'yaml', 'json', 'toml', 'properties', 'xml', 'env', 'pem', 'crt', 'cer', 'key', 'p12', 'pfx', 'jks', 'htm', 'html', 'css', 'js', 'lua', 'vcl', 'caddyfile']);
const CONFIG_NAMES = new Set(['caddyfile', 'dockerfile', 'nginx.conf', 'htpasswd', '.htpasswd', 'my.cnf', 'pg_hba.conf']);
/** Dependency manifests and lockfiles: project source that package managers inside dev containers rewrite. */
const PACKAGE_FILES = new Set([
  ...['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'composer.json', 'composer.lock', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb', 'deno.lock'],
  ...['Pipfile', 'Pipfile.lock', 'poetry.lock', 'pyproject.toml', 'uv.lock', 'Gemfile', 'Gemfile.lock', 'go.mod', 'go.sum', 'Cargo.toml', 'Cargo.lock', 'mix.lock'],
]);

export const isPackageFile = (p: string): boolean => PACKAGE_FILES.has(baseName(p));
/** A configuration file by its extension or its name (either case). */
export function isConfigFile(p: string): boolean {
  const ext = extensionOf(p);
  if (ext !== undefined && CONFIG_EXTENSIONS.has(asciiLower(ext) ?? '')) return true;
  return CONFIG_NAMES.has(asciiLower(baseName(p)) ?? '');
}
const CERT_DIRS = ['/etc/ssl', '/etc/pki', '/certs', '/etc/certs', '/usr/local/share/ca-certificates', '/usr/share/nginx/html'];

/** Why this writable bind looks like configuration or static content, or undefined. */
function looksReadOnly(m: Mount, writable: string[]): string | undefined {
  if (m.type !== 'bind' || m.readOnly || !m.source) return undefined;
  if (writable.some((w) => isUnder(m.target, w) || isUnder(w, m.target))) return undefined; // the image writes there
  if (isPackageFile(m.source) || isPackageFile(m.target)) return undefined;
  if (isConfigFile(m.source)) return 'the source is a single configuration or certificate file';
  if (isConfigFile(m.target)) return 'the target is a configuration file';
  if (CERT_DIRS.some((d) => isUnder(m.target, d))) return 'the target holds certificates or static content';
  if (isUnder(m.target, '/etc')) return 'the target is under /etc';
  return undefined;
}

function candidates(service: Service, ctx: RuleContext): Array<[Mount, string]> {
  const view = imageView(service, ctx);
  const writable = [...(view.facts?.writablePaths ?? []), ...(view.facts?.dataPaths ?? []), ...(view.custom?.writablePaths ?? [])];
  const out: Array<[Mount, string]> = [];
  for (const m of mounts(service, ctx.project)) {
    // Sockets and host system paths have rules of their own (CH601, CH603).
    if (m.hostPath && (engineSocket(m.hostPath) || sensitiveHostPath(m.hostPath))) continue;
    const why = looksReadOnly(m, writable);
    if (why) out.push([m, why]);
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Writable mount where read-only would do',
    severity: 'low',
    fix: 'opt-in',
    refs: ['OWASP #8', 'CIS 5.6', 'PSS-R Volume Types', 'compose-lint CL-0025'],
    rationale:
      'Configuration, certificates and static content mounted read-write can be altered by a compromised service and ' +
      'the change persists on the host. The fix (opt-in, --fix CH203) marks the mount read-only at the same target.',
    example: {
      before: 'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n',
      after:
        'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - type: bind\n        source: ./nginx.conf\n        target: /etc/nginx/nginx.conf\n        read_only: true   # CH203\n',
    },
    breaks: 'Applications that write back to their config (first-run wizards, UI-managed settings); certificate renewal that writes into the mounted directory.',
  },

  check(service, ctx) {
    return candidates(service, ctx).map(([m, why]): RuleFinding => ({
      ...at(ctx, 'volumes', m.index),
      key: m.target,
      message: `bind mount ${m.target} is writable although ${why}; mount it read-only`,
    }));
  },

  fix(service, ctx) {
    if (!mayChangeBehaviour(ctx, ID)) return;
    for (const [m] of candidates(service, ctx)) {
      const list = service.volumes!;
      const v: unknown = list[m.index];
      if (isRecord(v)) v.read_only = true;
      else list[m.index] = { ...parseShortVolume(String(v)), read_only: true };
    }
  },
};
