// Preloaded with `node --require` when /usr/bin/time is missing: records this process's peak RSS in
// kilobytes and its user and system CPU seconds (as /usr/bin/time -f '%M %U %S' does) in the file
// named by BENCH_MAXRSS_FILE when it exits.
'use strict';
const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  delete process.env.BENCH_MAXRSS_FILE; // children of the measured process must not overwrite it
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\n`);
  });
}
