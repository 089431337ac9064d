import { rule } from '../../src/rules/ch616-shared-namespaces.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', network_mode: 'host', pid: 'host', ipc: 'private' }],
  invalid: [
    { service: { image: 'x:1', network_mode: 'service:vpn' }, findings: [{ path: ['network_mode'], messageIncludes: 'namespace of service vpn', severity: 'info' }] },
    { service: { image: 'x:1', pid: 'container:abc', ipc: 'shareable' }, findings: [{ path: ['pid'], messageIncludes: 'container abc' }, { path: ['ipc'], messageIncludes: 'shareable' }] },
    { service: { image: 'x:1', volumes_from: ['data', 'container:old:ro'] }, findings: [{ path: ['volumes_from', 0], messageIncludes: 'that service' }, { path: ['volumes_from', 1], messageIncludes: 'that container' }] },
  ],
});
