// Interrupted and concurrent runs: a write that fails or is killed at any point leaves the previous file
// intact; two runs at once never produce a mixed file; a read-only project directory is a clear error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import fs, { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/io/write.ts';
import { InputError } from '../../src/model/errors.ts';
import { CLI, SAFE_ENV, runs, scratchDir } from './support.ts';

const BASE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  db:\n    image: postgres:16\n';
const USER_OVERRIDE = 'services:\n  web:\n    environment:\n      LOG_LEVEL: debug\n';

function cli(args: string[], cwd: string, extra: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: SAFE_ENV, ...extra });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The override a complete run writes over USER_OVERRIDE (computed by an uninterrupted run). */
function completeOutput(): string {
  const { dir, done } = scratchDir();
  try {
    writeFileSync(join(dir, 'compose.yaml'), BASE);
    writeFileSync(join(dir, 'compose.override.yaml'), USER_OVERRIDE);
    const r = cli(['harden'], dir);
    assert.is(r.code, 0, r.stderr);
    return readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
  } finally {
    done();
  }
}

const STEPS = ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'] as const;

for (const step of STEPS) {
  test(`writeFileAtomic failing at ${step} leaves the previous file intact and no temp file`, () => {
    const { dir, done } = scratchDir();
    const real = fs[step];
    try {
      const file = join(dir, 'compose.override.yaml');
      writeFileSync(file, USER_OVERRIDE);
      (fs as unknown as Record<string, unknown>)[step] = () => {
        throw Object.assign(new Error(`${step} failed`), { code: 'EIO' });
      };
      syncBuiltinESMExports();
      assert.throws(
        () => writeFileAtomic(file, 'services: {}\n', { previous: USER_OVERRIDE }),
        (e: Error) => e instanceof InputError && /cannot write \(EIO\); the previous file is unchanged/.test(e.message),
      );
      (fs as unknown as Record<string, unknown>)[step] = real;
      syncBuiltinESMExports();
      assert.is(readFileSync(file, 'utf8'), USER_OVERRIDE);
      assert.equal(readdirSync(dir), ['compose.override.yaml']);
    } finally {
      (fs as unknown as Record<string, unknown>)[step] = real;
      syncBuiltinESMExports();
      done();
    }
  });
}

test('writeFileAtomic refuses a file changed since it was read, and one that appeared meanwhile', () => {
  const { dir, done } = scratchDir();
  try {
    const file = join(dir, 'o.yaml');
    writeFileSync(file, 'edited by someone else\n');
    assert.throws(() => writeFileAtomic(file, 'new\n', { previous: USER_OVERRIDE }), /changed since it was read/);
    assert.throws(() => writeFileAtomic(file, 'new\n', {}), /changed since it was read/);
    assert.is(readFileSync(file, 'utf8'), 'edited by someone else\n');
  } finally {
    done();
  }
});

test('harden killed (SIGKILL) at random moments: the override is always the previous or the complete file', async () => {
  const expected = completeOutput();
  assert.is.not(expected, USER_OVERRIDE);
  const { dir, done } = scratchDir();
  const seen = { previous: 0, complete: 0 };
  try {
    const rounds = runs(12);
    for (let i = 0; i < rounds; i++) {
      writeFileSync(join(dir, 'compose.yaml'), BASE);
      writeFileSync(join(dir, 'compose.override.yaml'), USER_OVERRIDE);
      const child = spawn(process.execPath, [CLI, 'harden'], { cwd: dir, env: SAFE_ENV, stdio: 'ignore' });
      // Spread the kills over the whole run: start-up, load, verify and the write itself.
      const delay = 20 + ((i * 997) % 700);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const now = readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
      if (now === USER_OVERRIDE) seen.previous++;
      else if (now === expected) seen.complete++;
      else assert.unreachable(`round ${i} (kill after ${delay} ms) left a mixed file:\n${now}`);
      // A kill between open and rename can leave a temp file, never a damaged override; clear it for the next round.
      for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) fs.rmSync(join(dir, f));
    }
    console.log(`  kill -9: ${seen.previous} rounds left the previous file, ${seen.complete} the complete one`);
  } finally {
    done();
  }
});

test('two harden runs at once on one project: the result is one complete output, never a mix', async () => {
  const { dir, done } = scratchDir();
  try {
    const expected = (() => {
      writeFileSync(join(dir, 'compose.yaml'), BASE);
      const r = cli(['harden', '--stdout'], dir);
      assert.is(r.code, 0, r.stderr);
      return r.stdout;
    })();
    const rounds = runs(4);
    for (let i = 0; i < rounds; i++) {
      fs.rmSync(join(dir, 'compose.override.yaml'), { force: true });
      const run = () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const c = spawn(process.execPath, [CLI, 'harden'], { cwd: dir, env: SAFE_ENV });
          let stderr = '';
          c.stderr.on('data', (d) => (stderr += d));
          c.on('exit', (code) => resolve({ code, stderr }));
        });
      const results = await Promise.all([run(), run()]);
      const text = readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
      assert.is(text, expected, `round ${i}: the override is not one complete output`);
      assert.ok(results.some((r) => r.code === 0), results.map((r) => r.stderr).join('\n'));
      for (const r of results) {
        if (r.code !== 0) assert.match(r.stderr, /changed since it was read|exists but was not loaded/);
        assert.not.match(r.stderr, /internal error/);
      }
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    }
  } finally {
    done();
  }
});

test('a read-only project directory gives a clear error and exit code 2, and writes nothing', () => {
  const { dir, done } = scratchDir();
  try {
    writeFileSync(join(dir, 'compose.yaml'), BASE);
    chmodSync(dir, 0o555);
    // root ignores directory permissions: run the CLI as an unprivileged user then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = cli(['harden'], dir, asUser);
    assert.is(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /compose\.override\.yaml: cannot write \((EACCES|EROFS|EPERM)[^)]*\); the previous file is unchanged/);
    assert.not.match(r.stderr, /internal error/);
    assert.not.ok(existsSync(join(dir, 'compose.override.yaml')));
    assert.equal(readdirSync(dir), ['compose.yaml']);
  } finally {
    chmodSync(dir, 0o755);
    done();
  }
});

test.run();
