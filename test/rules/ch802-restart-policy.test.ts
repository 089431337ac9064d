import { rule } from '../../src/rules/ch802-restart-policy.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'x:1', restart: 'on-failure:3' },
    { image: 'x:1', restart: 'no' },
    { image: 'x:1', deploy: { restart_policy: { condition: 'on-failure', max_attempts: 3 } } },
    { image: 'x:1', deploy: { restart_policy: { condition: 'none' } } },
    {
      name: 'corpus n8n subfolderWithSSL initContainer: a one-shot job without a policy is right to stay down',
      service: { image: 'busybox:1.36', command: ['sh', '-c', 'chown -R 1000:1000 /data'] },
      others: { app: { image: 'x:1', restart: 'on-failure:3', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } },
    },
    {
      name: 'a profile-gated service waiting for it makes it a one-shot too',
      service: { image: 'busybox:1.36' },
      project: { disabledServices: { setup: { image: 'x:1', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } } },
    },
  ],
  invalid: [
    { service: { image: 'x:1' }, findings: [{ path: ['restart'], messageIncludes: 'stays down' }] },
    { service: { image: 'x:1', restart: 'always' }, findings: [{ path: ['restart'], messageIncludes: 'retries forever' }] },
    { service: { image: 'x:1', restart: 'unless-stopped' }, findings: [{ path: ['restart'], messageIncludes: 'unless-stopped' }] },
    { service: { image: 'x:1', restart: 'on-failure' }, findings: [{ path: ['restart'], messageIncludes: 'no retry bound' }] },
    { service: { image: 'x:1', deploy: { restart_policy: { condition: 'any' } } }, findings: [{ path: ['deploy', 'restart_policy'], messageIncludes: 'max_attempts' }] },
    {
      name: 'a one-shot job restarted forever is still reported',
      service: { image: 'x:1', restart: 'always' },
      others: { app: { image: 'x:1', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } },
      findings: [{ path: ['restart'], messageIncludes: 'retries forever' }],
    },
    {
      name: 'waiting for service_started does not make a job',
      service: { image: 'x:1' },
      others: { app: { image: 'x:1', depends_on: { svc: { condition: 'service_started', required: true } } } },
      findings: [{ path: ['restart'], messageIncludes: 'stays down' }],
    },
  ],
  fixes: [
    { name: 'KB image: report only by default', service: { image: 'postgres:16' }, after: { image: 'postgres:16' } },
    { name: 'KB image with --fix CH802', service: { image: 'postgres:16' }, policy: { fix: ['CH802'] }, after: { image: 'postgres:16', restart: 'on-failure:5' } },
    { name: 'unknown image: opt-in', service: { image: 'x:1' }, after: { image: 'x:1' } },
    { name: 'unknown image with opt-in', service: { image: 'x:1' }, policy: { fix: ['CH802'] }, after: { image: 'x:1', restart: 'on-failure:5' } },
    { name: 'always is never swapped', service: { image: 'postgres:16', restart: 'always' }, policy: { strict: true }, after: { image: 'postgres:16', restart: 'always' } },
    { name: 'unbounded on-failure bounded with opt-in', service: { image: 'x:1', restart: 'on-failure' }, policy: { strict: true }, after: { image: 'x:1', restart: 'on-failure:5' } },
    {
      name: 'one-shot job others wait for is left alone',
      service: { image: 'postgres:16', command: ['psql', '-f', 'migrate.sql'] },
      others: { app: { image: 'x:1', restart: 'on-failure:3', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } },
      policy: { strict: true },
      after: { image: 'postgres:16', command: ['psql', '-f', 'migrate.sql'] },
    },
  ],
});
