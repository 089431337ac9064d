// Whole-process measurements: wall time around spawn; peak RSS and CPU time from GNU time when present,
// else from a preload that reads process.resourceUsage() at exit (every measured command is a Node script).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./maxrss.cjs', import.meta.url));
const HAS_TIMEOUT = existsSync('/usr/bin/timeout');
// Peak RSS (KB), user and system CPU seconds. CPU time is what the process itself spent, so it stays
// meaningful when other work on the machine stretches wall time; GNU time gives it to 10 ms.
const FORMAT = '%M %U %S';
const LINE = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

function gnuTimeWorks() {
  if (!existsSync('/usr/bin/time')) return false;
  const out = join(tmpdir(), `bench-time-probe-${process.pid}`);
  const r = spawnSync('/usr/bin/time', ['-f', FORMAT, '-o', out, 'true'], { stdio: 'ignore' });
  const ok = r.status === 0 && existsSync(out) && LINE.test(readFileSync(out, 'utf8').trim());
  rmSync(out, { force: true });
  return ok;
}

/** How peak memory is read: 'gnu-time' or 'resource-usage'. */
export const memorySource = gnuTimeWorks() ? 'gnu-time' : 'resource-usage';

/**
 * Run `node <args>` once. Returns wall milliseconds, CPU milliseconds (user + system) and peak RSS
 * in kilobytes (both undefined if unknown), the exit code and whether the time limit cut it short.
 * Output is discarded: printing is part of the work measured, but a terminal or pipe reader is not.
 */
export function runNode(args, { cwd, env, timeoutMs = 60_000 } = {}) {
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  let cmd;
  let argv;
  let childEnv = env ?? process.env;
  if (memorySource === 'gnu-time') {
    // Killing GNU time would orphan the measured process, so coreutils timeout sits between them.
    cmd = '/usr/bin/time';
    const limit = HAS_TIMEOUT ? ['/usr/bin/timeout', '-s', 'KILL', `${Math.ceil(timeoutMs / 1000)}s`] : [];
    argv = ['-f', FORMAT, '-o', rssFile, ...limit, process.execPath, ...args];
  } else {
    cmd = process.execPath;
    argv = ['--require', PRELOAD, ...args];
    childEnv = { ...childEnv, BENCH_MAXRSS_FILE: rssFile };
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, env: childEnv, stdio: 'ignore', timeout: timeoutMs + 5_000, killSignal: 'SIGKILL' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let peakKB;
  let cpuMs;
  if (existsSync(rssFile)) {
    // GNU time puts "Command exited with non-zero status N" before the format's line.
    const m = LINE.exec(readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '');
    if (m) {
      peakKB = Number(m[1]);
      cpuMs = (Number(m[2]) + Number(m[3])) * 1000;
    }
    rmSync(rssFile, { force: true });
  }
  // GNU time reports the child's status as its own; timeout -s KILL exits 137.
  const timedOut = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL' || (ms >= timeoutMs && (r.status === 137 || r.status === 124));
  return { ms, cpuMs, peakKB, code: r.status, timedOut };
}

export function median(xs) {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run every task once per round, round-robin (the starting task rotates each round so no task always
 * follows the same neighbour), after `warmup` unrecorded rounds. A task that hits its time limit is
 * not run again. With `abortOnTimeout`, when the first task (put the cheapest first) goes over the
 * limit no other task runs either: they do at least its work, so they would spend the limit too. A task with `maxRuns` stops being measured after that many samples.
 * Returns one record per task, in task order.
 */
export function roundRobin(tasks, { rounds, warmup = 1, abortOnTimeout = false, onProgress = () => {} }) {
  const rec = tasks.map((t) => ({ task: t, samples: [], cpuMs: [], peaksKB: [], codes: [], timedOut: false, skipped: false, extra: [] }));
  const total = warmup + rounds;
  for (let round = 0; round < total; round++) {
    onProgress(round < warmup ? `warm-up ${round + 1}/${warmup}` : `round ${round - warmup + 1}/${rounds}`);
    for (let k = 0; k < rec.length; k++) {
      const r = rec[(k + round) % rec.length];
      if (r.timedOut || r.skipped) continue;
      if (round >= warmup && r.task.maxRuns !== undefined && r.samples.length >= r.task.maxRuns) continue;
      const res = r.task.run();
      if (res.timedOut) {
        r.timedOut = true;
        if (abortOnTimeout && r === rec[0]) for (const o of rec) if (o !== r) o.skipped = true;
        continue;
      }
      if (round < warmup) continue;
      r.samples.push(res.ms);
      if (res.peakKB !== undefined) r.peaksKB.push(res.peakKB);
      if (res.cpuMs !== undefined) r.cpuMs.push(res.cpuMs);
      r.codes.push(res.code);
      if (res.extra !== undefined) r.extra.push(res.extra);
    }
  }
  return rec;
}
