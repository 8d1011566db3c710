import { npmPurl, isRegistryVersion, isObject } from '../../deps/ecosystems/npm/common.js';
import { spdxExpression } from '../../deps/ecosystems/pypi/dist-info.js';
import { jsonErrorLine } from '../../deps/text-lines.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { langIssue } from './common.js';

/**
 * Installed npm packages: the `package.json` directly inside a `node_modules/<name>/` or
 * `node_modules/@scope/<name>/` directory, at any depth (nested installs, pnpm's
 * `.pnpm/<id>/node_modules/<name>`, global installs under `usr/lib/node_modules` and
 * `usr/local/lib/node_modules`). An application's own `package.json` outside node_modules is
 * not an installed package and is passed over, as are `package.json` files deeper inside a
 * package (test fixtures, sub-path exports) and dot-directories (`.bin`, `.cache`).
 */
const INSTALLED = /(?:^|\/)node_modules\/(?:@[^/]+\/[^/.][^/]*|[^/.@][^/]*)\/package\.json$/;

/** npm's own limit for package.json is far below this; bigger is not a manifest. */
const MAX_BYTES = 4 << 20;

/** `license` (string or the old `{type}` object), else the old `licenses: [{type}]` list, as SPDX. */
function npmLicense(json: Record<string, unknown>): string | undefined {
  const typeOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : isObject(v) && typeof v['type'] === 'string' ? v['type'] : undefined);
  const one = typeOf(json['license']);
  if (one !== undefined) return spdxExpression(one);
  const list = json['licenses'];
  if (!Array.isArray(list)) return undefined;
  const ids = list.map(typeOf).map((t) => (t === undefined ? undefined : spdxExpression(t)));
  if (ids.length === 0 || ids.some((x) => x === undefined)) return undefined;
  const unique = [...new Set(ids as string[])];
  return unique.length === 1 ? unique[0] : unique.map((x) => (/\s/.test(x) ? `(${x})` : x)).join(' OR ');
}

export function analyzeNodePackage(path: string, content: Buffer): AnalyzerOutput {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { issues: [langIssue(path, `package.json is not valid JSON (${(err as Error).message})`, 'unparsable', jsonErrorLine(text, err))] };
  }
  if (!isObject(json)) return { issues: [langIssue(path, 'package.json is not a JSON object')] };
  const name = json['name'];
  const version = json['version'];
  // A package.json without both is not a published package (a workspace stub, a fixture): nothing to report.
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '') return {};
  const pinned = isRegistryVersion(version);
  const pkg: ImagePackage = {
    ecosystem: 'npm',
    name,
    version,
    purl: npmPurl(name, version),
    direct: false,
    dev: false,
    pinned,
    source: path,
  };
  const license = npmLicense(json);
  if (license !== undefined) pkg.license = license;
  return { packages: [pkg] };
}

export const nodeAnalyzer: Analyzer = {
  id: 'lang/npm',
  maxBytes: MAX_BYTES,
  wants: (e) => e.type === 'file' && INSTALLED.test(e.path),
  analyze: (f) => analyzeNodePackage(f.path, f.content),
};
