import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { findElfSection, rustAnalyzer } from '../../../src/scanners/image/lang/rust.js';

// A stripped C program with a cargo-auditable `.dep-v0` section added by objcopy
// (test/fixtures/image/rust/make.sh; the JSON it carries is dep-v0.json beside it).
const fixture = readFileSync(fileURLToPath(new URL('../../fixtures/image/rust/hello-auditable', import.meta.url)));
const goBinary = readFileSync(fileURLToPath(new URL('../deps/go/fixtures/gobin-linux-amd64', import.meta.url)));

interface SectionSpec {
  name: string;
  data: Buffer;
  /** SHT_PROGBITS unless given. */
  type?: number;
}

/** A minimal ELF (header, section data, name table, section headers): enough for a section lookup. */
function makeElf(sections: SectionSpec[], opts: { is64?: boolean; le?: boolean } = {}): Buffer {
  const is64 = opts.is64 ?? true;
  const le = opts.le ?? true;
  const ehsize = is64 ? 64 : 52;
  const shentsize = is64 ? 64 : 40;
  const all = [...sections, { name: '.shstrtab', data: Buffer.alloc(0), type: 3 }];
  const names: number[] = [];
  let strtab = Buffer.from([0]);
  for (const s of all) {
    names.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(s.name + '\0', 'latin1')]);
  }
  all[all.length - 1]!.data = strtab;
  const offsets: number[] = [];
  let off = ehsize;
  for (const s of all) {
    offsets.push(off);
    off += s.data.length;
  }
  const shoff = (off + 7) & ~7;
  const buf = Buffer.alloc(shoff + shentsize * (all.length + 1));
  const w16 = (o: number, v: number) => (le ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
  const wWord = (o: number, v: number) => (is64 ? (le ? buf.writeBigUInt64LE(BigInt(v), o) : buf.writeBigUInt64BE(BigInt(v), o)) : w32(o, v));
  buf.writeUInt32BE(0x7f454c46, 0);
  buf[4] = is64 ? 2 : 1;
  buf[5] = le ? 1 : 2;
  buf[6] = 1;
  w16(16, 2); // ET_EXEC
  w16(18, is64 ? 62 : 3);
  w32(20, 1);
  wWord(is64 ? 0x28 : 0x20, shoff);
  w16(is64 ? 0x34 : 0x28, ehsize);
  w16(is64 ? 0x3a : 0x2e, shentsize);
  w16(is64 ? 0x3c : 0x30, all.length + 1);
  w16(is64 ? 0x3e : 0x32, all.length);
  all.forEach((s, i) => {
    s.data.copy(buf, offsets[i]!);
    const h = shoff + (i + 1) * shentsize;
    w32(h, names[i]!);
    w32(h + 4, s.type ?? 1);
    wWord(h + (is64 ? 0x18 : 0x10), offsets[i]!);
    wWord(h + (is64 ? 0x20 : 0x14), s.data.length);
  });
  return buf;
}

const depv0 = (json: unknown) => deflateSync(typeof json === 'string' ? json : JSON.stringify(json));
const exe = (path: string, size: number) => ({ path, type: 'file' as const, size, mode: 0o755 });

