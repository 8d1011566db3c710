import { inflateSync } from 'node:zlib';
import { PackageURL } from 'packageurl-js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import type { ScanIssue } from '../../../core/scanner.js';
import { isExecutableCandidate, langIssue } from './common.js';

/**
 * Rust programs built with cargo-auditable: the linker keeps a `.dep-v0` section holding the
 * zlib-compressed JSON dependency tree `{"packages":[{name, version, source, kind,
 * dependencies, root}]}` (`source`: `crates.io`, `registry` (older writers' name for
 * crates.io), `git`, `local`; `kind` omitted = `runtime`; `dependencies` are indexes into the
 * array; one package has `root: true`).
 *
 * Packages reported: those from crates.io/registry (the root too when it came from crates.io,
 * as with `cargo install`); `local` crates are the program's own workspace and are passed over
 * silently, `git` ones are not on crates.io and get an issue. Build-only crates (`kind:
 * build`) are marked `dev`: they ran at compile time but are not in the program.
 *
 * The ELF section lookup is written here rather than taken from a library: it needs only the
 * section header table and the section-name string table, and there is no maintained ELF
 * reader for JS; every offset read is checked against the buffer so a truncated or hostile
 * file yields an issue, never an exception. Mach-O and PE builds are not read (ELF images only).
 */
const SECTION = '.dep-v0';
const SECTION_BYTES = Buffer.from(SECTION, 'latin1');
const MAX_BYTES = 256 << 20;
/** Decompressed JSON cap: a tree of thousands of crates is well under a megabyte. */
const MAX_JSON_BYTES = 16 << 20;
const MAX_SECTIONS = 1 << 16;

interface Section {
  offset: number;
  size: number;
}

/** Thrown only inside this module, turned into an issue by `analyzeRustBinary`. */
class ElfError extends Error {}

/**
 * The file bytes of the named section, or undefined when the ELF has no such section (or no
 * section table). Throws an ElfError (caught by `analyzeRustBinary`) when a header points
 * outside the buffer or is otherwise malformed.
 */
export function findElfSection(buf: Buffer, name: string): Section | undefined {
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfError('not an ELF file');
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) throw new ElfError('unknown ELF class or byte order');
  const is64 = cls === 2;
  const le = data === 1;
  const need = (off: number, len: number) => {
    if (!Number.isSafeInteger(off) || off < 0 || off + len > buf.length) throw new ElfError('truncated ELF (a header points past the end of the file)');
  };
  const u16 = (o: number) => (need(o, 2), le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (need(o, 4), le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number): number => {
    if (!is64) return u32(o);
    need(o, 8);
    const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError('ELF offset out of range');
    return Number(v);
  };

  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  let shnum = u16(is64 ? 0x3c : 0x30);
  let shstrndx = u16(is64 ? 0x3e : 0x32);
  if (shoff === 0) return undefined; // no section table (fully stripped of it): nothing to find
  if (shentsize < (is64 ? 64 : 40)) throw new ElfError(`bad section header size ${shentsize}`);
  const header = (i: number) => shoff + i * shentsize;
  // Extended numbering: more than 0xff00 sections keep their count / string index in section 0.
  if (shnum === 0) shnum = word(header(0) + (is64 ? 0x20 : 0x14));
  if (shstrndx === 0xffff) shstrndx = u32(header(0) + (is64 ? 0x28 : 0x18));
  if (shnum > MAX_SECTIONS) throw new ElfError(`implausible section count ${shnum}`);
  if (shstrndx >= shnum) throw new ElfError('section-name table index out of range');
  need(header(0), shnum * shentsize);

  const sectionAt = (i: number): Section & { nameOff: number; type: number } => {
    const h = header(i);
    return {
      nameOff: u32(h),
      type: u32(h + 4),
      offset: word(h + (is64 ? 0x18 : 0x10)),
      size: word(h + (is64 ? 0x20 : 0x14)),
    };
  };
  const strtab = sectionAt(shstrndx);
  need(strtab.offset, strtab.size);
  const strEnd = strtab.offset + strtab.size;
  for (let i = 1; i < shnum; i++) {
    const s = sectionAt(i);
    const start = strtab.offset + s.nameOff;
    if (s.nameOff >= strtab.size || start + name.length >= strEnd) continue;
    if (buf[start + name.length] !== 0 || buf.toString('latin1', start, start + name.length) !== name) continue;
    if (s.type === 8) throw new ElfError(`section ${name} has no data in the file`); // SHT_NOBITS
    need(s.offset, s.size);
    return { offset: s.offset, size: s.size };
  }
  return undefined;
}

