import { rule } from '../../src/rules/ch303-pids-limit.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'example/app:1', pids_limit: 100 }, { image: 'example/app:1', deploy: { resources: { limits: { pids: '300' } } } }],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: [], messageIncludes: 'no PIDs limit' }] },
    { service: { image: 'example/app:1', pids_limit: -1 }, findings: [{ path: ['pids_limit'], messageIncludes: '-1 means unlimited' }] },
  ],
  fixes: [
    { service: { image: 'example/app:1' }, after: { image: 'example/app:1', deploy: { resources: { limits: { pids: 200 } } } } },
    { name: 'legacy family', service: { image: 'example/app:1', mem_limit: '1g' }, policy: { limits: { memory: '512m', cpus: '1.0', pids: 1000 } }, after: { image: 'example/app:1', mem_limit: '1g', pids_limit: 1000 } },
  ],
});
