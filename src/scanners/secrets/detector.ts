import type { RuleMeta } from '../../core/rule.js';

/**
 * One credential type. Data plus small pure functions; the engine does reading, prefiltering,
 * decoding, redaction and fingerprints, and live verification lives apart in verify/.
 */
export interface Detector extends RuleMeta {
  /**
   * Lowercase ASCII literals; the pattern only runs on text that contains one of them
   * (case-insensitive). Choose literals every true match contains (a prefix like `ghp_`) or
   * that always stand near it (`heroku`). Never empty.
   */
  keywords: string[];
  /**
   * RE2 syntax (linear time: no backreferences or lookaround). Capture group 1, when present,
   * is the secret; otherwise the whole match is. Bound every repetition ({n,m}), so a match
   * never exceeds maxLength.
   */
  pattern: string;
  /** Extra RE2 flags: 'i' for case-insensitive. The engine adds 'g'. */
  flags?: string;
  /** Longest possible match in characters; used for chunk overlap. */
  maxLength: number;
  /** Minimum Shannon entropy (bits per character) of the secret; lower drops the match. */
  minEntropy?: number;
  /**
   * Offline validation (checksum, structure). Return false to drop the match. When
   * `checksum` is true, passing raises confidence to high.
   */
  check?(secret: string, match: string): boolean;
  checksum?: boolean;
  /**
   * Set when a match may span lines (PEM blocks) or its keyword may stand on another line than
   * the match (a provider name a few lines above a bare value). Otherwise the engine runs the
   * pattern only on the lines that hold a keyword, which keeps detectors with common keywords
   * cheap. The detector tests run every flagged example through that windowing, so a detector
   * that needs this flag and lacks it fails its own tests.
   */
  spansLines?: boolean;
  /** Skip engine placeholder filtering (e.g. private keys where the body is never 'xxxx'). */
  noPlaceholderFilter?: boolean;
}