interface AuditPackage {
  name: string;
  version: string;
  source: string;
  kind: string;
  dependencies: number[];
  root: boolean;
}

function readTree(json: unknown): AuditPackage[] | string {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { packages?: unknown }).packages)) return 'no "packages" array';
  const list = (json as { packages: unknown[] }).packages;
  const out: AuditPackage[] = [];
  for (const [i, p] of list.entries()) {
    if (typeof p !== 'object' || p === null) return `package ${i} is not an object`;
    const r = p as Record<string, unknown>;
    if (typeof r['name'] !== 'string' || typeof r['version'] !== 'string' || r['name'] === '' || r['version'] === '') return `package ${i} has no name or version`;
    const deps = r['dependencies'] ?? [];
    if (!Array.isArray(deps) || !deps.every((d) => Number.isInteger(d) && d >= 0 && d < list.length)) return `package ${i} (${r['name']}) has bad dependency indexes`;
    out.push({
      name: r['name'],
      version: r['version'],
      source: typeof r['source'] === 'string' ? r['source'] : 'unknown',
      kind: typeof r['kind'] === 'string' ? r['kind'] : 'runtime',
      dependencies: deps as number[],
      root: r['root'] === true,
    });
  }
  return out;
}

function cargoPurl(name: string, version: string): string {
  try {
    return new PackageURL('cargo', undefined, name, version, undefined, undefined).toString();
  } catch {
    return `pkg:cargo/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
  }
}

export function analyzeRustBinary(path: string, content: Buffer): AnalyzerOutput {
  // Cheap rejects first: not ELF, or the section name appears nowhere in the file.
  if (content.length < 4 || content.readUInt32BE(0) !== 0x7f454c46) return {};
  if (content.indexOf(SECTION_BYTES) < 0) return {};
  let section: Section | undefined;
  try {
    section = findElfSection(content, SECTION);
  } catch (err) {
    if (err instanceof ElfError) return { issues: [langIssue(path, `cargo-auditable data: ${err.message}`)] };
    throw err;
  }
  if (!section) return {};

  let text: string;
  try {
    text = inflateSync(content.subarray(section.offset, section.offset + section.size), { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
  } catch (err) {
    const tooBig = err instanceof RangeError || /maxOutputLength|buffer/i.test((err as Error).message);
    return { issues: [langIssue(path, tooBig ? `cargo-auditable data inflates past ${MAX_JSON_BYTES} bytes` : `cargo-auditable data is not zlib data (${(err as Error).message})`)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { issues: [langIssue(path, `cargo-auditable data is not valid JSON (${(err as Error).message})`)] };
  }
  const tree = readTree(json);
  if (typeof tree === 'string') return { issues: [langIssue(path, `cargo-auditable data: ${tree}`)] };

  const root = tree.findIndex((p) => p.root);
  const direct = new Set(root >= 0 ? tree[root]!.dependencies : []);
  const packages: ImagePackage[] = [];
  const issues: ScanIssue[] = [];
  for (const [i, p] of tree.entries()) {
    if (p.source === 'local') continue; // the program's own workspace crates
    if (p.source !== 'crates.io' && p.source !== 'registry') {
      issues.push(langIssue(path, `skipped ${p.name}@${p.version}: source ${p.source} is not crates.io`, 'other'));
      continue;
    }
    const pkg: ImagePackage = {
      ecosystem: 'crates.io',
      name: p.name,
      version: p.version,
      purl: cargoPurl(p.name, p.version),
      direct: i === root || direct.has(i),
      dev: p.kind === 'build',
      pinned: true,
      source: path,
    };
    if (p.dependencies.length > 0) pkg.dependsOn = p.dependencies.map((d) => `${tree[d]!.name}@${tree[d]!.version}`);
    packages.push(pkg);
  }
  const out: AnalyzerOutput = {};
  if (packages.length > 0) out.packages = packages;
  if (issues.length > 0) out.issues = issues;
  return out;
}

export const rustAnalyzer: Analyzer = {
  id: 'lang/rust-audit',
  maxBytes: MAX_BYTES,
  wants: (e) => isExecutableCandidate(e),
  analyze: (f) => analyzeRustBinary(f.path, f.content),
};
