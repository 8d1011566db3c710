import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult } from '../../package.js';
import { goPackage, goToolchainSemver, isLocalPath, skipped, unparsable } from './common.js';
import type { GoPackage } from './go-mod.js';

/**
 * Build information embedded in Go executables (what `go version -m` prints), read from the
 * bytes, never by running anything.
 *
 * The linker writes a 32-byte header starting `\xff Go buildinf:` (in ELF the `.go.buildinfo`
 * section, in Mach-O `__go_buildinfo`, in PE the start of `.data`), then: byte 14 = pointer
 * size, byte 15 = flags (bit 0 big-endian, bit 1 "strings inline"). Go 1.18+ sets bit 1 and
 * follows the header with two strings, each a uvarint length and bytes: the toolchain version
 * and the modinfo. Older toolchains store two pointers to Go string headers instead; those are
 * followed through ELF program headers only (Mach-O and PE pointer format: an issue).
 *
 * modinfo is framed by two 16-byte sentinels and is tab-separated lines: `path` (main package),
 * `mod` (main module), `dep` (module path, version, sum), `=>` (replacement of the line
 * before), `build` (settings).
 *
 * Packages: the main module (direct; pinned false when its version is `(devel)`), every `dep`
 * (direct false: build info does not say which are direct), a dep replaced by another module
 * as the replacement (`replaces` names the original), a dep replaced by a local directory
 * skipped with an issue, and `stdlib` at the toolchain version in OSV's form (`go1.22.1` →
 * `1.22.1`), which is how OSV tracks Go standard library advisories.
 */
