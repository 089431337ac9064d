import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPort, isPublicPort, isUnspecifiedAddress, publishedRange } from '../../../src/rules/network/ports.ts';
import { policy } from '../secrets/harness.ts';

test('isUnspecifiedAddress: every spelling of the wildcard, and nothing else', () => {
  for (const a of [undefined, '', '0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0', '::0', '0000::', '::ffff:0.0.0.0', '0.00.0.000']) assert.ok(isUnspecifiedAddress(a), String(a));
  for (const a of ['127.0.0.1', '::1', '[::1]', '10.0.0.5', 'fe80::1%eth0', '0.0.0.1', '::ffff:127.0.0.1', 'localhost']) assert.not.ok(isUnspecifiedAddress(a), a);
});

test('publishedRange and formatPort', () => {
  assert.equal(publishedRange({ target: 80, published: '8080' }), [8080, 8080]);
  assert.equal(publishedRange({ target: 80, published: '8000-8010' }), [8000, 8010]);
  assert.is(publishedRange({ target: 80 }), undefined);
  assert.is(formatPort({ target: 5432, published: '5432' }, '127.0.0.1'), '127.0.0.1:5432:5432');
  assert.is(formatPort({ target: 53, published: '53', protocol: 'udp' }, '::1'), '[::1]:53:53/udp');
  assert.is(formatPort({ target: 80 }, '127.0.0.1'), '127.0.0.1::80');
  assert.is(formatPort({ target: 80 }), '80');
});

test('isPublicPort: "port" and "service:port", ranges', () => {
  const p = policy({ publicPorts: ['443', 'web:8080'] });
  assert.ok(isPublicPort(p, 'any', { target: 443, published: '443' }));
  assert.ok(isPublicPort(p, 'web', { target: 80, published: '8080' }));
  assert.not.ok(isPublicPort(p, 'api', { target: 80, published: '8080' }));
  assert.ok(isPublicPort(p, 'x', { target: 443, published: '440-450' }));
});

test.run();
