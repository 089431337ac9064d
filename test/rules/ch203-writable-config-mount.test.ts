import { rule } from '../../src/rules/ch203-writable-config-mount.ts';
import { ruleTester } from './tester.ts';

ruleTester(rule, {
  valid: [
    { image: 'example/app:1', volumes: [{ type: 'bind', source: './nginx.conf', target: '/etc/nginx/nginx.conf', read_only: true }] },
    { image: 'example/app:1', volumes: ['./app.yml:/config/app.yml:ro'] as never },
    { image: 'example/app:1', volumes: [{ type: 'bind', source: './data', target: '/data' }] },
    { image: 'example/app:1', volumes: [{ type: 'volume', source: 'conf', target: '/etc/app' }] },
    { name: 'the image writes there (KB)', service: { image: 'postgres:16', volumes: [{ type: 'bind', source: './pgdata', target: '/var/lib/postgresql/data' }] } },
    {
      name: 'corpus awesome-compose react-express-mysql backend: dependency manifest and lockfile a dev container rewrites',
      service: { image: 'example/app:1', volumes: ['./backend/package.json:/code/package.json', './backend/package-lock.json:/code/package-lock.json'] as never },
    },
    { image: 'example/app:1', volumes: ['./composer.lock:/app/composer.lock', './poetry.lock:/app/poetry.lock', './Cargo.toml:/src/Cargo.toml'] as never },
    { name: 'host system paths are CH603', service: { image: 'example/app:1', volumes: [{ type: 'bind', source: '/etc', target: '/host/etc' }] } },
  ],
  invalid: [
    { service: { image: 'nginx:1.27', volumes: ['./nginx.conf:/etc/nginx/nginx.conf'] as never }, findings: [{ path: ['volumes', 0], messageIncludes: 'single configuration or certificate file' }] },
    { service: { image: 'example/app:1', volumes: [{ type: 'bind', source: './certs', target: '/etc/ssl/private' }] }, findings: [{ path: ['volumes', 0], messageIncludes: 'certificates' }] },
    { service: { image: 'example/app:1', volumes: [{ type: 'bind', source: './conf.d', target: '/etc/app/conf.d' }] }, findings: [{ path: ['volumes', 0], messageIncludes: 'under /etc' }] },
    {
      name: 'a JSON config that is not a package manifest is still reported',
      service: { image: 'example/app:1', volumes: ['./my-package.json:/app/settings.json'] as never },
      findings: [{ path: ['volumes', 0], messageIncludes: 'single configuration' }],
    },
  ],
  fixes: [
    { name: 'opt-in only', service: { image: 'example/app:1', volumes: [{ type: 'bind', source: './a.conf', target: '/a.conf' }] }, after: { image: 'example/app:1', volumes: [{ type: 'bind', source: './a.conf', target: '/a.conf' }] } },
    {
      name: 'same target, read_only added; unrelated mounts untouched',
      service: { image: 'example/app:1', volumes: [{ type: 'bind', source: './data', target: '/data' }, { type: 'bind', source: './a.conf', target: '/etc/a.conf', bind: { create_host_path: true } }] },
      policy: { fix: ['CH203'] },
      after: { image: 'example/app:1', volumes: [{ type: 'bind', source: './data', target: '/data' }, { type: 'bind', source: './a.conf', target: '/etc/a.conf', bind: { create_host_path: true }, read_only: true }] },
    },
    {
      name: 'short syntax becomes long syntax',
      service: { image: 'example/app:1', volumes: ['./a.conf:/etc/a.conf'] as never },
      policy: { strict: true },
      after: { image: 'example/app:1', volumes: [{ type: 'bind', source: './a.conf', target: '/etc/a.conf', read_only: true }] },
    },
  ],
});