export interface GoBinaryResult extends ExtractResult {
  packages: GoPackage[];
  /** Toolchain version as recorded (`go1.22.1`). */
  goVersion?: string;
  /** Main package import path (`path` line). */
  mainPackage?: string;
  /** `build` settings (`GOOS`, `GOARCH`, `CGO_ENABLED`, `-trimpath`, `vcs.revision`, ...). */
  settings?: Record<string, string>;
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const MAX_STRING = 4 << 20;

/** Cheap test before reading a whole file: an executable format Go writes (ELF, Mach-O, PE). */
export function isGoBinaryCandidate(path: string, size: number, headBytes: Uint8Array): boolean {
  if (size < 1024 || size > 1 << 30 || headBytes.length < 4) return false;
  if (/\.(o|a|ko|class|jar|zip|gz|png|jpe?g|pdf)$/i.test(path)) return false;
  const b = headBytes;
  const be = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (be === 0x7f454c46) return true; // ELF
  if (be === 0xfeedface || be === 0xfeedfacf || be === 0xcefaedfe || be === 0xcffaedfe) return true; // Mach-O
  return b[0] === 0x4d && b[1] === 0x5a; // PE ("MZ")
}

type Format = 'elf' | 'macho' | 'pe' | 'unknown';

function formatOf(buf: Buffer): Format {
  if (buf.length < 4) return 'unknown';
  const be = buf.readUInt32BE(0);
  if (be === 0x7f454c46) return 'elf';
  if (be === 0xfeedface || be === 0xfeedfacf || be === 0xcefaedfe || be === 0xcffaedfe) return 'macho';
  if (buf[0] === 0x4d && buf[1] === 0x5a) return 'pe';
  return 'unknown';
}

/** uvarint at `off`: [value, next offset], or undefined. */
function uvarint(buf: Buffer, off: number): [number, number] | undefined {
  let x = 0;
  let s = 1;
  for (let i = 0; i < 10 && off + i < buf.length; i++) {
    const b = buf[off + i]!;
    x += (b & 0x7f) * s;
    if (b < 0x80) return x > Number.MAX_SAFE_INTEGER ? undefined : [x, off + i + 1];
    s *= 128;
  }
  return undefined;
}

function inlineString(buf: Buffer, off: number): [string, number] | undefined {
  const v = uvarint(buf, off);
  if (!v) return undefined;
  const [len, start] = v;
  if (len > MAX_STRING || start + len > buf.length) return undefined;
  return [buf.toString('latin1', start, start + len), start + len];
}

interface Segment {
  vaddr: number;
  offset: number;
  filesz: number;
}

interface Elf {
  le: boolean;
  is64: boolean;
  segments: Segment[];
  sections: { name: string; offset: number; size: number }[];
}

function readElf(buf: Buffer): Elf | undefined {
  try {
    const is64 = buf[4] === 2;
    const le = buf[5] === 1;
    const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
    const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const word = (o: number) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
    const phoff = word(is64 ? 0x20 : 0x1c);
    const shoff = word(is64 ? 0x28 : 0x20);
    const phentsize = u16(is64 ? 0x36 : 0x2a);
    const phnum = u16(is64 ? 0x38 : 0x2c);
    const shentsize = u16(is64 ? 0x3a : 0x2e);
    const shnum = u16(is64 ? 0x3c : 0x30);
    const shstrndx = u16(is64 ? 0x3e : 0x32);
    const segments: Segment[] = [];
    for (let i = 0; i < phnum && i < 256; i++) {
      const p = phoff + i * phentsize;
      if (u32(p) !== 1) continue; // PT_LOAD
      segments.push(
        is64
          ? { offset: word(p + 8), vaddr: word(p + 16), filesz: word(p + 32) }
          : { offset: u32(p + 4), vaddr: u32(p + 8), filesz: u32(p + 16) },
      );
    }
    const sections: Elf['sections'] = [];
    if (shoff > 0 && shnum > 0 && shnum < 4096 && shstrndx < shnum) {
      const sh = (i: number) => shoff + i * shentsize;
      const strOff = word(sh(shstrndx) + (is64 ? 0x18 : 0x10));
      for (let i = 0; i < shnum; i++) {
        const h = sh(i);
        const nameOff = u32(h);
        const end = buf.indexOf(0, strOff + nameOff);
        const name = buf.toString('latin1', strOff + nameOff, end < 0 ? strOff + nameOff : end);
        sections.push({ name, offset: word(h + (is64 ? 0x18 : 0x10)), size: word(h + (is64 ? 0x20 : 0x14)) });
      }
    }
    return { le, is64, segments, sections };
  } catch {
    return undefined;
  }
}

/** Pre-1.18 header: pointers to Go string headers, followed through ELF load segments. */
function pointerStrings(buf: Buffer, off: number, ptrSize: number, bigEndian: boolean, elf: Elf): [string, string] | undefined {
  const toOffset = (addr: number): number | undefined => {
    for (const s of elf.segments) if (addr >= s.vaddr && addr < s.vaddr + s.filesz) return s.offset + (addr - s.vaddr);
    return undefined;
  };
  const readPtr = (fileOff: number): number | undefined => {
    if (fileOff + ptrSize > buf.length) return undefined;
    if (ptrSize === 8) return Number(bigEndian ? buf.readBigUInt64BE(fileOff) : buf.readBigUInt64LE(fileOff));
    return bigEndian ? buf.readUInt32BE(fileOff) : buf.readUInt32LE(fileOff);
  };
  const readString = (headerAddr: number | undefined): string | undefined => {
    if (headerAddr === undefined) return undefined;
    const h = toOffset(headerAddr);
    if (h === undefined) return undefined;
    const data = readPtr(h);
    const len = readPtr(h + ptrSize);
    if (data === undefined || len === undefined || len > MAX_STRING) return undefined;
    if (len === 0) return '';
    const d = toOffset(data);
    if (d === undefined || d + len > buf.length) return undefined;
    return buf.toString('latin1', d, d + len);
  };
  const version = readString(readPtr(off + 16));
  const modinfo = readString(readPtr(off + 16 + ptrSize));
  return version === undefined || modinfo === undefined ? undefined : [version, modinfo];
}

/** Where to look first: the build-info section when the container names one. */
function preferredRange(buf: Buffer, format: Format, elf: Elf | undefined): [number, number] | undefined {
  if (format === 'elf' && elf) {
    const s = elf.sections.find((x) => x.name === '.go.buildinfo');
    if (s && s.offset + s.size <= buf.length) return [s.offset, s.offset + s.size];
  }
  return undefined;
}

export function extractGoBinary(path: string, buf: Buffer): GoBinaryResult {
  const format = formatOf(buf);
  if (format === 'unknown') return { packages: [], issues: [unparsable(path, 'not an ELF, Mach-O or PE executable')] };
  const elf = format === 'elf' ? readElf(buf) : undefined;

  const candidates: number[] = [];
  const pref = preferredRange(buf, format, elf);
  if (pref) {
    const i = buf.indexOf(MAGIC, pref[0]);
    if (i >= 0 && i < pref[1]) candidates.push(i);
  }
  for (let i = buf.indexOf(MAGIC); i >= 0 && candidates.length < 64; i = buf.indexOf(MAGIC, i + 1)) if (!candidates.includes(i)) candidates.push(i);
  if (candidates.length === 0) return { packages: [], issues: [] }; // not a Go binary (or stripped of build info): nothing to report

  let pointerFormatSeen = false;
  for (const off of candidates) {
    if (off + 32 > buf.length) continue;
    const ptrSize = buf[off + 14]!;
    const flags = buf[off + 15]!;
    if ((ptrSize !== 4 && ptrSize !== 8) || flags > 3) continue;
    let strings: [string, string] | undefined;
    if (flags & 2) {
      const v = inlineString(buf, off + 32);
      const m = v && inlineString(buf, v[1]);
      if (v && m) strings = [v[0], m[0]];
    } else {
      pointerFormatSeen = true;
      if (elf) strings = pointerStrings(buf, off, ptrSize, (flags & 1) === 1, elf);
    }
    if (!strings) continue;
    const [version, modinfo] = strings;
    if (!/^(go\d|devel)/.test(version)) continue;
    return fromModinfo(path, version, stripSentinels(modinfo));
  }
  if (pointerFormatSeen && format !== 'elf') {
    return { packages: [], issues: [skipped(path, `Go build info in the pre-1.18 pointer format is read only from ELF files, not ${format === 'macho' ? 'Mach-O' : 'PE'}`)] };
  }
  return { packages: [], issues: [unparsable(path, 'Go build info header found but unreadable (truncated or corrupt binary?)')] };
}

function stripSentinels(s: string): string {
  return s.length >= 33 && s[s.length - 17] === '\n' ? s.slice(16, -16) : s;
}

function fromModinfo(path: string, goVersion: string, modinfo: string): GoBinaryResult {
  const issues: ScanIssue[] = [];
  const result: GoBinaryResult = { packages: [], issues, goVersion };
  const settings: Record<string, string> = {};
  type Mod = { kind: 'mod' | 'dep'; path: string; version: string; replace?: { path: string; version: string } };
  const mods: Mod[] = [];
  for (const line of modinfo.split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        if (f[1]) result.mainPackage = f[1];
        break;
      case 'mod':
      case 'dep':
        if (f[1]) mods.push({ kind: f[0], path: f[1], version: f[2] ?? '' });
        else issues.push(unparsable(path, `build info: ${f[0]} line without a module path`));
        break;
      case '=>': {
        const last = mods[mods.length - 1];
        if (last && f[1]) last.replace = { path: f[1], version: f[2] ?? '' };
        break;
      }
      case 'build': {
        const kv = f.slice(1).join('\t');
        const eq = kv.indexOf('=');
        if (eq > 0) settings[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      default:
        break; // `go` line (some toolchains) and future keys
    }
  }
  if (Object.keys(settings).length > 0) result.settings = settings;

  for (const m of mods) {
    if (m.kind === 'mod') {
      const real = m.version !== '' && m.version !== '(devel)';
      result.packages.push(goPackage({ name: m.path, version: m.version || '(devel)', pinned: real, direct: true, source: path }));
      continue;
    }
    if (m.replace) {
      if (isLocalPath(m.replace.path) || m.replace.version === '' || m.replace.version === '(devel)') {
        issues.push(skipped(path, `skipped ${m.path}@${m.version}: replaced by local directory ${m.replace.path}`));
        continue;
      }
      const p: GoPackage = goPackage({ name: m.replace.path, version: m.replace.version, direct: false, source: path });
      p.replaces = `${m.path}@${m.version}`;
      result.packages.push(p);
      continue;
    }
    if (!m.version) {
      issues.push(unparsable(path, `build info: ${m.path} has no version`));
      continue;
    }
    result.packages.push(goPackage({ name: m.path, version: m.version, direct: false, source: path }));
  }

  const std = goToolchainSemver(goVersion);
  result.packages.push(goPackage({ name: 'stdlib', version: std ?? goVersion, pinned: std !== undefined, direct: true, source: path }));
  return result;
}
