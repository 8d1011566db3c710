import { z } from 'zod';

/**
 * OSV record, schema 1.x (https://ossf.github.io/osv-schema/). Only the fields Rampart reads are
 * typed; the record itself is kept whole in the database, so nothing is lost by stripping here.
 */

const event = z.union([
  z.strictObject({ introduced: z.string().min(1) }),
  z.strictObject({ fixed: z.string().min(1) }),
  z.strictObject({ last_affected: z.string().min(1) }),
  z.strictObject({ limit: z.string().min(1) }),
]);

const range = z.object({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  repo: z.string().optional(),
  events: z.array(event).min(1),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

const severity = z.object({
  /** CVSS_V2 | CVSS_V3 | CVSS_V4 | Ubuntu; other (future) types are kept and ignored when scoring. */
  type: z.string(),
  score: z.string(),
});

const jsonObject = z.record(z.string(), z.unknown());

const affected = z.object({
  package: z
    .object({
      ecosystem: z.string().min(1),
      name: z.string().min(1),
      purl: z.string().optional(),
    })
    .optional(),
  severity: z.array(severity).optional(),
  ranges: z.array(range).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: jsonObject.optional(),
  database_specific: jsonObject.optional(),
});

export const osvRecordSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string().min(1),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severity).nullish(),
  affected: z.array(affected).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  database_specific: jsonObject.optional(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = z.infer<typeof affected>;
export type OsvRange = z.infer<typeof range>;
export type OsvEvent = z.infer<typeof event>;
export type OsvSeverity = z.infer<typeof severity>;

export type ParseResult = { ok: true; record: OsvRecord } | { ok: false; problem: string };

/** Validates one parsed JSON value; the problem names the first failing fields by path. */
export function parseOsvRecord(value: unknown): ParseResult {
  const r = osvRecordSchema.safeParse(value);
  if (r.success) return { ok: true, record: r.data };
  const problems = r.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(record)'}: ${i.message}`);
  const more = r.error.issues.length > 3 ? ` (+${r.error.issues.length - 3} more)` : '';
  return { ok: false, problem: `not a valid OSV record: ${problems.join('; ')}${more}` };
}
