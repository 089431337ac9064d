// The own rules against the real image knowledge base: for every known image, the fixes the catalog calls
// automatic apply, clear their finding, and running the whole fix sequence twice changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultImages } from '../../src/images/index.ts';
import type { Service } from '../../src/model/types.ts';
import { makeContext } from '../../src/rules/context.ts';
import { rulesInFixOrder } from '../../src/rules/index.ts';
import { emptyGraph, makePolicy, makeProject } from './tester.ts';

const OWN = /^CH[123678]\d\d$/;
const rules = rulesInFixOrder().filter((r) => OWN.test(r.meta.id));
const opts = { policy: makePolicy(), images: defaultImages, graph: emptyGraph };

function harden(service: Service): Service {
  const project = makeProject({ svc: service });
  const ctx = makeContext(project, 'svc', opts);
  const copy = structuredClone(service);
  for (const r of rules) r.fix!(copy, ctx);
  return copy;
}

const findingsOf = (service: Service, id: string) => {
  const rule = rules.find((r) => r.meta.id === id)!;
  return rule.check(service, makeContext(makeProject({ svc: service }), 'svc', opts));
};

const images = defaultImages.all().map((f) => f.image);

test('the knowledge base is loaded', () => {
  assert.ok(images.length >= 20);
});

for (const image of images) {
  test(`${image}: automatic fixes apply, clear their findings and are stable`, () => {
    const before: Service = { image };
    const once = harden(before);
    assert.equal(harden(once), once, 'a second pass changes nothing');
    const facts = defaultImages.lookup(image)!;
    const guaranteed = ['CH103', 'CH301', 'CH302', 'CH303'];
    if (!(facts.fileCaps?.length && once.user)) guaranteed.push('CH105');
    for (const id of guaranteed) assert.equal(findingsOf(once, id).map((f) => f.message), [], `${id} still reported`);
    assert.ok((once.cap_drop ?? []).includes('ALL'));
    if (once.read_only) for (const t of once.tmpfs ?? []) assert.ok(!(once.volumes ?? []).some((v) => v.target === t.split(':')[0]));
  });
}

test.run();
