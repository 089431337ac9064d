// The name lists of CH203 and CH804 are set lookups now; they answer exactly as the expressions they replaced
// (kept here as the reference) for listed and random paths.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { isConfigFile, isPackageFile } from '../../src/rules/ch203-writable-config-mount.ts';
import { isOwnInit } from '../../src/rules/ch804-init.ts';

const CONFIG_FILE = /\.(conf|cnf|cfg|ini|ya?ml|json|toml|properties|xml|env|pem|crt|cer|key|p12|pfx|jks|html?|css|js|lua|vcl|caddyfile)$/i;
const CONFIG_NAMES = /(^|\/)(caddyfile|dockerfile|nginx\.conf|htpasswd|\.htpasswd|my\.cnf|pg_hba\.conf)$/i;
const PACKAGE_FILES = /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|composer\.(json|lock)|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?|deno\.lock|Pipfile(\.lock)?|poetry\.lock|pyproject\.toml|uv\.lock|Gemfile(\.lock)?|go\.(mod|sum)|Cargo\.(toml|lock)|mix\.lock)$/;
const OWN_INIT = /(^|\/)(tini|dumb-init|catatonit|s6-svscan|init|supervisord|runsvdir|my_init)$/;

const same = (p: string) => {
  assert.is(isConfigFile(p), CONFIG_FILE.test(p) || CONFIG_NAMES.test(p), `config ${JSON.stringify(p)}`);
  assert.is(isPackageFile(p), PACKAGE_FILES.test(p), `package ${JSON.stringify(p)}`);
  assert.is(isOwnInit(p), OWN_INIT.test(p), `init ${JSON.stringify(p)}`);
  return true;
};

const words = [...'conf cnf cfg ini yml yaml json toml properties xml env pem crt cer key p12 pfx jks htm html css js lua vcl caddyfile nginx.conf htpasswd .htpasswd my.cnf pg_hba.conf package.json package-lock.json composer.lock bun.lockb Pipfile Pipfile.lock go.sum Cargo.toml tini dumb-init s6-svscan init my_init'.split(' '), 'YAML', 'Caddyfile', 'NGINX.CONF', 'Dockerfile', 'package.JSON', 'x', '', 'ſ', 'K', 'İ', 'tiny', 'bun.lockbb'];

test('listed paths', () => {
  for (const w of words) for (const p of [w, `/etc/${w}`, `./${w}`, `a.${w}`, `${w}/x`, `${w}.bak`, `dir.d/${w}`, `x\n/${w}`, `.${w}`]) same(p);
});

test('random paths from the same pieces', () => {
  const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom('/', '.', '-', '_', 'K', 'ſ'), fc.string({ maxLength: 3 }));
  fc.assert(fc.property(fc.array(piece, { maxLength: 5 }), (parts) => same(parts.join(''))), { numRuns: 20000 });
});

test.run();
