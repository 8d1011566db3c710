#!/usr/bin/env node
// CPU seconds per thread of one command (Linux /proc): the main thread, the busiest other thread
// (a scan's taint worker) and the rest (V8's compile and GC helpers, libuv's pool), polled every
// 20 ms while it runs, so threads that end early are counted too. For a shared machine: which
// thread bounds the wall time, and how the CPU splits, when wall times are noise.
//
//   XDG_CACHE_HOME=$(mktemp -d) TAG=label node bench/thread-cpu.mjs node bin/rampart.js scan bench/.corpus/sast-gen \
//     --scanners sast --format json --output /tmp/out.json --fail-on none
//
// Prints: TAG wall W s cpu C = main M + worker K + rest R (load L). Not part of `npm test`.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node bench/thread-cpu.mjs COMMAND [ARGS...]');
  process.exit(2);
}
const TICKS = 100; // USER_HZ on Linux
const started = Date.now();
const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
/** Thread id → its last seen user+system CPU seconds. */
const seen = new Map();
const poll = () => {
  let tids;
  try {
    tids = readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return; // exited
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name: utime and stime are the 12th and 13th.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seen.set(tid, (Number(f[11]) + Number(f[12])) / TICKS);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
};
const timer = setInterval(poll, 20);
child.on('exit', (code) => {
  clearInterval(timer);
  const main = seen.get(String(child.pid)) ?? 0;
  const others = [...seen].filter(([tid]) => tid !== String(child.pid)).map(([, cpu]) => cpu).sort((a, b) => b - a);
  const worker = others[0] ?? 0;
  const total = main + others.reduce((s, c) => s + c, 0);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const f = (n) => n.toFixed(2);
  console.log(`${process.env.TAG ?? ''} wall ${f((Date.now() - started) / 1000)} s cpu ${f(total)} = main ${f(main)} + worker ${f(worker)} + rest ${f(total - main - worker)} (load ${load})`.trim());
  process.exitCode = code ?? 1;
});
