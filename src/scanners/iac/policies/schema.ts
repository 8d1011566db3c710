import { z } from 'zod';
import { SEVERITIES } from '../../../core/severity.js';

/**
 * A custom policy file (YAML). One policy per file:
 *
 *   id: require-bucket-owner-tag          # rule id becomes iac/custom/<id>
 *   title: Buckets carry an owner tag
 *   severity: medium
 *   resources: [aws_s3_bucket]            # Terraform type names (CloudFormation is translated)
 *   when:   { attribute: tags.env, equals: prod }            # optional: which resources to check
 *   assert: { attribute: tags.owner, exists: true }          # must hold, else a finding
 *   # or instead of assert:  cel: 'has(resource.attrs.tags) && "owner" in resource.attrs.tags'
 *   tests: { flagged: [examples/bad.tf], clean: [examples/good.tf] }
 *
 * Conditions: `all: [..]`, `any: [..]`, `not: ..`, attribute tests
 * (`attribute: <path>` with one of exists, equals, notEquals, in, notIn, contains,
 * notContains, matches, greaterThan, lessThan, atLeast, atMost; `*` in a path means any
 * element), and connections (`connected: { type, direction: in|out|any, where: <condition> }`).
 */
export const OPERATORS = ['exists', 'equals', 'notEquals', 'in', 'notIn', 'contains', 'notContains', 'matches', 'greaterThan', 'lessThan', 'atLeast', 'atMost'] as const;
export type Operator = (typeof OPERATORS)[number];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ attribute: string } & Partial<Record<Operator, unknown>>)
  | { connected: { type: string; direction: 'in' | 'out' | 'any'; where?: Condition } };

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z
      .object({
        attribute: z.string().min(1),
        exists: z.boolean().optional(),
        equals: scalar.optional(),
        notEquals: scalar.optional(),
        in: z.array(scalar).optional(),
        notIn: z.array(scalar).optional(),
        contains: scalar.optional(),
        notContains: scalar.optional(),
        matches: z.string().optional(),
        greaterThan: z.number().optional(),
        lessThan: z.number().optional(),
        atLeast: z.number().optional(),
        atMost: z.number().optional(),
      })
      .strict()
      .refine((c) => OPERATORS.filter((o) => (c as Record<string, unknown>)[o] !== undefined).length === 1, {
        message: `an attribute condition needs exactly one of: ${OPERATORS.join(', ')}`,
      }),
    z
      .object({
        connected: z
          .object({ type: z.string().min(1), direction: z.enum(['in', 'out', 'any']).default('any'), where: conditionSchema.optional() })
          .strict(),
      })
      .strict(),
  ]),
) as z.ZodType<Condition>;

const paths = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    description: z.string().default(''),
    remediation: z.string().default(''),
    cwe: z.array(z.number().int().positive()).default([]),
    references: z.array(z.string()).default([]),
    provider: z.enum(['aws', 'azure', 'gcp']).optional(),
    resources: z.array(z.string().min(1)).min(1),
    message: z.string().optional(),
    when: conditionSchema.optional(),
    assert: conditionSchema.optional(),
    cel: z.string().min(1).optional(),
    tests: z.object({ flagged: paths.default([]), clean: paths.default([]) }).strict().optional(),
  })
  .strict()
  .refine((p) => (p.assert === undefined) !== (p.cel === undefined), { message: 'a policy needs exactly one of "assert" or "cel"' });

export type PolicyDoc = z.infer<typeof policySchema>;
