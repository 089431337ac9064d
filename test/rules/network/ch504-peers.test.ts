// CH504 names the first few peers a publisher never uses and counts the rest from the few services it is
// related to. Checked against the plain definition (every member that is neither it nor related to it) on
// random projects: flat networks, dependencies both ways, several networks, names differing only by case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { rule as ch504 } from '../../../src/rules/network/ch504-no-network-segmentation.ts';
import { buildGraph } from '../../../src/rules/graph.ts';
import type { Service } from '../../../src/model/types.ts';
import { check, project } from '../secrets/harness.ts';

/** The message's peer list as the rule wrote it before: every unrelated member, first eight shown. */
function expected(services: Record<string, Service>, me: string, net: string): string | undefined {
  const p = project(structuredClone(services));
  const graph = buildGraph(p);
  const members = Object.keys(p.services).filter((n) => Object.keys(p.services[n].networks ?? { default: null }).includes(net) && !p.services[n].network_mode);
  const peers = members.filter((t) => t !== me && !graph.reaches(me).has(t) && !graph.reachedBy(me).has(t));
  if (!peers.length) return undefined;
  return peers.slice(0, 8).join(', ') + (peers.length > 8 ? ` and ${peers.length - 8} more` : '');
}

const shownIn = (message: string) => /shares network \S+ with (.*), which it never uses/.exec(message)?.[1];

test('CH504: the peers named and counted are those of the plain definition', () => {
  const arb = fc.record({
    count: fc.integer({ min: 2, max: 40 }),
    nets: fc.integer({ min: 1, max: 3 }),
    seed: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 0, maxLength: 60 }),
    upper: fc.boolean(),
  });
  fc.assert(
    fc.property(arb, ({ count, nets, seed, upper }) => {
      const names = Array.from({ length: count }, (_, i) => (upper && i % 7 === 3 ? `Svc${i}` : `svc${i}`));
      const services: Record<string, Service> = {};
      names.forEach((n, i) => {
        const own = Array.from({ length: nets }, (_, j) => `n${j}`).filter((_, j) => (i + j) % 2 === 0 || nets === 1);
        services[n] = { image: 'x', networks: Object.fromEntries(own.map((o) => [o, null])) } as Service;
        if (i % 3 === 0) services[n].ports = [{ target: 80, published: String(8000 + i) }] as Service['ports'];
      });
      // Dependencies and references in both directions.
      for (const [a, b, how] of seed) {
        const from = names[a % count];
        const to = names[b % count];
        if (from === to) continue;
        const s = services[from];
        if (how % 2) s.depends_on = { ...(s.depends_on ?? {}), [to]: { condition: 'service_started', required: true } };
        else s.environment = { ...(s.environment ?? {}), [`URL_${b}`]: `http://${to.toLowerCase()}:80` };
      }
      const p = project(services);
      const graph = buildGraph(p);
      for (const me of names) {
        const found = check(ch504, p, me, { graph });
        for (const f of found) assert.is(shownIn(f.message), expected(services, me, f.key!), `${me} on ${f.key}`);
        const nets = Object.keys(services[me].networks ?? {});
        if (graph.publishers().has(me)) for (const n of nets) if (!found.some((f) => f.key === n)) assert.is(expected(services, me, n), undefined, `${me} on ${n}`);
      }
    }),
    { numRuns: 150 },
  );
});

test.run();
