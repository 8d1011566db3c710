/**
 * Rules that need no data flow: a call or literal that is unsafe wherever it appears (MD5 for a
 * password hash, `rejectUnauthorized: false`, JWT `algorithms: ['none']`). Pure functions over one
 * parsed file and its API names.
 */
import type { RuleMeta } from '../../../core/rule.js';
import type { ParsedFile } from '../parse/index.js';
import type { ApiNames } from '../ir/api-names.js';

export interface AstHit {
  /** The offending node's offsets (UTF-16, as the parser gives). */
  start: number;
  end: number;
  /** Specific message, e.g. "MD5 hashes a password here; use bcrypt, scrypt or argon2". */
  message: string;
}

/** What the scanner knows of the project a file is in (its package.json), for rules whose verdict depends on it. */
export interface ProjectFacts {
  /** The major version of jsonwebtoken the project's package.json declares (the lowest its range allows). */
  jsonwebtokenMajor?: number;
}

export interface AstRule {
  meta: RuleMeta;
  /** Off unless sast.bestPractices is on (low-confidence hygiene). Default on. */
  enabledByDefault?: boolean;
  check(file: ParsedFile, api: ApiNames, project?: ProjectFacts): AstHit[];
}
