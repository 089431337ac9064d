import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rule } from '../../../src/rules/network/ch503-privileged-host-port.ts';
import type { PortConfig } from '../../../src/model/types.ts';
import { check, project } from '../secrets/harness.ts';

const run = (...ports: PortConfig[]) => check(rule, project({ web: { image: 'nginx', ports } }), 'web');

const cases: Array<[string, PortConfig[], string[]]> = [
  ['host port 80', [{ target: 8080, published: '80' }], [':80:8080/tcp']],
  ['range starting below 1024', [{ target: 1000, published: '1000-1100' }], [':1000-1100:1000/tcp']],
  ['loopback still counts', [{ target: 443, published: '443', host_ip: '127.0.0.1' }], ['127.0.0.1:443:443/tcp']],
  ['container port 80 on host port 8080 is fine', [{ target: 80, published: '8080' }], []],
  ['ephemeral host port is fine', [{ target: 80 }], []],
  ['port 1024 is fine', [{ target: 80, published: '1024' }], []],
];
for (const [name, ports, keys] of cases) test(`CH503: ${name}`, () => assert.equal(run(...ports).map((f) => f.key), keys));

test.run();
