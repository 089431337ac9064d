// Our IP syntax check gives node:net's answer for every input: listed edge cases and random strings built
// from the characters addresses are made of.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isIP as netIsIP } from 'node:net';
import fc from 'fast-check';
import { isIP } from '../../src/model/ip.ts';

const CASES = [
  '127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4 ', '',
  '::', '::1', '::ffff:127.0.0.1', 'fe80::1%eth0', 'fe80::1%', '2001:db8::', '2001:db8:0:0:0:0:0:1', '1:2:3:4:5:6:7:8:9',
  '1::2::3', ':1', '1:', 'g::1', '[::1]', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', 'localhost', '0x7f.0.0.1', '12345::1',
  '1.2.3.04', '00.1.1.1', '1..2.3', '1.2.3.4.', '.1.2.3.4', '255.255.255.256', '9999.1.1.1', '1.2.3.4a', '1.2.3.-4', '10.0.0.1%eth0', '::ffff:1.2.3.04',
];

test('listed edge cases', () => {
  for (const s of CASES) assert.is(isIP(s), netIsIP(s), s);
});

test('random address-like strings', () => {
  const chars = fc.constantFrom(...'0123456789abcdefABCDEFg:.%-'.split(''));
  fc.assert(fc.property(fc.string({ unit: chars, maxLength: 40 }), (s) => isIP(s) === netIsIP(s)), { numRuns: 20000 });
  const seg = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 0x1ffff }).map((n) => n.toString(16)), fc.constant(''));
  fc.assert(fc.property(fc.array(seg, { maxLength: 9 }), fc.constantFrom(':', '.', '::'), (parts, sep) => {
    const s = parts.join(sep);
    return isIP(s) === netIsIP(s);
  }), { numRuns: 20000 });
});

test.run();
