import type { Finding } from '../../core/finding.js';
import type { Detector } from './detector.js';
import type { RawMatch } from './engine.js';

/**
 * A secret finding before the raw value is dropped: verification (--verify) needs the secret and
 * a little surrounding text (e.g. the AWS key id next to its secret key). Only the main thread
 * holds these, and nothing prints them.
 */
export interface SecretHit {
  detector: Detector;
  match: RawMatch;
  finding: Finding;
  /** A few lines around the match, for verifiers that need a paired value. Never printed. */
  context: string;
}
