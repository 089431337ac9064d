import { rule } from '../../src/rules/ch107-lifecycle-hooks.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1' },
    { image: 'example/app:1', post_start: [{ command: ['echo', 'hi'], user: '1000' }], pre_stop: [{ command: ['sync'], privileged: false }] },
  ],
  invalid: [
    {
      service: { image: 'example/app:1', post_start: [{ command: ['chown', '-R', 'app', '/data'], user: 'root' }] },
      findings: [{ path: ['post_start', 0, 'user'], messageIncludes: 'post_start step 1 runs as root' }],
    },
    {
      service: { image: 'example/app:1', pre_stop: [{ command: ['x'] }, { command: ['y'], privileged: 'true' as never, user: '0' }] },
      findings: [
        { path: ['pre_stop', 1, 'privileged'], messageIncludes: 'runs privileged' },
        { path: ['pre_stop', 1, 'user'], messageIncludes: 'runs as root' },
      ],
    },
    { service: { image: 'example/app:1', pre_start: [{ image: 'busybox:1', command: ['x'], privileged: true }] }, findings: [{ path: ['pre_start', 0, 'privileged'], messageIncludes: 'pre_start' }] },
  ],
});
