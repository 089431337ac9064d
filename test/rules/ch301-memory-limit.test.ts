import { rule } from '../../src/rules/ch301-memory-limit.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', mem_limit: '256m' },
    { image: 'example/app:1', deploy: { resources: { limits: { memory: '1G' } } } },
    { image: 'example/app:1', mem_limit: 1073741824 },
    { image: 'example/app:1', mem_limit: '${MEM_LIMIT}' },
  ],
  invalid: [
    { service: { image: 'example/app:1' }, findings: [{ path: [], messageIncludes: 'no memory limit' }] },
    { service: { image: 'example/app:1', mem_limit: 0 }, findings: [{ path: ['mem_limit'], messageIncludes: 'switched off' }] },
    { service: { image: 'example/app:1', deploy: { resources: { limits: { cpus: '1' } } } }, findings: [{ path: [], messageIncludes: 'no memory limit' }] },
  ],
  fixes: [
    { name: 'deploy.resources when the service uses neither family', service: { image: 'example/app:1' }, after: { image: 'example/app:1', deploy: { resources: { limits: { memory: '512m' } } } } },
    { name: 'legacy spelling kept', service: { image: 'example/app:1', cpus: 0.5 }, after: { image: 'example/app:1', cpus: 0.5, mem_limit: '512m' } },
    {
      name: 'existing deploy block extended, its keys kept',
      service: { image: 'example/app:1', deploy: { replicas: 2, resources: { limits: { cpus: '2' }, reservations: { memory: '128m' } } } },
      after: { image: 'example/app:1', deploy: { replicas: 2, resources: { limits: { cpus: '2', memory: '512m' }, reservations: { memory: '128m' } } } },
    },
    {
      name: 'both families in use: both written so they agree',
      service: { image: 'example/app:1', pids_limit: 100, deploy: { resources: { limits: { pids: 100 } } } },
      after: { image: 'example/app:1', pids_limit: 100, mem_limit: '512m', deploy: { resources: { limits: { pids: 100, memory: '512m' } } } },
    },
    { name: 'policy default', service: { image: 'example/app:1' }, policy: { limits: { memory: '1g', cpus: '1.0', pids: 200 } }, after: { image: 'example/app:1', deploy: { resources: { limits: { memory: '1g' } } } } },
    { name: 'KB raises it for heavy images', service: { image: 'example/elastic:8' }, after: { image: 'example/elastic:8', deploy: { resources: { limits: { memory: '2g' } } } } },
    { name: 'never below a reservation', service: { image: 'example/app:1', mem_reservation: '768m' }, after: { image: 'example/app:1', mem_reservation: '768m', mem_limit: '768m' } },
    { name: 'tmpfs held in memory is covered', service: { image: 'example/app:1', tmpfs: ['/tmp:size=512m'] }, after: { image: 'example/app:1', tmpfs: ['/tmp:size=512m'], deploy: { resources: { limits: { memory: '1g' } } } } },
    { name: 'a user limit is never touched', service: { image: 'example/app:1', mem_limit: '64m' }, after: { image: 'example/app:1', mem_limit: '64m' } },
    { name: 'explicit unlimited kept without opt-in', service: { image: 'example/app:1', mem_limit: 0 }, after: { image: 'example/app:1', mem_limit: 0 } },
    { name: 'explicit unlimited replaced with opt-in', service: { image: 'example/app:1', mem_limit: 0 }, policy: { fix: ['CH301'] }, after: { image: 'example/app:1', mem_limit: '512m' } },
  ],
});
