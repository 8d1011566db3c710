/**
 * Which scanned directories are root modules: those no other scanned directory calls as a
 * local module. Directories only reachable from each other (a module cycle with no outside
 * caller) become roots too, so nothing scanned is silently dropped.
 */
export function rootDirs(dirs: readonly string[], calls: ReadonlyMap<string, readonly string[]>): string[] {
  const called = new Set<string>();
  for (const [from, targets] of calls) for (const t of targets) if (t !== from) called.add(t);
  const roots = dirs.filter((d) => !called.has(d));
  const reached = new Set<string>();
  // Iterative: a long chain of module directories must not overflow the stack.
  const reach = (start: string) => {
    const todo = [start];
    while (todo.length) {
      const d = todo.pop()!;
      if (reached.has(d)) continue;
      reached.add(d);
      for (const t of calls.get(d) ?? []) if (!reached.has(t)) todo.push(t);
    }
  };
  roots.forEach(reach);
  for (const d of dirs) {
    if (reached.has(d)) continue;
    roots.push(d);
    reach(d);
  }
  return roots;
}
