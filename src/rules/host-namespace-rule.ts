// CH605-CH609: a service joining one of the host's namespaces; the opt-in fix removes the key.
import type { Rule, RuleMeta } from './types.ts';
import { at, mayChangeBehaviour } from './context.ts';

export function hostNamespaceRule(key: 'pid' | 'ipc' | 'uts' | 'userns_mode' | 'cgroup' | 'network_mode', meta: RuleMeta, message: string, fixable = true): Rule {
  const isHost = (v: unknown): boolean => typeof v === 'string' && v.trim().toLowerCase() === 'host';
  return {
    meta,
    check(service, ctx) {
      return isHost(service[key]) ? [{ ...at(ctx, key), message, suggestion: fixable ? `${key}: !reset null` : undefined }] : [];
    },
    ...(fixable
      ? {
          fix(service, ctx) {
            if (isHost(service[key]) && mayChangeBehaviour(ctx, meta.id)) delete service[key];
          },
        }
      : {}),
  };
}
