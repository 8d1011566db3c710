import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, OsInfo } from '../types.js';

/**
 * Distribution detection: os-release (both the `etc/` and the `usr/lib/` copy: `etc/os-release`
 * is usually a symlink to the other, and only regular files have content) and the older
 * per-distribution files. Each file yields an OsInfo; `pickOs` chooses among them.
 */

/**
 * OsInfo plus the file it came from, so `pickOs` can rank the candidates. A subtype of the
 * contract's OsInfo (the contract has no field for the origin).
 */
export interface DetectedOs extends OsInfo {
  detectedFrom: string;
}

/**
 * Files read, with their rank (higher wins). lsb-release beats debian_version: Ubuntu ships a
 * debian_version naming the Debian release it branched from (`bookworm/sid`).
 */
const FILES = new Map<string, number>([
  ['etc/os-release', 5],
  ['usr/lib/os-release', 4],
  ['etc/lsb-release', 3],
  ['etc/alpine-release', 2],
  ['etc/redhat-release', 2],
  ['etc/system-release', 2],
  ['etc/debian_version', 1],
]);

const MAX_BYTES = 64 * 1024;

export const osReleaseAnalyzer: Analyzer = {
  id: 'os/release',
  maxBytes: MAX_BYTES,
  wants(entry) {
    return (entry.type === 'file' || entry.type === 'hardlink') && FILES.has(entry.path);
  },
  analyze({ path, content }) {
    try {
      return analyzeReleaseFile(path, content.toString('utf8'));
    } catch (e) {
      // Parsing is line-based and total; this only guards the "never throws" contract.
      return { issues: [issue(path, 'unparsable', `cannot read the distribution from ${path}: ${(e as Error).message}`)] };
    }
  },
};

function analyzeReleaseFile(path: string, text: string): AnalyzerOutput {
  switch (path) {
    case 'etc/os-release':
    case 'usr/lib/os-release':
      return fromOsRelease(path, parseKeyValues(text));
    case 'etc/lsb-release':
      return fromLsbRelease(path, parseKeyValues(text));
    case 'etc/alpine-release':
      return fromAlpineRelease(path, firstLine(text));
    case 'etc/debian_version':
      return fromDebianVersion(path, firstLine(text));
    case 'etc/redhat-release':
    case 'etc/system-release':
      return fromRedhatRelease(path, firstLine(text));
    default:
      return {};
  }
}

function fromOsRelease(path: string, kv: Map<string, string>): AnalyzerOutput {
  const id = kv.get('ID')?.toLowerCase();
  if (!id) return { issues: [issue(path, 'unparsable', `${path} has no ID= line`)] };
  const info: DetectedOs = { id, detectedFrom: path };
  const versionId = kv.get('VERSION_ID');
  if (versionId) info.versionId = versionId;
  const pretty = kv.get('PRETTY_NAME');
  if (pretty) info.prettyName = pretty;
  const issues: ScanIssue[] = [];
  addOsv(info, `${kv.get('VERSION') ?? ''} ${pretty ?? ''}`, (m) => issues.push(issue(path, 'unresolved', m)));
  return issues.length ? { os: info, issues } : { os: info };
}

function fromLsbRelease(path: string, kv: Map<string, string>): AnalyzerOutput {
  const id = kv.get('DISTRIB_ID')?.toLowerCase();
  if (!id) return {};
  const info: DetectedOs = { id, detectedFrom: path };
  const versionId = kv.get('DISTRIB_RELEASE');
  if (versionId) info.versionId = versionId;
  const desc = kv.get('DISTRIB_DESCRIPTION');
  if (desc) info.prettyName = desc;
  addOsv(info, desc ?? '', () => undefined);
  return { os: info };
}

function fromAlpineRelease(path: string, line: string): AnalyzerOutput {
  if (!/^\d+\.\d+/.test(line)) return {};
  const info: DetectedOs = { id: 'alpine', versionId: line, detectedFrom: path };
  addOsv(info, '', () => undefined);
  return { os: info };
}

function fromDebianVersion(path: string, line: string): AnalyzerOutput {
  if (!line) return {};
  const info: DetectedOs = { id: 'debian', detectedFrom: path };
  // `12.5` names a stable point release; `trixie/sid` (testing, unstable, and every Ubuntu) has
  // no number: left without a release. No issue here: on Ubuntu this file is not the answer.
  if (/^\d+(\.\d+)*$/.test(line)) info.versionId = line;
  addOsv(info, '', () => undefined);
  return { os: info };
}

/** `Red Hat Enterprise Linux release 9.3 (Plow)`, `CentOS Linux release 7.9.2009 (Core)`, ... */
const REDHAT_NAMES: [RegExp, string][] = [
  [/^red hat enterprise linux/i, 'rhel'],
  [/^centos/i, 'centos'],
  [/^almalinux/i, 'almalinux'],
  [/^rocky linux/i, 'rocky'],
  [/^fedora/i, 'fedora'],
  [/^amazon linux/i, 'amzn'],
  [/^oracle linux/i, 'ol'],
];

function fromRedhatRelease(path: string, line: string): AnalyzerOutput {
  const hit = REDHAT_NAMES.find(([re]) => re.test(line));
  if (!hit) return {};
  const info: DetectedOs = { id: hit[1], prettyName: line, detectedFrom: path };
  const m = /\brelease\s+(\d+(?:\.\d+)*)/i.exec(line);
  if (m?.[1]) info.versionId = m[1];
  addOsv(info, line, () => undefined);
  return { os: info };
}

