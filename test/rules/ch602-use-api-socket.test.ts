import { rule } from '../../src/rules/ch602-use-api-socket.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [{ image: 'x:1' }, { image: 'x:1', use_api_socket: false }],
  invalid: [
    { service: { image: 'x:1', use_api_socket: true }, findings: [{ path: ['use_api_socket'], messageIncludes: 'registry credentials', severity: 'high' }] },
    { service: { image: 'x:1', use_api_socket: 'yes' as never }, findings: [{ path: ['use_api_socket'], messageIncludes: 'engine API' }] },
  ],
});
