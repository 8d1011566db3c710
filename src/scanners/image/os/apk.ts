import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { osPurl } from './purl.js';
import { trimEndChars, trimStartChars } from '../../../core/trim.js';

/**
 * Alpine's installed database, `lib/apk/db/installed`: one block per package separated by
 * blank lines, each line `<letter>:<value>`. Read here: P name, V version, A arch, o origin
 * (the source package, which Alpine's advisories name), L license, F directory and R file in
 * the last F directory (the package's files).
 */

const INSTALLED = 'lib/apk/db/installed';
const MAX_BYTES = 64 * 1024 * 1024;

export const apkAnalyzer: Analyzer = {
  id: 'os/apk',
  maxBytes: MAX_BYTES,
  wants: (e) => (e.type === 'file' || e.type === 'hardlink') && e.path === INSTALLED,
  analyze({ path, content }) {
    try {
      return parseApkInstalled(path, content.toString('utf8'));
    } catch (e) {
      return { issues: [{ path, kind: 'unparsable', message: `cannot read ${path}: ${(e as Error).message}`, scanner: 'image' }] };
    }
  },
};

interface Block {
  line: number;
  name?: string;
  version?: string;
  arch?: string;
  origin?: string;
  license?: string;
  files: string[];
  /** Current F: directory; undefined after an unusable one (its R: lines are dropped). */
  dir: string | undefined;
}

export function parseApkInstalled(path: string, text: string): AnalyzerOutput {
  const packages: ImagePackage[] = [];
  const ownedFiles: { owner: string; files: string[] }[] = [];
  const issues: ScanIssue[] = [];
  let cur: Block | undefined;

  const finish = (): void => {
    if (!cur) return;
    const b = cur;
    cur = undefined;
    if (!b.name || !b.version) {
      issues.push({
        path,
        line: b.line,
        kind: 'unparsable',
        message: `${path}:${b.line}: package block without ${b.name ? 'V: (version)' : 'P: (name)'}; skipped`,
        scanner: 'image',
      });
      return;
    }
    const pkg: ImagePackage = {
      ecosystem: 'Alpine',
      name: b.name,
      version: b.version,
      purl: '',
      direct: false,
      dev: false,
      pinned: true,
      source: path,
      line: b.line,
      sourceName: b.origin || b.name,
      // An origin package is built at the same version as its subpackages.
      sourceVersion: b.version,
    };
    if (b.arch) pkg.arch = b.arch;
    if (b.license) pkg.license = b.license;
    pkg.purl = osPurl(pkg, undefined);
    packages.push(pkg);
    if (b.files.length) ownedFiles.push({ owner: b.name, files: b.files });
  };

  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') continue;
    if (!cur) cur = { line: i + 1, files: [], dir: '' };
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        cur.name = value.trim();
        break;
      case 'V':
        cur.version = value.trim();
        break;
      case 'A':
        cur.arch = value.trim();
        break;
      case 'o':
        cur.origin = value.trim();
        break;
      case 'L':
        cur.license = value.trim();
        break;
      case 'F':
        cur.dir = clean(value);
        break;
      case 'R': {
        const file = clean(value);
        if (file && cur.dir !== undefined) cur.files.push(cur.dir ? `${cur.dir}/${file}` : file);
        break;
      }
      default:
        break;
    }
  }
  finish();

  const out: AnalyzerOutput = { packages };
  if (ownedFiles.length) out.ownedFiles = ownedFiles;
  if (issues.length) out.issues = issues;
  return out;
}

/** Root-relative, no leading or trailing slash; a `..` segment makes it unusable (undefined). */
function clean(v: string): string | undefined {
  const p = trimEndChars(trimStartChars(v.trim(), '/'), '/');
  return p.split('/').includes('..') ? undefined : p;
}
