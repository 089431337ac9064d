// Parsing the one-exec probe output of snapshot.ts, without an engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSnapshot } from './snapshot.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const STATUS = (uid: number) => `Name:\tx\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${uid}\t${uid}\t${uid}\t${uid}\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t00000000000000c1\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\n`;

test('parseSnapshot reads every section; environment values keep their newlines', () => {
  const out = [
    '', '@@status-self', STATUS(70), '@@status-1', STATUS(70),
    '@@passwd', b64('root:x:0:0::/:/bin/sh\n'), '@@group', b64('root:x:0:\n'),
    '@@mounts', b64('overlay / overlay ro,relatime 0 0\ntmpfs /tmp tmpfs rw,size=65536k 0 0\n'),
    '@@environ', b64('A=1\0MULTI=line1\nline2\0'),
    '@@memory', '536870912', '@@pids', 'max',
    '@@tmpfs /tmp', '', '@@tmpfs /var/run/x', "sh: can't create /var/run/x/.p: Permission denied",
    '@@secret-stat /run/secrets/pw', '70:70 444', '@@secret /run/secrets/pw', b64('s3cr3t'),
    '@@secret-stat /run/secrets/other', '0:0 400', '@@secret /run/secrets/other', "base64: can't open '/run/secrets/other': Permission denied", 'E2E-UNREADABLE',
    '@@end', '',
  ].join('\n');
  const s = parseSnapshot(out);
  assert.equal(s.pid1.uid, [70, 70, 70, 70]);
  assert.equal(s.self.capBnd, ['CHOWN', 'SETGID', 'SETUID']);
  assert.is(s.passwd, 'root:x:0:0::/:/bin/sh\n');
  assert.equal(s.mounts[1], ['tmpfs', '/tmp', 'tmpfs', 'rw,size=65536k', '0', '0']);
  assert.equal([...s.environ], [['A', '1'], ['MULTI', 'line1\nline2']]);
  assert.is(s.memoryMax, 536870912);
  assert.is(s.pidsMax, null);
  assert.is(s.tmpfsWrite.get('/tmp'), '');
  assert.match(s.tmpfsWrite.get('/var/run/x')!, 'Permission denied');
  assert.equal(s.secrets.get('/run/secrets/pw'), { stat: '70:70 444', content: 's3cr3t' });
  assert.match(s.secrets.get('/run/secrets/other')!.error!, 'Permission denied');
  assert.is(s.secrets.get('/run/secrets/other')!.content, undefined);
});

test('parseSnapshot refuses output without the sections it needs', () => {
  assert.throws(() => parseSnapshot('\n@@passwd\n'), /no environ section|no status/);
});

test.run();
