import { rule } from '../../src/rules/ch801-healthcheck.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'x:1', healthcheck: { test: ['CMD', 'true'] } },
    { name: "timing only: tunes the image's own HEALTHCHECK", service: { image: 'x:1', healthcheck: { interval: '30s' } } },
    { image: 'x:1', healthcheck: { test: ['CMD-SHELL', 'curl -f localhost'], disable: false } },
    {
      name: 'corpus n8n subfolderWithSSL initContainer: a one-shot job needs no healthcheck',
      service: { image: 'busybox:1.36', command: ['sh', '-c', 'chown -R 1000:1000 /data'] },
      others: { app: { image: 'x:1', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } },
    },
    {
      name: 'a one-shot job of a KB image is not given the KB healthcheck',
      service: { image: 'postgres:16', command: ['psql', '-f', 'migrate.sql'] },
      others: { app: { image: 'x:1', depends_on: { svc: { condition: 'service_completed_successfully', required: true } } } },
      policy: { strict: true },
    },
  ],
  invalid: [
    { service: { image: 'postgres:16' }, findings: [{ path: ['healthcheck'], messageIncludes: 'verified one for postgres', severity: 'low' }] },
    { service: { image: 'example/app:1' }, findings: [{ path: ['healthcheck'], messageIncludes: 'may define its own', severity: 'info' }] },
    { service: { image: 'x:1', healthcheck: { disable: true } }, findings: [{ path: ['healthcheck', 'disable'], messageIncludes: 'disabled' }] },
    { service: { image: 'x:1', healthcheck: { test: ['NONE'] } }, findings: [{ path: ['healthcheck', 'test'], messageIncludes: 'disabled' }] },
  ],
  fixes: [
    {
      name: 'KB healthcheck, $$ unescaped into the model',
      service: { image: 'postgres:16' },
      after: {
        image: 'postgres:16',
        healthcheck: { test: ['CMD-SHELL', 'pg_isready -h 127.0.0.1 -U "${POSTGRES_USER:-postgres}"'], interval: '10s', timeout: '5s', retries: 5, start_period: '30s' },
      },
    },
    { name: 'unknown image: nothing to add', service: { image: 'example/app:1' }, after: { image: 'example/app:1' }, clears: false },
    { name: 'disabled on purpose: kept without opt-in', service: { image: 'nginx:1.27', healthcheck: { disable: true } }, after: { image: 'nginx:1.27', healthcheck: { disable: true } } },
    {
      name: 'opt-in re-enables, keeping the user timing',
      service: { image: 'nginx:1.27', healthcheck: { disable: true, interval: '1m' } },
      policy: { fix: ['CH801'] },
      after: { image: 'nginx:1.27', healthcheck: { test: ['CMD-SHELL', 'curl -fsS -o /dev/null http://127.0.0.1/ || exit 1'], interval: '1m', timeout: '5s', retries: 5, start_period: '30s' } },
    },
  ],
});
