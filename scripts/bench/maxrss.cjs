// Preloaded with `node --require` when /usr/bin/time is missing: records this process's peak RSS
// (kilobytes, as /usr/bin/time %M does) in the file named by BENCH_MAXRSS_FILE when it exits.
'use strict';
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  delete process.env.BENCH_MAXRSS_FILE; // children of the measured process must not overwrite it
  process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
