import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseImageRef, type ImageRef } from '../../src/images/ref.ts';

const D = 'sha256:' + '0123456789abcdef'.repeat(4);

// [reference, expected] — expected undefined means the engine would reject it (or it is not resolved yet).
const TABLE: Array<[string, ImageRef | undefined]> = [
  ['postgres', { registry: 'docker.io', path: 'library/postgres', name: 'postgres' }],
  ['postgres:16', { registry: 'docker.io', path: 'library/postgres', name: 'postgres', tag: '16' }],
  ['library/postgres:16-alpine', { registry: 'docker.io', path: 'library/postgres', name: 'postgres', tag: '16-alpine' }],
  ['docker.io/postgres', { registry: 'docker.io', path: 'library/postgres', name: 'postgres' }],
  ['docker.io/library/postgres:16-alpine@' + D, { registry: 'docker.io', path: 'library/postgres', name: 'postgres', tag: '16-alpine', digest: D }],
  ['index.docker.io/library/redis:7', { registry: 'docker.io', path: 'library/redis', name: 'redis', tag: '7' }],
  ['registry-1.docker.io/grafana/grafana:11.0.0', { registry: 'docker.io', path: 'grafana/grafana', name: 'grafana/grafana', tag: '11.0.0' }],
  ['Docker.IO/library/nginx', { registry: 'docker.io', path: 'library/nginx', name: 'nginx' }],
  ['INDEX.DOCKER.IO/nginx:alpine', { registry: 'docker.io', path: 'library/nginx', name: 'nginx', tag: 'alpine' }],
  ['grafana/grafana', { registry: 'docker.io', path: 'grafana/grafana', name: 'grafana/grafana' }],
  ['bitnami/postgresql:16.2.0-debian-12-r0', { registry: 'docker.io', path: 'bitnami/postgresql', name: 'bitnami/postgresql', tag: '16.2.0-debian-12-r0' }],
  ['ubuntu@' + D, { registry: 'docker.io', path: 'library/ubuntu', name: 'ubuntu', digest: D }],
  ['quay.io/keycloak/keycloak:26.0', { registry: 'quay.io', path: 'keycloak/keycloak', name: 'quay.io/keycloak/keycloak', tag: '26.0' }],
  ['ghcr.io/axllent/mailpit', { registry: 'ghcr.io', path: 'axllent/mailpit', name: 'ghcr.io/axllent/mailpit' }],
  ['docker.elastic.co/elasticsearch/elasticsearch:8.15.0', { registry: 'docker.elastic.co', path: 'elasticsearch/elasticsearch', name: 'docker.elastic.co/elasticsearch/elasticsearch', tag: '8.15.0' }],
  ['localhost/app', { registry: 'localhost', path: 'app', name: 'localhost/app' }],
  ['localhost:5000/app', { registry: 'localhost:5000', path: 'app', name: 'localhost:5000/app' }],
  ['localhost:5000/app:1.0', { registry: 'localhost:5000', path: 'app', name: 'localhost:5000/app', tag: '1.0' }],
  ['registry:5000/ns/img:1@' + D, { registry: 'registry:5000', path: 'ns/img', name: 'registry:5000/ns/img', tag: '1', digest: D }],
  ['MyRegistry.Example.COM:8443/team/api:v2', { registry: 'myregistry.example.com:8443', path: 'team/api', name: 'myregistry.example.com:8443/team/api', tag: 'v2' }],
  ['[::1]:5000/app', { registry: '[::1]:5000', path: 'app', name: '[::1]:5000/app' }],
  ['192.168.1.10:5000/library/postgres', { registry: '192.168.1.10:5000', path: 'library/postgres', name: '192.168.1.10:5000/library/postgres' }],
  ['registry/ns/img', { registry: 'docker.io', path: 'registry/ns/img', name: 'registry/ns/img' }],
  ['my_org/my__app--x.y:latest', { registry: 'docker.io', path: 'my_org/my__app--x.y', name: 'my_org/my__app--x.y', tag: 'latest' }],
  ['gitea/gitea:1.22-rootless', { registry: 'docker.io', path: 'gitea/gitea', name: 'gitea/gitea', tag: '1.22-rootless' }],
  ['  nginx:1.27  ', { registry: 'docker.io', path: 'library/nginx', name: 'nginx', tag: '1.27' }],
  ['a:' + 'x'.repeat(128), { registry: 'docker.io', path: 'library/a', name: 'a', tag: 'x'.repeat(128) }],
  // rejected
  ['', undefined],
  ['   ', undefined],
  ['postgres:', undefined],
  ['postgres@', undefined],
  [':16', undefined],
  ['@' + D, undefined],
  ['Postgres', undefined], // upper case in a repository path
  ['library/Postgres:16', undefined],
  ['postgres:${TAG}', undefined],
  ['${REGISTRY}/app:1', undefined],
  ['postgres:${TAG:-16}', undefined],
  ['$IMAGE', undefined],
  ['postgres@sha256:abc', undefined], // digest too short
  ['postgres@' + D + 'x', undefined],
  ['postgres:16@', undefined],
  ['a:' + 'x'.repeat(129), undefined],
  ['post gres', undefined],
  ['postgres:-16', undefined],
  ['-postgres', undefined],
  ['postgres..x', undefined],
  ['ns//img', undefined],
  ['img/', undefined],
  ['bad_host.example.com_:5000/x', undefined],
  ['docker.io/', undefined],
];

test('parse table: valid and rejected references', () => {
  assert.ok(TABLE.length >= 30);
  for (const [ref, expected] of TABLE) assert.equal(parseImageRef(ref), expected, `parseImageRef(${JSON.stringify(ref)})`);
});

test('parse: the familiar name round-trips for Docker Hub and other registries', () => {
  for (const ref of ['postgres:16', 'grafana/grafana:1', 'quay.io/keycloak/keycloak:26.0', 'localhost:5000/app:1']) {
    const parsed = parseImageRef(ref);
    assert.ok(parsed);
    assert.equal(parseImageRef(`${parsed.name}:${parsed.tag}`), parsed);
  }
});

test('parse: non-strings are not references', () => {
  assert.is(parseImageRef(undefined as unknown as string), undefined);
  assert.is(parseImageRef(42 as unknown as string), undefined);
});

test.run();
