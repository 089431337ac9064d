import type { Rule, RuleFinding } from '../types.ts';
import { at } from '../context.ts';

const ID = 'CH505';

function linkParts(link: string): [string, string | undefined] {
  const i = link.indexOf(':');
  return i < 0 ? [link, undefined] : [link.slice(0, i), link.slice(i + 1)];
}

export const rule: Rule = {
  meta: {
    id: ID,
    title: 'Legacy default bridge or links',
    severity: 'low',
    fix: 'opt-in',
    refs: ['CIS 5.30', 'OWASP #5'],
    rationale:
      'network_mode: bridge puts the service on docker0 together with every container on the host, without project ' +
      'DNS; links and external_links are legacy and couple services across projects. Services of one project find ' +
      'each other by name on the project network.',
    example: {
      before: 'services:\n  web:\n    network_mode: bridge\n    links: [db]\n',
      after: 'services:\n  web:\n    network_mode: !reset null   # CH505\n    links: !reset []            # CH505\n    depends_on: [db]\n',
    },
    breaks: 'Containers outside the project that reach it over docker0; names that only existed as link aliases (add them as network aliases).',
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    if (service.network_mode === 'bridge') {
      out.push({
        ...at(ctx, 'network_mode'),
        key: 'network_mode:bridge',
        message: 'network_mode: bridge puts the service on the default docker0 bridge with every container on the host and without project DNS',
        suggestion: ['services:', `  ${ctx.serviceName}:`, '    network_mode: !reset null   # CH505: join the project network', ''].join('\n'),
      });
    }
    (service.links ?? []).forEach((link, i) => {
      const [target, alias] = linkParts(String(link));
      const net = Object.keys(ctx.project.services[target]?.networks ?? {})[0] ?? 'default';
      const aliasNote = alias && alias !== target ? `; give ${target} the network alias ${alias} if clients use that name` : '';
      out.push({
        ...at(ctx, 'links', i),
        key: `links:${target}`,
        message: `links to ${target} is legacy: services reach each other by name on the project network${aliasNote}`,
        suggestion: [
          'services:',
          `  ${ctx.serviceName}:`,
          '    links: !reset []   # CH505',
          '    depends_on:',
          `      - ${target}   # CH505: keeps the start order links implied`,
          ...(alias && alias !== target ? [`  ${target}:`, '    networks:', `      ${net}:`, `        aliases: [${alias}]   # CH505: was a link alias`] : []),
          '',
        ].join('\n'),
      });
    });
    (service.external_links ?? []).forEach((link, i) => {
      const [target] = linkParts(String(link));
      out.push({
        ...at(ctx, 'external_links', i),
        key: `external_links:${target}`,
        message: `external_links to container ${target} couples this project to a container outside it; share a named external network instead`,
      });
    });
    return out;
  },
};
