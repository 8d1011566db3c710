import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractGoBinary, isGoBinaryCandidate } from '../../../../src/scanners/deps/ecosystems/go/binary.js';

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));
const prebuilt = readFileSync(join(fixtures, 'gobin-linux-amd64'));
const brief = (r: ReturnType<typeof extractGoBinary>) => r.packages.map((p) => `${p.name}@${p.version}${p.pinned ? '' : ' (unpinned)'}${p.direct ? ' direct' : ''}`);

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('go/binary', () => {
  it('recognises executables by their magic bytes', () => {
    expect(isGoBinaryCandidate('bin/app', prebuilt.length, prebuilt.subarray(0, 16))).toBe(true);
    expect(isGoBinaryCandidate('app.exe', 4096, Buffer.from('MZ\x90\x00', 'latin1'))).toBe(true);
    expect(isGoBinaryCandidate('app', 4096, Buffer.from([0xcf, 0xfa, 0xed, 0xfe]))).toBe(true);
    expect(isGoBinaryCandidate('README.md', 4096, Buffer.from('# hi'))).toBe(false);
    expect(isGoBinaryCandidate('tiny', 100, prebuilt.subarray(0, 16))).toBe(false);
  });

  it('reads the committed fixture: main module, deps, replacement, stdlib', () => {
    const r = extractGoBinary('bin/gobin', prebuilt);
    expect(r.issues).toEqual([]);
    expect(r.goVersion).toBe('go1.26.8');
    expect(r.mainPackage).toBe('example.com/rampart/gobin');
    expect(brief(r)).toEqual([
      'example.com/rampart/gobin@(devel) (unpinned) direct',
      'example.com/greet@v1.2.3',
      'example.com/shout-fork@v0.1.1',
      'stdlib@1.26.8 direct',
    ]);
    expect(r.packages[2]!.replaces).toBe('example.com/shout@v0.1.0');
    expect(r.packages[3]!.purl).toBe('pkg:golang/stdlib@1.26.8');
    expect(r.packages[1]).toEqual({
      ecosystem: 'Go',
      name: 'example.com/greet',
      version: 'v1.2.3',
      purl: 'pkg:golang/example.com/greet@v1.2.3',
      direct: false,
      dev: false,
      pinned: true,
      source: 'bin/gobin',
    });
    expect(r.settings).toMatchObject({ GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0', '-trimpath': 'true' });
  });

  it('says nothing about an executable without Go build info, and rejects non-executables', () => {
    const elf = Buffer.alloc(2048);
    prebuilt.copy(elf, 0, 0, 64);
    expect(extractGoBinary('a', elf)).toEqual({ packages: [], issues: [] });
    expect(extractGoBinary('b', Buffer.from('hello')).issues[0]).toMatchObject({ kind: 'unparsable', path: 'b' });
  });

  it('reports a truncated binary whose header survives but whose strings do not', () => {
    const at = prebuilt.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    const cut = prebuilt.subarray(0, at + 40);
    const r = extractGoBinary('cut', cut);
    expect(r.packages).toEqual([]);
    expect(r.issues).toEqual([{ path: 'cut', kind: 'unparsable', scanner: 'deps', message: expect.stringContaining('unreadable') }]);
  });

  it('reads the pre-1.18 pointer format through ELF load segments', () => {
    // A hand-made 64-bit little-endian ELF: one PT_LOAD mapping file offset 0 at 0x400000,
    // the header at 0x100 pointing at two Go string headers at 0x200 and 0x210.
    const buf = Buffer.alloc(0x400);
    buf.write('\x7fELF', 0, 'latin1');
    buf[4] = 2; // 64-bit
    buf[5] = 1; // little-endian
    buf.writeBigUInt64LE(0x40n, 0x20); // phoff
    buf.writeUInt16LE(56, 0x36); // phentsize
    buf.writeUInt16LE(1, 0x38); // phnum
    buf.writeUInt32LE(1, 0x40); // PT_LOAD
    buf.writeBigUInt64LE(0n, 0x48); // offset
    buf.writeBigUInt64LE(0x400000n, 0x50); // vaddr
    buf.writeBigUInt64LE(0x400n, 0x60); // filesz
    const base = 0x400000n;
    buf.write('\xff Go buildinf:', 0x100, 'latin1');
    buf[0x10e] = 8;
    buf[0x10f] = 0;
    buf.writeBigUInt64LE(base + 0x200n, 0x110);
    buf.writeBigUInt64LE(base + 0x210n, 0x118);
    const version = 'go1.16.15';
    const mod = '0w\xaf\x0c\x92t\x08\x02A\xe1\xc1\x07\xe6\xd6\x18\xe6path\tex.com/old\nmod\tex.com/old\t(devel)\t\ndep\tgithub.com/x/y\tv1.0.0\th1:abc=\n\xf92C1\x86\x18 r\x00\x82B\x10A\x16\xd8\xf2';
    buf.write(version, 0x240, 'latin1');
    buf.write(mod, 0x280, 'latin1');
    buf.writeBigUInt64LE(base + 0x240n, 0x200);
    buf.writeBigUInt64LE(BigInt(version.length), 0x208);
    buf.writeBigUInt64LE(base + 0x280n, 0x210);
    buf.writeBigUInt64LE(BigInt(Buffer.byteLength(mod, 'latin1')), 0x218);
    const r = extractGoBinary('old', buf);
    expect(r.issues).toEqual([]);
    expect(brief(r)).toEqual(['ex.com/old@(devel) (unpinned) direct', 'github.com/x/y@v1.0.0', 'stdlib@1.16.15 direct']);
  });

  it.skipIf(!hasGo())('reads binaries built now from the fixture source, for ELF, Mach-O and PE', () => {
    const out = mkdtempSync(join(tmpdir(), 'rampart-gobin-'));
    try {
      for (const [goos, goarch] of [
        ['linux', 'arm64'],
        ['darwin', 'arm64'],
        ['windows', 'amd64'],
      ] as const) {
        const bin = join(out, `app-${goos}`);
        execFileSync('go', ['build', '-trimpath', '-buildvcs=false', '-o', bin, '.'], {
          cwd: join(fixtures, 'gobin-src'),
          env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0', GOFLAGS: '-mod=vendor', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
          stdio: 'pipe',
        });
        const buf = readFileSync(bin);
        expect(isGoBinaryCandidate(bin, buf.length, buf.subarray(0, 16)), goos).toBe(true);
        const r = extractGoBinary(bin, buf);
        expect(r.issues, goos).toEqual([]);
        expect(brief(r).slice(0, 3), goos).toEqual([
          'example.com/rampart/gobin@(devel) (unpinned) direct',
          'example.com/greet@v1.2.3',
          'example.com/shout-fork@v0.1.1',
        ]);
        expect(r.packages[3]!.name).toBe('stdlib');
        expect(r.settings?.['GOOS'], goos).toBe(goos);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000); // a cold build cache compiles the standard library once per target
});
