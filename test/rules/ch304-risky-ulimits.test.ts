import { rule } from '../../src/rules/ch304-risky-ulimits.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', ulimits: { nofile: { soft: 1024, hard: 65535 }, nproc: 4096 } },
    { name: 'the image needs it (KB)', service: { image: 'example/elastic:8', ulimits: { memlock: { soft: -1, hard: -1 } } } },
  ],
  invalid: [
    { service: { image: 'example/app:1', ulimits: { nproc: -1, nofile: 1024 } }, findings: [{ path: ['ulimits', 'nproc'], messageIncludes: 'nproc is unlimited' }] },
    { service: { image: 'example/app:1', ulimits: { memlock: { soft: 1024, hard: 'unlimited' as never } } }, findings: [{ path: ['ulimits', 'memlock'], messageIncludes: 'memlock' }] },
  ],
});
