import { rule } from '../../src/rules/ch302-cpu-limit.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', cpus: '0.5' },
    { image: 'example/app:1', cpu_quota: 50000 },
    { image: 'example/app:1', deploy: { resources: { limits: { cpus: 2 } } } },
  ],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: [], messageIncludes: 'no CPU limit', severity: 'low' }] },
    { service: { image: 'example/app:1', cpus: '0' }, findings: [{ path: ['cpus'], messageIncludes: 'switched off' }] },
  ],
  fixes: [
    { service: { image: 'example/app:1' }, after: { image: 'example/app:1', deploy: { resources: { limits: { cpus: '1.0' } } } } },
    { name: 'legacy family', service: { image: 'example/app:1', mem_limit: '1g' }, after: { image: 'example/app:1', mem_limit: '1g', cpus: '1.0' } },
  ],
});
