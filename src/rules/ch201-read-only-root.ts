import type { Rule, RuleContext } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { effectiveUser, imageView } from './image.ts';
import { isUnder } from './mounts.ts';
import { isRecord, truthy } from './normalize.ts';
import { addEnv, addTmpfs, isCovered, tmpfsEntry, type TmpfsOwner } from './tmpfs.ts';

const ID = 'CH201';

interface Plan {
  paths: string[];
  /** Paths that must stay writable but must not be a tmpfs (shipped content, data): they need a volume first. */
  needVolume: string[];
  execPaths: string[];
  env?: Record<string, string>;
  vouched: boolean;
}

const envHas = (service: Service, names: string[] | undefined): boolean =>
  (names ?? []).some((n) => isRecord(service.environment) && service.environment[n] !== undefined && service.environment[n] !== null);

/** What a read-only root needs for this service: from the policy, else the knowledge base, else just /tmp. */
function plan(service: Service, ctx: RuleContext): Plan {
  const view = imageView(service, ctx);
  const f = view.facts;
  if (view.custom?.writablePaths || (view.custom?.readOnly && !f)) {
    return { paths: view.custom.writablePaths ?? [], needVolume: [], execPaths: [], vouched: true };
  }
  if (!f) return { paths: ['/tmp'], needVolume: [], execPaths: [], vouched: view.custom?.readOnly === true };
  const paths = [...f.writablePaths];
  // Paths the entrypoint writes because of this service's own settings (a mounted templates folder, an
  // env switch): they must be writable even where the image keeps data there otherwise.
  const triggered: string[] = [];
  for (const c of f.conditionalWritablePaths ?? []) {
    if (envHas(service, c.env) || (c.whenMounted && isCovered(service, c.whenMounted))) triggered.push(c.path);
  }
  paths.push(...triggered);
  const noTmpfs = (f.noTmpfs ?? []).filter((n) => !envHas(service, n.unlessEnv)).map((n) => n.path);
  // Data directories persist in volumes (images declare them as VOLUME, so Docker mounts one even under a
  // read-only root); a tmpfs there would silently throw the data away on every restart.
  const isData = (p: string) => !triggered.includes(p) && f.dataPaths.some((d) => isUnder(p, d));
  return {
    paths: paths.filter((p) => !noTmpfs.includes(p) && !isData(p)),
    needVolume: paths.filter((p) => noTmpfs.includes(p) && !isCovered(service, p)),
    execPaths: f.tmpfsExec ?? [],
    env: f.readOnlyEnv,
    vouched: true,
  };
}

function owner(service: Service, ctx: RuleContext): TmpfsOwner | undefined {
  const u = effectiveUser(service, imageView(service, ctx));
  return u.root === false && u.uid !== undefined ? { uid: u.uid, gid: u.gid ?? u.uid } : undefined;
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Root filesystem writable',
    severity: 'low',
    fix: 'auto',
    refs: ['CIS 5.13', 'OWASP #8', 'Polaris notReadOnlyRootFilesystem', 'semgrep writable-filesystem-service', 'compose-lint CL-0007'],
    rationale:
      'A read-only root stops an attacker from dropping tools or persisting changes in the container layer and makes ' +
      'drift visible; writable state is then limited to declared volumes and tmpfs. Applied automatically for images ' +
      'whose writable paths the knowledge base knows; opt-in for others, and then only /tmp is added.',
    example: {
      before: 'services:\n  web:\n    image: nginx:1.27\n',
      after:
        'services:\n  web:\n    image: nginx:1.27\n    read_only: true                              # CH201\n    tmpfs:                                       # CH201: paths this image writes (KB)\n' +
        '      - /tmp:size=64m,mode=1777\n      - /var/cache/nginx:size=64m,mode=1777\n      - /var/run:size=64m,mode=1777\n',
    },
    breaks:
      'Anything writing outside the declared paths: entrypoint templating into /etc, PID and lock files, caches under ' +
      '$HOME, package installs at start, log files inside the container. tmpfs content disappears on restart, counts ' +
      'against the memory limit, and a size that is too small shows up as "No space left on device".',
  },

  check(service, ctx) {
    if (truthy(service.read_only)) return [];
    const p = plan(service, ctx);
    const o = owner(service, ctx);
    const tmpfs = p.paths.filter((x) => !isCovered(service, x)).map((x) => `  - ${tmpfsEntry(x, o, p.execPaths.includes(x))}`);
    const volumes = p.needVolume.length ? ` (first give ${p.needVolume.join(', ')} a named volume: a tmpfs would hide what the image ships there)` : '';
    return [{
      ...at(ctx, 'read_only'),
      message: `root filesystem is writable${volumes}`,
      suggestion: `read_only: true${tmpfs.length ? `\ntmpfs:\n${tmpfs.join('\n')}` : ''}`,
    }];
  },

  fix(service, ctx) {
    if (truthy(service.read_only)) return;
    const view = imageView(service, ctx);
    if (view.custom?.readOnly === false) return;
    const p = plan(service, ctx);
    // An explicit `read_only: false` is the user's choice; unknown images may write anywhere.
    if ((service.read_only !== undefined || !p.vouched) && !mayChangeBehaviour(ctx, ID)) return;
    if (p.needVolume.length) return; // a tmpfs there would break the image; the report says which volume is needed
    service.read_only = true;
    addTmpfs(service, p.paths, owner(service, ctx), p.execPaths);
    addEnv(service, p.env);
  },
};
