import { rule } from '../../src/rules/ch701-mutable-tag.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'postgres:16.4' },
    { image: 'postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    { image: 'localhost:5000/app:1.2.3' },
    { image: 'registry.example.com:5000/team/app:2024-05-01' },
    { name: 'built locally: image names the result', service: { image: 'myapp', build: { context: '.' } } },
    { image: '${IMAGE}' },
  ],
  invalid: [
    { service: { image: 'postgres' }, findings: [{ path: ['image'], messageIncludes: 'has no tag', severity: 'medium' }] },
    { service: { image: 'localhost:5000/app' }, findings: [{ path: ['image'], messageIncludes: 'has no tag' }] },
    { service: { image: 'nginx:latest' }, findings: [{ path: ['image'], messageIncludes: 'floating tag "latest"' }] },
    { service: { image: 'ghcr.io/org/app:MAIN' }, findings: [{ path: ['image'], messageIncludes: 'floating tag "MAIN"' }] },
    { service: { image: 'app:1', pre_start: [{ image: 'busybox', command: ['true'] }] }, findings: [{ path: ['pre_start', 0, 'image'], messageIncludes: 'pre_start step 1 image busybox has no tag' }] },
  ],
});
