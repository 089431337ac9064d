import type { Rule } from './types.ts';
import { at } from './context.ts';
import { truthy } from './normalize.ts';

export const rule: Rule = {
  meta: {
    id: 'CH602',
    title: 'Engine API handed to the container (use_api_socket)',
    severity: 'high',
    fix: 'report',
    refs: ['compose-spec 05-services.md (use_api_socket)', 'OWASP #1'],
    rationale:
      "With use_api_socket: true (Compose v2.37.1+) Compose gives the container the engine socket and mounts the user's " +
      'registry credentials, so it can act as the user against the engine and the registries.',
    example: {
      before: 'services:\n  builder:\n    image: example/builder:1\n    use_api_socket: true\n',
      after: 'services:\n  builder:\n    image: example/builder:1\n',
    },
  },

  check(service, ctx) {
    if (!truthy(service.use_api_socket)) return [];
    return [{ ...at(ctx, 'use_api_socket'), message: 'use_api_socket gives the container the engine API and your registry credentials' }];
  },
};
