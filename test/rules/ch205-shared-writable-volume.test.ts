import { rule } from '../../src/rules/ch205-shared-writable-volume.ts';
import { ruleTester } from './tester.ts';

const web = { image: 'nginx:1.27', volumes: [{ type: 'volume', source: 'static', target: '/usr/share/nginx/html' }] };
ruleTester(rule, {
  valid: [
    { service: { image: 'example/app:1', volumes: [{ type: 'volume', source: 'static', target: '/srv' }] } },
    { name: 'the other side is read-only', service: { image: 'example/app:1', volumes: [{ type: 'volume', source: 'static', target: '/srv' }] }, others: { web: { ...web, volumes: [{ ...web.volumes[0], read_only: true }] } } },
    { name: 'this side is read-only', service: { image: 'example/app:1', volumes: [{ type: 'volume', source: 'static', target: '/srv', read_only: true }] }, others: { web } },
  ],
  invalid: [
    { service: { image: 'example/app:1', volumes: [{ type: 'volume', source: 'static', target: '/srv' }] }, others: { web }, findings: [{ path: ['volumes', 0], messageIncludes: 'volume static is mounted writable here and by web' }] },
    {
      name: 'the same host path, written differently',
      service: { image: 'example/app:1', volumes: ['./uploads:/up'] as never },
      others: { b: { image: 'x:1', volumes: [{ type: 'bind', source: '/work/project/uploads', target: '/u' }] } },
      findings: [{ path: ['volumes', 0], messageIncludes: 'and by b' }],
    },
  ],
});
