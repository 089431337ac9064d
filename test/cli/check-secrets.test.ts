// No format leaks a secret: every example (each holds the fake secrets CANARIES.txt lists) in every format,
// and override diffs whose context or removed lines hold literal secrets written in the override itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck, type CheckFlags } from '../../src/cli/check.ts';
import { FORMATS } from '../../src/report/formats/index.ts';
import { hardenProject, removeProject, tmpProject } from '../drift/tmp-project.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const canaries = readFileSync(join(EXAMPLES, 'CANARIES.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [file, variable, value] = l.split('\t');
    return { file, variable, value };
  });

async function allFormats(dir: string, extra: Partial<CheckFlags> = {}): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const format of FORMATS) {
    let text = '';
    await runCheck({ format, failOn: 'low', ...extra }, { cwd: dir, env: {}, isTTY: false, stdout: (s) => (text += s), stderr: (s) => (text += s) });
    out.set(format, text);
  }
  return out;
}

function assertClean(outputs: Map<string, string>, values: Array<{ variable: string; value: string }>, where: string): void {
  for (const [format, text] of outputs) {
    for (const c of values) assert.not.ok(text.includes(c.value), `${where} --format ${format} shows the value of ${c.variable}`);
  }
}

const examples = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, 'compose.yaml'))).sort();

test('the canaries list covers several examples', () => {
  assert.ok(canaries.length >= 10);
});

for (const name of examples) {
  test(`examples/${name}: no format shows a secret, before and after hardening`, async () => {
    const dir = tmpProject({});
    try {
      cpSync(join(EXAMPLES, name), dir, { recursive: true });
      assertClean(await allFormats(dir), canaries, name);
      const path = hardenProject(dir);
      // A hand edit puts the diff's context right next to whatever the override holds.
      writeFileSync(path, readFileSync(path, 'utf8').replace(/memory: \S+/, 'memory: 3g'));
      assertClean(await allFormats(dir), canaries, `${name} (drifted override)`);
    } finally {
      removeProject(dir);
    }
  });
}

test('literal secrets written in a user override: masked in diff context and in removed (stale) lines', async () => {
  const secrets = [
    { variable: 'SESSION_SECRET', value: 'ovr-canary-session-5b9e1d7c' },
    { variable: 'ADMIN_PASSWORD', value: 'ovr-canary-stale-admin-0c4f2a8e' },
    { variable: 'API_TOKEN', value: 'ovr-canary-token-e7a1c3b9' },
  ];
  const dir = tmpProject({
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    'compose.override.yaml': `services:\n  web:\n    environment:\n      SESSION_SECRET: ${secrets[0].value}\n      API_TOKEN: "${secrets[2].value}"\n  removed:\n    image: busybox:1\n    environment:\n      - ADMIN_PASSWORD=${secrets[1].value}\n`,
  });
  try {
    const stale = await allFormats(dir);
    assert.match(stale.get('text')!, /override drift: .*names service removed/);
    assert.match(stale.get('text')!, /^-\s+- ADMIN_PASSWORD=\*\*redacted\*\*$/m, 'the removed line is shown, masked');
    assertClean(stale, secrets, 'stale user override');
    // Without the stale service, the drift diff keeps the secrets as context around what harden adds.
    writeFileSync(join(dir, 'compose.override.yaml'), `services:\n  web:\n    environment:\n      SESSION_SECRET: ${secrets[0].value}\n      API_TOKEN: "${secrets[2].value}"\n`);
    const drifted = await allFormats(dir);
    assert.match(drifted.get('text')!, /override drift/);
    assert.match(drifted.get('text')!, /^ {7}SESSION_SECRET: \*\*redacted\*\*$/m, 'context line is shown, masked');
    assertClean(drifted, secrets, 'drifted user override');
  } finally {
    removeProject(dir);
  }
});

test.run();