/**
 * Sets the OSV ecosystem and release suffix (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`,
 * `AlmaLinux:9`, `Rocky Linux:9`). `versionText` is VERSION / PRETTY_NAME, where Ubuntu says LTS.
 * `note` explains a distribution whose advisories exist but whose release cannot be named.
 */
export function addOsv(info: OsInfo, versionText: string, note: (message: string) => void): void {
  const v = info.versionId;
  const major = v ? /^(\d+)/.exec(v)?.[1] : undefined;
  switch (info.id) {
    case 'debian':
      info.ecosystem = 'Debian';
      if (major) info.release = major;
      else note('Debian without VERSION_ID (testing or unstable): OSV has no release for it, so its packages are not matched against Debian advisories');
      return;
    case 'ubuntu': {
      info.ecosystem = 'Ubuntu';
      const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
      if (!m?.[1] || !m[2]) {
        note('Ubuntu without a YY.MM VERSION_ID: its packages are not matched against Ubuntu advisories');
        return;
      }
      const yymm = `${m[1]}.${m[2].padStart(2, '0')}`;
      info.release = isUbuntuLts(m[1], m[2], versionText) ? `${yymm}:LTS` : yymm;
      return;
    }
    case 'alpine': {
      info.ecosystem = 'Alpine';
      const m = v ? /^(\d+)\.(\d+)(\.\d+)?$/.exec(v) : null;
      if (m) info.release = `v${m[1]}.${m[2]}`;
      // edge carries VERSION_ID like `3.20.0_alpha20240329`: not a stable branch.
      else note(`Alpine ${v ?? '(no VERSION_ID)'} is not a stable branch: its packages are not matched against Alpine advisories`);
      return;
    }
    case 'almalinux':
      info.ecosystem = 'AlmaLinux';
      if (major) info.release = major;
      return;
    case 'rocky':
      info.ecosystem = 'Rocky Linux';
      if (major) info.release = major;
      return;
    case 'rhel':
      // OSV's Red Hat releases are product streams (`Red Hat:enterprise_linux:9::appstream`,
      // `...::baseos`); the rpm db does not say which repository a package came from, so the
      // release is the major version's prefix and matching takes every stream of it
      // (releaseMatches: `enterprise_linux:9` matches `enterprise_linux:9::<stream>`). EUS/AUS
      // streams (`rhel_eus:9.2::...`) are other products and stay out.
      info.ecosystem = 'Red Hat';
      if (major) info.release = `enterprise_linux:${major}`;
      else note('Red Hat Enterprise Linux without VERSION_ID: its packages are not matched');
      return;
    default:
      return;
  }
}

/** LTS when os-release says so; else Ubuntu's rule: the .04 release of an even year (since 6.06). */
function isUbuntuLts(yy: string, mm: string, versionText: string): boolean {
  if (/\bLTS\b/.test(versionText)) return true;
  if (versionText.trim() !== '') return false;
  const year = Number(yy);
  return mm === '04' && year >= 8 && year % 2 === 0;
}

/**
 * The distribution of the image: os-release wins over lsb-release, which wins over the
 * per-distribution files. Missing version fields are filled from lower-ranked candidates that
 * name the same distribution. Candidates without `detectedFrom` rank lowest.
 */
export function pickOs(outputs: OsInfo[]): OsInfo | undefined {
  if (outputs.length === 0) return undefined;
  const ranked = [...outputs].sort((a, b) => rank(b) - rank(a));
  const best = ranked[0];
  if (!best) return undefined;
  const out: OsInfo = { id: best.id };
  if (best.versionId !== undefined) out.versionId = best.versionId;
  if (best.prettyName !== undefined) out.prettyName = best.prettyName;
  if (best.ecosystem !== undefined) out.ecosystem = best.ecosystem;
  if (best.release !== undefined) out.release = best.release;
  for (const other of ranked.slice(1)) {
    if (other.id !== out.id) continue;
    if (out.versionId === undefined && other.versionId !== undefined) out.versionId = other.versionId;
    if (out.prettyName === undefined && other.prettyName !== undefined) out.prettyName = other.prettyName;
    if (out.ecosystem === undefined && other.ecosystem !== undefined) out.ecosystem = other.ecosystem;
    if (out.release === undefined && other.release !== undefined) out.release = other.release;
  }
  return out;
}

function rank(o: OsInfo): number {
  const from = (o as Partial<DetectedOs>).detectedFrom;
  return from !== undefined ? (FILES.get(from) ?? 0) : 0;
}

/**
 * os-release / lsb-release syntax: `KEY=value` lines, values optionally in double quotes (with
 * `\"`, `\\`, `\$`, `` \` `` escapes) or single quotes (literal). Comments and junk are skipped.
 */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    out.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    let out = '';
    const s = v.slice(1, -1);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      const next = s[i + 1];
      if (c === '\\' && next !== undefined && '"\\$`'.includes(next)) {
        out += next;
        i++;
      } else {
        out += c;
      }
    }
    return out;
  }
  return v;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).trim();
}

function issue(path: string, kind: ScanIssue['kind'], message: string): ScanIssue {
  return { path, kind, message, scanner: 'image' };
}
