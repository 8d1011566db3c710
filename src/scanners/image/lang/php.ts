import { PackageURL } from 'packageurl-js';
import { composerLicense, normaliseComposerVersion } from '../../deps/ecosystems/composer/composer-lock.js';
import { jsonErrorLine } from '../../deps/text-lines.js';
import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { langIssue } from './common.js';

/**
 * Composer packages installed in a PHP application: `vendor/composer/installed.json`, which
 * Composer 1 writes as an array of package objects and Composer 2 as `{"packages": [...],
 * "dev": bool, "dev-package-names": [...]}`. Versions and licences go through the dependency
 * scanner's composer helpers (a leading `v` dropped, `dev-` branches unpinned).
 */
const INSTALLED = /(?:^|\/)vendor\/composer\/installed\.json$/;
const MAX_BYTES = 32 << 20;

function composerPurl(name: string, version: string): string {
  const slash = name.indexOf('/');
  try {
    return new PackageURL('composer', slash > 0 ? name.slice(0, slash) : undefined, slash > 0 ? name.slice(slash + 1) : name, version, undefined, undefined).toString();
  } catch {
    return `pkg:composer/${encodeURIComponent(name).replace(/%2F/g, '/')}@${encodeURIComponent(version)}`;
  }
}

export function analyzeComposerInstalled(path: string, content: Buffer): AnalyzerOutput {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { issues: [langIssue(path, `installed.json is not valid JSON (${(err as Error).message})`, 'unparsable', jsonErrorLine(text, err))] };
  }
  let list: unknown;
  const devNames = new Set<string>();
  if (Array.isArray(json)) list = json; // Composer 1
  else if (typeof json === 'object' && json !== null && Array.isArray((json as Record<string, unknown>)['packages'])) {
    const o = json as Record<string, unknown>;
    list = o['packages'];
    const dev = o['dev-package-names'];
    if (Array.isArray(dev)) for (const n of dev) if (typeof n === 'string') devNames.add(n.toLowerCase());
  } else {
    return { issues: [langIssue(path, 'installed.json is neither a package array (Composer 1) nor an object with a "packages" array (Composer 2)')] };
  }

  const packages: ImagePackage[] = [];
  const issues: ScanIssue[] = [];
  for (const [i, e] of (list as unknown[]).entries()) {
    const r = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : undefined;
    const name = r?.['name'];
    const rawVersion = r?.['version'];
    if (typeof name !== 'string' || typeof rawVersion !== 'string' || name === '' || rawVersion === '') {
      issues.push(langIssue(path, `installed.json: package ${i} has no name or version`));
      continue;
    }
    // Packagist names are case-insensitive and stored lowercase; advisories use that form.
    const lower = name.toLowerCase();
    const { version, pinned } = normaliseComposerVersion(rawVersion);
    const pkg: ImagePackage = {
      ecosystem: 'Packagist',
      name: lower,
      version,
      purl: composerPurl(lower, version),
      direct: false,
      dev: devNames.has(lower),
      pinned,
      source: path,
    };
    const license = composerLicense(r!['license']);
    if (license !== undefined) pkg.license = license;
    packages.push(pkg);
  }
  const out: AnalyzerOutput = {};
  if (packages.length > 0) out.packages = packages;
  if (issues.length > 0) out.issues = issues;
  return out;
}

export const phpAnalyzer: Analyzer = {
  id: 'lang/composer',
  maxBytes: MAX_BYTES,
  wants: (e) => e.type === 'file' && INSTALLED.test(e.path),
  analyze: (f) => analyzeComposerInstalled(f.path, f.content),
};
