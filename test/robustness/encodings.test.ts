// Encodings, read from real files on disk (the decoder is part of what is tested): BOM, CRLF, invalid
// UTF-8, UTF-16 and NUL bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir, tryLoad, SAFE_ENV } from './support.ts';

const TEXT = 'services:\n  web:\n    image: nginx\n    environment:\n      A: "é"\n';

function loadBytes(bytes: Buffer) {
  const { dir, done } = scratchDir();
  try {
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, bytes);
    return tryLoad({ files: [file], cwd: dir, env: SAFE_ENV });
  } finally {
    done();
  }
}

function refusal(bytes: Buffer): string {
  const r = loadBytes(bytes);
  assert.not.ok(r.ok, 'expected a refusal');
  return (r as { error: { lines(): string[] } }).error.lines().join('\n');
}

test('UTF-8 with a byte order mark loads as without one', () => {
  const r = loadBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
  assert.ok(r.ok);
  if (r.ok) assert.is(r.project.services.web.environment?.A, 'é');
});

test('CRLF line ends load, and positions still count lines', () => {
  const r = loadBytes(Buffer.from(TEXT.replace(/\n/g, '\r\n')));
  assert.ok(r.ok);
  if (r.ok) assert.is(r.project.services.web.image, 'nginx');
  assert.match(refusal(Buffer.from('services:\r\n  web:\r\n    image: nginx\r\n    colour: blue\r\n')), /compose\.yaml:4:5: services\.web: unknown key "colour"/);
});

test('old Mac CR-only line ends do not crash', () => {
  const r = loadBytes(Buffer.from(TEXT.replace(/\n/g, '\r')));
  if (!r.ok) assert.match(r.error.lines().join('\n'), /compose\.yaml:\d+:\d+: /);
});

test('invalid UTF-8 is refused at the offending byte', () => {
  const bytes = Buffer.concat([Buffer.from('services:\n  web:\n    image: ngi'), Buffer.from([0xc3, 0x28]), Buffer.from('nx\n')]);
  assert.match(refusal(bytes), /compose\.yaml:3:15: invalid UTF-8 byte sequence/);
});

test('a lone continuation byte and a truncated sequence at the end are refused', () => {
  assert.match(refusal(Buffer.concat([Buffer.from('services: {}\nx-a: '), Buffer.from([0x80])])), /compose\.yaml:2:6: invalid UTF-8/);
  assert.match(refusal(Buffer.concat([Buffer.from('services: {}\nx-a: '), Buffer.from([0xe2, 0x82])])), /compose\.yaml:2:6: invalid UTF-8/);
});

test('UTF-16 (both byte orders, with and without BOM) is named as such', () => {
  const le = Buffer.from(TEXT, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const b of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le, be]) {
    assert.match(refusal(b), /not UTF-8 text \(UTF-16\?\); save the file as UTF-8/);
  }
});

test('a NUL byte is refused at its position', () => {
  assert.match(refusal(Buffer.from('services:\n  web:\n    image: ng\0inx\n')), /compose\.yaml:3:14: file contains a NUL byte/);
  assert.match(refusal(Buffer.from('\0')), /compose\.yaml: not UTF-8 text|NUL byte/);
});

test.run();
