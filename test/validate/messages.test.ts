// problemsFromErrors on hand-made ajv errors: the cases the Compose schema cannot produce today but a
// future overlay could (overlapping oneOf branches, keywords without a dedicated wording).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { problemsFromErrors } from '../../src/validate/messages.ts';

test('a value matching several oneOf branches is reported once as ambiguous', () => {
  const doc = { services: { web: { scale: 2 } } };
  const errors = [{ instancePath: '/services/web/scale', schemaPath: '#/oneOf', keyword: 'oneOf', params: { passingSchemas: [0, 1] } }];
  assert.equal(problemsFromErrors(doc, errors), [
    { path: ['services', 'web', 'scale'], message: 'services.web.scale is ambiguous: it matches more than one of the allowed forms' },
  ]);
});

test('keywords without a wording still name the place, and identical problems collapse', () => {
  const doc = { services: { web: { dns: 'x' } } };
  const e = { instancePath: '/services/web/dns', schemaPath: '#/minLength', keyword: 'minLength', params: { limit: 3 } };
  assert.equal(problemsFromErrors(doc, [e, { ...e }]), [{ path: ['services', 'web', 'dns'], message: 'services.web.dns is invalid (minLength {"limit":3})' }]);
});

test('nested combinators: the inner one speaks only when the outer one picked its branch', () => {
  const doc = { services: { web: { networks: { front: 5 } } } };
  const errors = [
    { instancePath: '/services/web/networks', schemaPath: '#/type', keyword: 'type', params: { type: 'array' } },
    { instancePath: '/services/web/networks/front', schemaPath: '#/oneOf/1/patternProperties/x/oneOf/0/type', keyword: 'type', params: { type: 'object' } },
    { instancePath: '/services/web/networks/front', schemaPath: '#/oneOf/1/patternProperties/x/oneOf/1/type', keyword: 'type', params: { type: 'null' } },
    { instancePath: '/services/web/networks/front', schemaPath: '#/oneOf/1/patternProperties/x/oneOf', keyword: 'oneOf', params: { passingSchemas: null } },
    { instancePath: '/services/web/networks', schemaPath: '#/oneOf', keyword: 'oneOf', params: { passingSchemas: null } },
  ];
  assert.equal(problemsFromErrors(doc, errors), [{ path: ['services', 'web', 'networks', 'front'], message: 'services.web.networks.front must be a mapping or null (got 5)' }]);
});

test.run();
