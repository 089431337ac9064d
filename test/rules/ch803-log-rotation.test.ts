import { rule } from '../../src/rules/ch803-log-rotation.ts';
import { ruleTester } from './tester.ts';

const rotated = { 'max-size': '50m', 'max-file': '3' };
ruleTester(rule, {
  valid: [
    { image: 'x:1', logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '5' } } },
    { image: 'x:1', logging: { driver: 'local' } },
    { image: 'x:1', logging: { driver: 'journald' } },
    { name: 'the policy names the daemon default', service: { image: 'x:1' }, policy: { logging: { maxSize: '50m', maxFile: '3', driver: 'journald' } } },
  ],
  invalid: [
    { service: { image: 'x:1' }, findings: [{ path: ['logging'], messageIncludes: 'no driver set' }] },
    { service: { image: 'x:1', logging: { driver: 'json-file', options: { 'max-size': '10m' } } }, findings: [{ path: ['logging', 'driver'], messageIncludes: 'max-file missing' }] },
    { service: { image: 'x:1', logging: { driver: 'none' } }, findings: [{ path: ['logging', 'driver'], messageIncludes: 'logging is disabled' }] },
  ],
  fixes: [
    { name: 'explicit json-file: automatic, user options kept', service: { image: 'x:1', logging: { driver: 'json-file', options: { 'max-size': '10m' } } }, after: { image: 'x:1', logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } } } },
    { name: 'no driver: opt-in', service: { image: 'x:1' }, after: { image: 'x:1' } },
    { name: 'no driver with opt-in', service: { image: 'x:1' }, policy: { fix: ['CH803'] }, after: { image: 'x:1', logging: { driver: 'json-file', options: rotated } } },
    {
      name: 'no driver, the policy says json-file',
      service: { image: 'x:1' },
      policy: { logging: { maxSize: '20m', maxFile: '2', driver: 'json-file' } },
      after: { image: 'x:1', logging: { driver: 'json-file', options: { 'max-size': '20m', 'max-file': '2' } } },
    },
    { name: 'other drivers never get json-file options', service: { image: 'x:1', logging: { driver: 'syslog' } }, policy: { strict: true }, after: { image: 'x:1', logging: { driver: 'syslog' } } },
    { name: 'driver none: opt-in only', service: { image: 'x:1', logging: { driver: 'none' } }, after: { image: 'x:1', logging: { driver: 'none' } } },
    { name: 'driver none with opt-in', service: { image: 'x:1', logging: { driver: 'none' } }, policy: { strict: true }, after: { image: 'x:1', logging: { driver: 'json-file', options: rotated } } },
  ],
});