describe('image/lang/rust', () => {
  it('wants executable regular files larger than a stub', () => {
    expect(rustAnalyzer.wants(exe('usr/local/bin/hello', fixture.length))).toBe(true);
    expect(rustAnalyzer.wants({ ...exe('usr/local/bin/hello', fixture.length), mode: 0o644 })).toBe(false);
    expect(rustAnalyzer.wants(exe('usr/local/bin/stub', 512))).toBe(false);
  });

  it('reads the cargo-auditable tree of the committed fixture: crates.io crates only', async () => {
    const path = 'usr/local/bin/hello-auditable';
    const out = await rustAnalyzer.analyze({ path, content: fixture, mode: 0o755 });
    expect(out.packages).toEqual([
      { ecosystem: 'crates.io', name: 'smallvec', version: '1.6.0', purl: 'pkg:cargo/smallvec@1.6.0', direct: true, dev: false, pinned: true, source: path },
      { ecosystem: 'crates.io', name: 'cc', version: '1.0.83', purl: 'pkg:cargo/cc@1.0.83', direct: true, dev: true, pinned: true, source: path, dependsOn: ['libc@0.2.150'] },
      { ecosystem: 'crates.io', name: 'libc', version: '0.2.150', purl: 'pkg:cargo/libc@0.2.150', direct: false, dev: true, pinned: true, source: path },
    ]);
    // The local root (the program itself) is silent; the git crate is named in an issue.
    expect(out.issues).toEqual([{ path, kind: 'other', message: 'skipped internal-util@0.3.0: source git is not crates.io', scanner: 'image' }]);
  });

  it('reports a root crate that came from crates.io (cargo install), and the older "registry" source', async () => {
    const elf = makeElf([
      { name: '.text', data: Buffer.alloc(64, 0x90) },
      {
        name: '.dep-v0',
        data: depv0({ packages: [{ name: 'ripgrep', version: '14.1.0', source: 'crates.io', dependencies: [1], root: true }, { name: 'memchr', version: '2.7.1', source: 'registry' }] }),
      },
    ]);
    const out = await rustAnalyzer.analyze({ path: 'root/.cargo/bin/rg', content: elf, mode: 0o755 });
    expect(out.issues).toBeUndefined();
    expect(out.packages?.map((p) => `${p.name}@${p.version}${p.direct ? ' direct' : ''}`)).toEqual(['ripgrep@14.1.0 direct', 'memchr@2.7.1 direct']);
  });

  it('finds the section in 32-bit and big-endian ELF files', () => {
    const data = depv0({ packages: [] });
    for (const opts of [{ is64: false, le: true }, { is64: true, le: false }, { is64: false, le: false }]) {
      const elf = makeElf([{ name: '.data', data: Buffer.from('x') }, { name: '.dep-v0', data }], opts);
      const s = findElfSection(elf, '.dep-v0');
      expect(s && elf.subarray(s.offset, s.offset + s.size).equals(data), JSON.stringify(opts)).toBe(true);
      expect(findElfSection(elf, '.dep-v1')).toBeUndefined();
    }
  });

  it('passes over programs without the section, quietly', async () => {
    expect(await rustAnalyzer.analyze({ path: 'usr/local/bin/gobin', content: goBinary, mode: 0o755 })).toEqual({});
    // The name appears in the file but names no section (a string in .rodata).
    const elf = makeElf([{ name: '.rodata', data: Buffer.from('see .dep-v0 docs') }]);
    expect(await rustAnalyzer.analyze({ path: 'usr/bin/x', content: elf, mode: 0o755 })).toEqual({});
    expect(await rustAnalyzer.analyze({ path: 'usr/bin/s', content: Buffer.from('#!/bin/sh\n# .dep-v0\n'), mode: 0o755 })).toEqual({});
  });

  it('turns corrupt audit data and truncated ELF files into issues', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['not zlib', makeElf([{ name: '.dep-v0', data: Buffer.from('plain text, not compressed') }]), /not zlib data/],
      ['bad JSON', makeElf([{ name: '.dep-v0', data: depv0('{"packages": [') }]), /not valid JSON/],
      ['no packages', makeElf([{ name: '.dep-v0', data: depv0({ crates: [] }) }]), /no "packages" array/],
      ['bad index', makeElf([{ name: '.dep-v0', data: depv0({ packages: [{ name: 'a', version: '1.0.0', source: 'crates.io', dependencies: [7] }] }) }]), /bad dependency indexes/],
      ['no version', makeElf([{ name: '.dep-v0', data: depv0({ packages: [{ name: 'a', source: 'crates.io' }] }) }]), /no name or version/],
      ['NOBITS', makeElf([{ name: '.dep-v0', data: Buffer.alloc(8), type: 8 }]), /no data in the file/],
      ['truncated', fixture.subarray(0, fixture.length - 200), /truncated ELF/],
    ];
    for (const [what, content, message] of cases) {
      const out = await rustAnalyzer.analyze({ path: 'usr/local/bin/app', content, mode: 0o755 });
      expect(out.packages, what).toBeUndefined();
      expect(out.issues, what).toHaveLength(1);
      expect(out.issues![0], what).toMatchObject({ path: 'usr/local/bin/app', kind: 'unparsable', scanner: 'image' });
      expect(out.issues![0]!.message, what).toMatch(message);
    }
  });

  it('caps the inflated size of the audit data', async () => {
    const bomb = makeElf([{ name: '.dep-v0', data: deflateSync(Buffer.alloc(17 << 20, 0x20)) }]);
    const out = await rustAnalyzer.analyze({ path: 'usr/local/bin/bomb', content: bomb, mode: 0o755 });
    expect(out.issues?.[0]?.message).toMatch(/inflates past/);
  });

  it('survives section tables that point anywhere', async () => {
    const elf = makeElf([{ name: '.dep-v0', data: depv0({ packages: [] }) }]);
    // Section header offset far past the end.
    const farShoff = Buffer.from(elf);
    farShoff.writeBigUInt64LE(0xffffffffn, 0x28);
    // The .dep-v0 header's data offset past the end.
    const farData = Buffer.from(elf);
    const shoff = Number(elf.readBigUInt64LE(0x28));
    farData.writeBigUInt64LE(BigInt(elf.length + 10), shoff + 64 + 0x18);
    // A string-table index beyond the table.
    const badStrndx = Buffer.from(elf);
    badStrndx.writeUInt16LE(40, 0x3e);
    for (const content of [farShoff, farData, badStrndx, elf.subarray(0, elf.length - 30)]) {
      const out = await rustAnalyzer.analyze({ path: 'usr/bin/odd', content, mode: 0o755 });
      expect(out.packages).toBeUndefined();
      expect(out.issues).toHaveLength(1);
      expect(out.issues![0]!.kind).toBe('unparsable');
    }
  });
});
