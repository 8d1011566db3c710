import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { osPurl } from './purl.js';

/**
 * dpkg's database: `var/lib/dpkg/status` (every package, one RFC-822 stanza each),
 * `var/lib/dpkg/status.d/<pkg>` (distroless images: one stanza per file, no Status field, with
 * `<pkg>.md5sums` beside it listing the files) and `var/lib/dpkg/info/<pkg>[:arch].list`
 * (the files each package installed). Packages come out as ecosystem 'Debian'; the merge
 * switches them to 'Ubuntu' when the OsInfo says so, and rebuilds the purl with the OsInfo.
 */

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';
const INFO = 'var/lib/dpkg/info/';

/** A status file of a large image is a few MB; 64 MiB leaves room without risking memory. */
const MAX_STATUS_BYTES = 64 * 1024 * 1024;
const MAX_LIST_BYTES = 16 * 1024 * 1024;
const COMPANIONS = ['.conffiles', '.list', '.sha256sums', '.triggers', '.shlibs', '.symbols'];

export const dpkgStatusAnalyzer: Analyzer = {
  id: 'os/dpkg-status',
  maxBytes: MAX_STATUS_BYTES,
  wants: (e) => isFile(e.type) && e.path === STATUS,
  analyze: ({ path, content }) => guard(path, () => parseDpkgStatus(path, content.toString('utf8'), true)),
};

export const dpkgStatusDAnalyzer: Analyzer = {
  id: 'os/dpkg-status-d',
  maxBytes: MAX_STATUS_BYTES,
  wants: (e) => isFile(e.type) && directChild(e.path, STATUS_D) !== undefined,
  analyze: ({ path, content }) =>
    guard(path, () => {
      const name = directChild(path, STATUS_D) ?? '';
      if (name.endsWith('.md5sums')) {
        return { ownedFiles: [{ owner: stripArch(name.slice(0, -'.md5sums'.length)), files: parseMd5sums(content.toString('utf8')) }] };
      }
      // Other companions beside a stanza are not stanzas (package names may hold dots: python3.11).
      if (COMPANIONS.some((s) => name.endsWith(s))) return {};
      return parseDpkgStatus(path, content.toString('utf8'), false);
    }),
};

export const dpkgListAnalyzer: Analyzer = {
  id: 'os/dpkg-list',
  maxBytes: MAX_LIST_BYTES,
  wants: (e) => isFile(e.type) && (directChild(e.path, INFO)?.endsWith('.list') ?? false),
  analyze: ({ path, content }) =>
    guard(path, () => {
      const name = (directChild(path, INFO) ?? '').slice(0, -'.list'.length);
      if (name === '') return {};
      return { ownedFiles: [{ owner: stripArch(name), files: parseList(content.toString('utf8')) }] };
    }),
};

/** One stanza: its fields (names lowercased, continuation lines joined) and first line. */
export interface Stanza {
  line: number;
  fields: Map<string, string>;
}

/** RFC-822-style stanzas separated by blank lines; continuation lines start with a space or tab. */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  let last: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') {
      cur = undefined;
      last = undefined;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (cur && last !== undefined) cur.fields.set(last, `${cur.fields.get(last) ?? ''}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (!cur) {
      cur = { line: i + 1, fields: new Map() };
      out.push(cur);
    }
    last = line.slice(0, colon).trim().toLowerCase();
    cur.fields.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

/**
 * Packages of a status file. `needStatus`: the main status file lists removed and half-installed
 * packages too, so only `<want> ok installed` counts (`install` and `hold` both mean on disk;
 * `deinstall ok installed` is still on disk until apt runs). status.d stanzas have no Status.
 */
export function parseDpkgStatus(path: string, text: string, needStatus: boolean): AnalyzerOutput {
  const packages: ImagePackage[] = [];
  const issues: ScanIssue[] = [];
  for (const st of parseStanzas(text)) {
    const f = st.fields;
    if (needStatus || f.has('status')) {
      const status = (f.get('status') ?? '').split(/\s+/);
      if (status[1] !== 'ok' || status[2] !== 'installed') continue;
    }
    const name = f.get('package');
    const version = f.get('version');
    if (!name || !version) {
      issues.push({
        path,
        line: st.line,
        kind: 'unparsable',
        message: `${path}:${st.line}: stanza without ${name ? 'Version' : 'Package'}; skipped`,
        scanner: 'image',
      });
      continue;
    }
    const pkg: ImagePackage = {
      ecosystem: 'Debian',
      name,
      version,
      purl: '',
      direct: false,
      dev: false,
      pinned: true,
      source: path,
      line: st.line,
      sourceName: name,
      sourceVersion: version,
    };
    const arch = f.get('architecture');
    if (arch) pkg.arch = arch;
    const src = f.get('source');
    if (src) {
      // `Source: glibc` or `Source: glibc (2.36-9)` when the source version differs.
      const m = /^(\S+)(?:\s+\(([^)\s]+)\))?$/.exec(src);
      if (m?.[1]) {
        pkg.sourceName = m[1];
        if (m[2]) pkg.sourceVersion = m[2];
      }
    }
    pkg.purl = osPurl(pkg, undefined);
    packages.push(pkg);
  }
  const out: AnalyzerOutput = { packages };
  if (issues.length) out.issues = issues;
  return out;
}

/** `info/<pkg>.list`: one absolute path per line; `/.` is the root itself. */
export function parseList(text: string): string[] {
  const files: string[] = [];
  for (const raw of text.split('\n')) {
    const p = normalise(raw);
    if (p) files.push(p);
  }
  return files;
}

/** `<md5>  <path>` lines; paths are already root-relative. */
export function parseMd5sums(text: string): string[] {
  const files: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // `<32 hex><blanks><path>`: test the digest, slice the path (no regex run over the path).
    const path = /^[0-9a-fA-F]{32}\s/.test(line) ? line.slice(32).trim() : '';
    const p = path ? normalise(path) : undefined;
    if (p) files.push(p);
  }
  return files;
}

function normalise(raw: string): string | undefined {
  let p = raw.replace(/\r$/, '').trim();
  while (p.startsWith('/')) p = p.slice(1);
  if (p.startsWith('./')) p = p.slice(2);
  if (p === '' || p === '.' || p.split('/').includes('..')) return undefined;
  return p;
}

/** `libc6:amd64` -> `libc6` (multi-arch packages name their files with the arch). */
function stripArch(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(0, i);
}

function directChild(path: string, dir: string): string | undefined {
  if (!path.startsWith(dir)) return undefined;
  const rest = path.slice(dir.length);
  return rest !== '' && !rest.includes('/') ? rest : undefined;
}

function isFile(type: string): boolean {
  return type === 'file' || type === 'hardlink';
}

function guard(path: string, fn: () => AnalyzerOutput): AnalyzerOutput {
  try {
    return fn();
  } catch (e) {
    return { issues: [{ path, kind: 'unparsable', message: `cannot read ${path}: ${(e as Error).message}`, scanner: 'image' }] };
  }
}
