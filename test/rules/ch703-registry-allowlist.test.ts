import { rule } from '../../src/rules/ch703-registry-allowlist.ts';
import { ruleTester } from './tester.ts';

const policy = { allowedRegistries: ['docker.io/library', 'ghcr.io/myorg'] };
ruleTester(rule, {
  valid: [
    { name: 'no allowlist: silent', service: { image: 'evil.example/app:1' } },
    { service: { image: 'postgres:16' }, policy },
    { service: { image: 'docker.io/library/redis:7' }, policy },
    { service: { image: 'index.docker.io/library/redis:7' }, policy },
    { service: { image: 'ghcr.io/myorg/api:1' }, policy },
    { service: { image: 'ghcr.io/myorg/api:1' }, policy: { allowedRegistries: ['GHCR.io/'] } },
  ],
  invalid: [
    { service: { image: 'grafana/grafana:11' }, policy, findings: [{ path: ['image'], messageIncludes: 'comes from docker.io' }] },
    { service: { image: 'ghcr.io/myorganisation/api:1' }, policy, findings: [{ path: ['image'], messageIncludes: 'ghcr.io' }] },
    { service: { image: 'quay.io/keycloak/keycloak:25' }, policy, findings: [{ path: ['image'], messageIncludes: 'quay.io, which the policy does not allow' }] },
  ],
});
