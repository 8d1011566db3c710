import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Progress', () => {
  it('stays silent for the first 2 seconds, then shows files done / total and MB/s on stderr', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      writes.push(String(s));
      return true;
    });
    const p = new Progress(true);
    vi.advanceTimersByTime(1000);
    p.update({ filesDone: 10, filesTotal: 100, bytes: 1024 * 1024 });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(3000);
    p.update({ filesDone: 50, filesTotal: 100, bytes: 40 * 1024 * 1024 });
    expect(writes.join('')).toMatch(/50\/100 files, 40\.0 MB, 10\.0 MB\/s/);
    p.done();
    expect(writes[writes.length - 1]).toBe('\r\x1b[2K');
  });

  it('writes nothing when disabled (not a TTY, or --quiet)', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const p = new Progress(false);
    p.update({ filesDone: 1, filesTotal: 1, bytes: 1 });
    p.done();
    expect(spy).not.toHaveBeenCalled();
  });
});
