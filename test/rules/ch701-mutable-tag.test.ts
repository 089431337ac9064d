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
    { name: 'built, registry name with a version tag', service: { image: 'registry.example.test/acme/api:1.4.2', build: { context: '.' } } },
    { name: 'built, floating registry tag but never pulled', service: { image: 'registry.example.test/acme/api:latest', build: { context: '.' }, pull_policy: 'build' } as never },
    { name: 'built, local name without tag (corpus sentry-self-hosted-local)', service: { image: 'sentry-self-hosted-local', build: { context: '.' } } },
  ],
  invalid: [
    { service: { image: 'postgres' }, findings: [{ path: ['image'], messageIncludes: 'has no tag', severity: 'medium' }] },
    { service: { image: 'localhost:5000/app' }, findings: [{ path: ['image'], messageIncludes: 'has no tag' }] },
    { service: { image: 'nginx:latest' }, findings: [{ path: ['image'], messageIncludes: 'floating tag "latest"' }] },
    { service: { image: 'ghcr.io/org/app:MAIN' }, findings: [{ path: ['image'], messageIncludes: 'floating tag "MAIN"' }] },
    {
      name: 'dclint service-image-require-explicit-tag on examples/built-app: a built image Compose pulls first',
      service: { image: 'registry.example.test/acme/orders-api:latest', build: { context: '.' } },
      findings: [{ path: ['image'], messageIncludes: 'pulls it from the registry before building', severity: 'medium' }],
    },
    { service: { image: 'ghcr.io/org/app', build: { context: '.' } }, findings: [{ path: ['image'], messageIncludes: 'has no tag' }] },
    { service: { image: 'app:1', pre_start: [{ image: 'busybox', command: ['true'] }] }, findings: [{ path: ['pre_start', 0, 'image'], messageIncludes: 'pre_start step 1 image busybox has no tag' }] },
  ],
});
