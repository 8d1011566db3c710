import { extractGoBinary } from '../../deps/ecosystems/go/binary.js';
import type { Analyzer, AnalyzerOutput } from '../types.js';
import { asImageIssues, executableFormat, isExecutableCandidate } from './common.js';

/**
 * Go programs: the build info the linker embeds (module path, every dependency module with its
 * version, the toolchain version), read by the dependency scanner's `extractGoBinary`. Packages:
 * the main module, each `dep` (replacements resolved), and `stdlib` at the toolchain's version
 * as OSV spells Go standard-library advisories.
 *
 * Every executable in an image is offered to this analyzer, so rejecting the others must be
 * cheap: the magic bytes first, then one byte search for the build-info header
 * (`\xff Go buildinf:`) before any parsing.
 */
const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** Larger executables are reported by the collector as too big instead of being read. */
const MAX_BYTES = 256 << 20;

export function analyzeGoBinary(path: string, content: Buffer): AnalyzerOutput {
  if (!executableFormat(content)) return {}; // a script or data file with an execute bit
  if (content.indexOf(BUILDINFO_MAGIC) < 0) return {}; // not Go (C, Rust ...) or build info stripped
  const r = extractGoBinary(path, content);
  const out: AnalyzerOutput = {};
  if (r.packages.length > 0) out.packages = r.packages;
  if (r.issues.length > 0) out.issues = asImageIssues(r.issues);
  return out;
}

export const goAnalyzer: Analyzer = {
  id: 'lang/go-binary',
  maxBytes: MAX_BYTES,
  wants: (e) => isExecutableCandidate(e),
  analyze: (f) => analyzeGoBinary(f.path, f.content),
};
