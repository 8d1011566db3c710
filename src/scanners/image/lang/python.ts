import { distInfoPackage } from '../../deps/ecosystems/pypi/dist-info.js';
import type { Analyzer, AnalyzerOutput } from '../types.js';
import { asImageIssues } from './common.js';

/**
 * Installed Python distributions: Core Metadata files directly inside a `site-packages` or
 * `dist-packages` directory (any interpreter, venv or prefix):
 *   - `<name>-<ver>.dist-info/METADATA` (wheels, pip)
 *   - `<name>.egg-info/PKG-INFO` (setuptools develop/installs) and `<name>.egg-info` as a plain
 *     file (distutils and Debian's python3-* packages write the metadata as one file)
 *   - `<name>.egg/EGG-INFO/PKG-INFO` (zipped-then-unpacked eggs)
 * All share the Core Metadata headers; the dependency scanner's reader parses them.
 */
const METADATA = /(?:^|\/)(?:site|dist)-packages\/(?:[^/]+\.dist-info\/METADATA|[^/]+\.egg-info\/PKG-INFO|[^/]+\.egg-info|[^/]+\.egg\/EGG-INFO\/PKG-INFO)$/;

/** METADATA carries the long description; real ones stay well under this. */
const MAX_BYTES = 8 << 20;

export function analyzePythonMetadata(path: string, content: Buffer): AnalyzerOutput {
  // Only the headers matter and they come first; the body may be any encoding.
  const r = distInfoPackage({ path, content: content.toString('utf8') });
  const out: AnalyzerOutput = {};
  if (r.packages.length > 0) out.packages = r.packages;
  if (r.issues.length > 0) out.issues = asImageIssues(r.issues);
  return out;
}

export const pythonAnalyzer: Analyzer = {
  id: 'lang/python',
  maxBytes: MAX_BYTES,
  wants: (e) => e.type === 'file' && METADATA.test(e.path),
  analyze: (f) => analyzePythonMetadata(f.path, f.content),
};
