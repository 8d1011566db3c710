import { z } from 'zod';
import { SEVERITIES } from '../../core/severity.js';

/** `deps:` in rampart.yaml, plus the flags that only concern this scanner. */
export const depsOptionsSchema = z
  .object({
    /** Vulnerability DB file (default: the user cache dir; `--db` overrides). */
    db: z.string().optional(),
    /** Warn when the DB is older than this many days. */
    maxDbAgeDays: z.number().positive().default(7),
    /** Report vulnerabilities of dev-only packages too. */
    includeDev: z.boolean().default(true),
    /** Match packages against the vulnerability DB (off for a plain SBOM). */
    vulnerabilities: z.boolean().default(true),
    /** Report vulnerabilities that have no fixed version yet. */
    includeUnfixed: z.boolean().default(true),
    licenses: z
      .object({
        allow: z.array(z.string()).default([]),
        deny: z.array(z.string()).default([]),
        deniedSeverity: z.enum(SEVERITIES).default('high'),
        notAllowedSeverity: z.enum(SEVERITIES).default('medium'),
      })
      .strict()
      .default({ allow: [], deny: [], deniedSeverity: 'high', notAllowedSeverity: 'medium' }),
  })
  .strict();

export type DepsOptions = z.infer<typeof depsOptionsSchema>;
