import { rule } from '../../src/rules/ch804-init.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'x:1', init: true },
    { image: 'x:1', init: false },
    { image: 'x:1', entrypoint: ['/sbin/tini', '--', 'app'] },
    { image: 'x:1', command: ['dumb-init', 'node', 'server.js'] },
    { image: 'example/lsio:1', environment: { PUID: '1000' } },
    { name: 'the image has its own init (KB)', service: { image: 'gitea/gitea:1.22' } },
  ],
  invalid: [{ service: { image: 'x:1' }, findings: [{ path: ['init'], messageIncludes: 'zombies', severity: 'info' }] }],
  fixes: [
    { name: 'opt-in only', service: { image: 'x:1' }, after: { image: 'x:1' } },
    { name: 'opt-in', service: { image: 'x:1' }, policy: { fix: ['CH804'] }, after: { image: 'x:1', init: true } },
    { name: 's6 images are never given init', service: { image: 'example/lsio:1', environment: { PUID: '1000' } }, policy: { strict: true }, after: { image: 'example/lsio:1', environment: { PUID: '1000' } } },
  ],
});
