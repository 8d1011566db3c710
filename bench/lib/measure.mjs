// Timing of child processes for the bench scripts: wall clock (hrtime), CPU seconds and peak RSS
// from GNU time -v when /usr/bin/time exists. Children run through spawn with argument arrays.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH or in the extra folders. */
export function which(name, extra = []) {
  for (const d of [...(process.env.PATH ?? '').split(':'), ...extra]) {
    if (d && isExecutable(join(d, name))) return join(d, name);
  }
  return null;
}

export const TIME_BIN = isExecutable('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs cmd args (stdout to a file when given); { wall, cpu, rssMb, exit, stderr, timedOut }. */
export function measure(cmd, args, { stdoutFile, cwd = process.cwd(), env = process.env, timeoutSec = 1800, tag = 'run' } = {}) {
  return new Promise((res) => {
    const tdir = mkdtempSync(join(tmpdir(), `rampart-bench-${tag}-`));
    const timeFile = join(tdir, 'time.txt');
    const full = TIME_BIN ? ['-v', '-o', timeFile, cmd, ...args] : args;
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const t0 = process.hrtime.bigint();
    const child = spawn(TIME_BIN ?? cmd, full, { stdio: ['ignore', out, 'pipe'], cwd, env });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (d) => {
      if (stderr.length < 20000) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSec * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (typeof out === 'number') closeSync(out);
      let cpu = null;
      let rssMb = null;
      let exit = code;
      if (TIME_BIN && existsSync(timeFile)) {
        const t = readFileSync(timeFile, 'utf8');
        const num = (re) => Number((t.match(re) ?? [])[1]);
        cpu = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
        rssMb = num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024;
        const ex = t.match(/Exit status: (\d+)/);
        if (ex) exit = Number(ex[1]);
      }
      rmSync(tdir, { recursive: true, force: true });
      res({ wall, cpu, rssMb, exit, stderr, timedOut });
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
