import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goAnalyzer } from '../../../src/scanners/image/lang/go.js';

// The Go program the dependency scanner's tests commit (built from its gobin-src/ with vendored
// stand-in modules; see test/scanners/deps/go/fixtures/README.md), and a C program (not Go).
const goBinary = readFileSync(fileURLToPath(new URL('../deps/go/fixtures/gobin-linux-amd64', import.meta.url)));
const cBinary = readFileSync(fileURLToPath(new URL('../../fixtures/image/rust/hello-auditable', import.meta.url)));

const entry = (path: string, size: number, mode = 0o755) => ({ path, type: 'file' as const, size, mode });

describe('image/lang/go', () => {
  it('wants executable regular files larger than a stub', () => {
    expect(goAnalyzer.wants(entry('usr/local/bin/app', goBinary.length))).toBe(true);
    expect(goAnalyzer.wants(entry('usr/local/bin/app', goBinary.length, 0o700))).toBe(true);
    expect(goAnalyzer.wants(entry('usr/local/bin/app', goBinary.length, 0o644))).toBe(false); // not executable
    expect(goAnalyzer.wants(entry('usr/local/bin/tiny.sh', 300))).toBe(false);
    expect(goAnalyzer.wants({ ...entry('usr/local/bin', 4096), type: 'dir' })).toBe(false);
    expect(goAnalyzer.wants({ ...entry('usr/local/bin/app', goBinary.length), type: 'symlink' })).toBe(false);
    expect(goAnalyzer.maxBytes).toBeGreaterThanOrEqual(goBinary.length);
  });

  it('reads the main module, dependencies and the Go standard library from build info', async () => {
    const path = 'usr/local/bin/gobin';
    const out = await goAnalyzer.analyze({ path, content: goBinary, mode: 0o755 });
    expect(out.issues).toBeUndefined();
    expect(out.packages?.map((p) => `${p.ecosystem} ${p.name}@${p.version}${p.pinned ? '' : ' (unpinned)'}${p.direct ? ' direct' : ''}`)).toEqual([
      'Go example.com/rampart/gobin@(devel) (unpinned) direct',
      'Go example.com/greet@v1.2.3',
      'Go example.com/shout-fork@v0.1.1',
      'Go stdlib@1.26.8 direct',
    ]);
    expect(out.packages?.every((p) => p.source === path)).toBe(true);
    expect(out.packages?.find((p) => p.name === 'example.com/greet')?.purl).toBe('pkg:golang/example.com/greet@v1.2.3');
    expect(out.packages?.find((p) => p.name === 'stdlib')?.purl).toBe('pkg:golang/stdlib@1.26.8');
  });

  it('passes over executables that are not Go programs, quietly', async () => {
    expect(await goAnalyzer.analyze({ path: 'usr/bin/hello', content: cBinary, mode: 0o755 })).toEqual({});
    const script = Buffer.from('#!/bin/sh\n' + 'echo "\xff Go buildinf:"\n'.repeat(300), 'latin1');
    expect(await goAnalyzer.analyze({ path: 'usr/local/bin/run.sh', content: script, mode: 0o755 })).toEqual({});
  });

  it('reports a truncated Go binary instead of throwing', async () => {
    const at = goBinary.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    expect(at).toBeGreaterThan(0);
    const truncated = goBinary.subarray(0, at + 40);
    const out = await goAnalyzer.analyze({ path: 'usr/local/bin/cut', content: truncated, mode: 0o755 });
    expect(out.packages).toBeUndefined();
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]).toMatchObject({ path: 'usr/local/bin/cut', kind: 'unparsable', scanner: 'image' });
    expect(out.issues![0]!.message).toMatch(/build info/);
    expect(await goAnalyzer.analyze({ path: 'usr/local/bin/empty', content: Buffer.alloc(0), mode: 0o755 })).toEqual({});
  });
});
