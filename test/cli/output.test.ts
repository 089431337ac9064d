// The CLI writes its output straight to file descriptors 1 and 2 (src/cli/output.ts). Output larger than a
// pipe holds arrives whole through a slow reader, also through a non-blocking pipe; a reader that goes away (`| head`) ends the run quietly; a terminal-less run gets no colour.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeProject } from '../../scripts/bench/generate.mjs';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

const dir = mkdtempSync(join(tmpdir(), 'ch-output-'));
const files = (writeProject(dir, 300, { seed: 3 }) as string[]).flatMap((f) => ['-f', f]);
test.after(() => rmSync(dir, { recursive: true, force: true }));

const expected = spawnSync(process.execPath, [CLI, 'config', ...files], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });

/** Run `sh -c script`, start reading its output only after `delayMs`, and collect everything. */
function slowRead(script: string, delayMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', script], { cwd: dir, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stdout.resume();
    }, delayMs);
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const command = `${quote(process.execPath)} ${quote(CLI)} config ${files.map(quote).join(' ')}`;

test('the project is large enough to fill a pipe', () => {
  assert.is(expected.status, 0, expected.stderr);
  assert.ok(expected.stdout.length > 4 * 65536, `${expected.stdout.length} characters`);
});

test('a slow reader gets the whole output', async () => {
  const r = await slowRead(command, 300);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, expected.stdout);
});

test('a non-blocking pipe: the writes wait for the reader instead of failing', async () => {
  // O_NONBLOCK belongs to the pipe, not to one process: a program earlier in a pipeline can leave it set for
  // the CLI. perl (perl-base is in every Debian) sets it, then runs the CLI on the same pipe.
  const nonBlocking = `perl -MFcntl -e 'fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV'`;
  // Reading starts well after the CLI has filled the pipe: its writes meet EAGAIN and must wait, not fail.
  const r = await slowRead(`${nonBlocking} ${command}`, 1200);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, expected.stdout);
});

test('a reader that goes away ends the run quietly, with the exit code it had', () => {
  const r = spawnSync('bash', ['-c', `${command} | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { cwd: dir, env, encoding: 'utf8' });
  assert.is(r.stdout.trim(), 'exit 0');
  assert.is(r.stderr, '');
});

test('output to a file or /dev/null is not coloured, and the same as to a pipe', () => {
  const check = (redirect: string) => spawnSync('sh', ['-c', `${quote(process.execPath)} ${quote(CLI)} check ${files.map(quote).join(' ')} ${redirect}`], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const piped = check('');
  assert.is(piped.status, 1, piped.stderr);
  assert.not.match(piped.stdout, /\x1b\[/);
  const toFile = join(dir, 'out.txt');
  const written = check(`> ${quote(toFile)}; cat ${quote(toFile)}`);
  assert.is(written.stdout, piped.stdout);
  assert.is(check('> /dev/null').stdout, '');
});

test.run();
