import type { Rule, RuleContext } from './types.ts';
import type { Service } from '../model/types.ts';
import { at, mayChangeBehaviour } from './context.ts';
import { effectiveUser, imageView } from './image.ts';
import { capSet, normCap } from './normalize.ts';

const ID = 'CH103';
/** What a typical entrypoint needs when it starts as root: chown the data directory, then switch user. */
const GUESSED_ROOT_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

/**
 * Capabilities the service still needs under `cap_drop: [ALL]`, or undefined when nothing vouches for a guess.
 * On bridge networks Docker 20.10+ lets any process bind ports below 1024, so NET_BIND_SERVICE matters only with
 * host networking, or when a binary carries it as a file capability (such binaries fail to exec without it).
 */
export function neededCaps(service: Service, ctx: RuleContext): string[] | undefined {
  const view = imageView(service, ctx);
  const f = view.facts;
  const known = f !== undefined || view.custom?.capAdd !== undefined;
  if (!known && !mayChangeBehaviour(ctx, ID)) return undefined;
  const hostNet = service.network_mode === 'host';
  const root = effectiveUser(service, view).root !== false;
  const caps = new Set<string>();
  if (view.custom?.capAdd) view.custom.capAdd.forEach((c) => caps.add(normCap(c)));
  else if (root) (f ? f.rootCapsNeeded : GUESSED_ROOT_CAPS).forEach((c) => caps.add(normCap(c)));
  for (const c of f?.fileCaps ?? []) caps.add(normCap(c));
  // An entrypoint holding SETFCAP writes file capabilities at start; the binary then needs them to exec.
  if (capSet(service.cap_add).has('SETFCAP') || caps.has('SETFCAP')) for (const c of f?.runtimeFileCaps ?? []) caps.add(normCap(c));
  const lowPorts = (f?.ports ?? []).some((p) => p < 1024) || (service.ports ?? []).some((p) => Number(p?.target) < 1024);
  if (!hostNet && !(f?.fileCaps ?? []).map(normCap).includes('NET_BIND_SERVICE')) caps.delete('NET_BIND_SERVICE');
  if (hostNet && lowPorts) caps.add('NET_BIND_SERVICE');
  return [...caps].sort();
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Capabilities not dropped',
    severity: 'medium',
    fix: 'auto',
    refs: ['CIS 5.4', 'OWASP #3', 'KICS ce76b7d0-9e77-464d-b86f-c5c48e03e22d', 'PSS-R Capabilities', 'compose-lint CL-0006', 'Polaris insecureCapabilities'],
    rationale:
      "Docker's default set has 14 capabilities, including NET_RAW (spoofing on the shared bridge) and the file " +
      'permission overrides; most services need none of them, especially when they run as a non-root uid. ' +
      'Applied automatically for images the knowledge base knows; opt-in for others (the added caps are then a guess).',
    example: {
      before: 'services:\n  web:\n    image: nginx:1.27\n',
      after: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]                  # CH103\n    cap_add: [CHOWN, SETGID, SETUID] # CH103: entrypoint starts as root and switches user (KB)\n',
    },
    breaks:
      'Entrypoints that switch user with gosu/su-exec (SETUID, SETGID) or chown data directories (CHOWN, FOWNER, ' +
      'DAC_OVERRIDE); ping and raw sockets (NET_RAW); ports below 1024 with network_mode: host (NET_BIND_SERVICE); ' +
      'binaries carrying file capabilities, which fail to execute once the capability is outside the bounding set.',
  },

  check(service, ctx) {
    if (capSet(service.cap_drop).has('ALL')) return [];
    const needed = neededCaps(service, ctx);
    return [{
      ...at(ctx, 'cap_drop'),
      message: 'default capabilities are kept; drop ALL and add back only what the service needs',
      suggestion: needed ? `cap_drop: [ALL]${needed.length ? `\ncap_add: [${needed.join(', ')}]` : ''}` : undefined,
    }];
  },

  fix(service, ctx) {
    if (capSet(service.cap_drop).has('ALL')) return;
    const needed = neededCaps(service, ctx);
    if (!needed) return;
    service.cap_drop = [...(service.cap_drop ?? []), 'ALL'];
    // cap_add is appended on merge, so what the user already adds stays; only the missing ones are added.
    const have = capSet(service.cap_add);
    const add = needed.filter((c) => !have.has(c));
    if (add.length) service.cap_add = [...(service.cap_add ?? []), ...add];
  },
};
