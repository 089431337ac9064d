import { rule } from '../../src/rules/ch702-no-digest.ts';
import { ruleTester } from './tester.ts';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
ruleTester(rule, {
  valid: [{ image: `postgres:16.4@${DIGEST}` }, { image: `ghcr.io/org/app@${DIGEST}` }, { build: { context: '.' }, image: 'mine:dev' }],
  invalid: [
    { service: { image: 'postgres:16.4' }, findings: [{ path: ['image'], messageIncludes: 'not pinned by digest', severity: 'low' }] },
    { service: { image: 'localhost:5000/app:1' }, findings: [{ path: ['image'], messageIncludes: 'localhost:5000/app:1' }] },
  ],
});
