import { rule } from '../../src/rules/ch202-weak-tmpfs.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', tmpfs: ['/tmp:size=64m,mode=1777'] },
    { image: 'example/app:1', volumes: [{ type: 'tmpfs', target: '/cache', tmpfs: { size: '32m' } }] },
    { name: 'exec required by the image (KB)', service: { image: 'example/templated:1', tmpfs: ['/tmp:size=64m,exec'] } },
  ],
  invalid: [
    { service: { image: 'example/app:1', tmpfs: ['/tmp'] }, findings: [{ path: ['tmpfs', 0], messageIncludes: 'no size limit' }] },
    {
      service: { image: 'example/app:1', tmpfs: ['/run:size=1m', '/tmp:exec,suid,size=10m'] },
      findings: [{ path: ['tmpfs', 1], messageIncludes: 'mounted with exec, suid' }],
    },
    { service: { image: 'example/app:1', volumes: [{ type: 'tmpfs', target: '/cache' }] }, findings: [{ path: ['volumes', 0], messageIncludes: 'tmpfs /cache has no size' }] },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'example/app:1', tmpfs: ['/tmp'] }, after: { image: 'example/app:1', tmpfs: ['/tmp'] } },
    {
      name: 'sizes added, other options kept',
      service: { image: 'example/app:1', tmpfs: ['/tmp', '/run:mode=755'], volumes: [{ type: 'tmpfs', target: '/cache', tmpfs: { mode: 1777 } }] },
      policy: { fix: ['CH202'] },
      after: { image: 'example/app:1', tmpfs: ['/tmp:size=64m', '/run:size=64m,mode=755'], volumes: [{ type: 'tmpfs', target: '/cache', tmpfs: { mode: 1777, size: '64m' } }] },
    },
  ],
});
