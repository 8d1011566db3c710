// "Finishes quickly" checks for CPU-bound work (alias bombs, pathological input): they exist to catch
// exponential or quadratic blow-ups, not to benchmark. Wall time breaks them whenever the machine is
// loaded (a CI run beside other jobs took 3.4 s for a 50 ms parse at load 30); the CPU time this test
// process spent does not grow with other processes' load, so the same bound holds on a busy machine.

/** CPU milliseconds (user + system) this process spends running fn synchronously, with fn's result. */
export function cpuTimed<T>(fn: () => T): { value: T; ms: number } {
  const before = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}
