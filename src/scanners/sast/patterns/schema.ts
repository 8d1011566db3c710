/** The shape of a rule file, checked with zod; formula items are compiled (and checked) in compile.ts. */
import { z } from 'zod';

const SEVERITY_WORDS = ['critical', 'high', 'medium', 'low', 'info', 'error', 'warning'] as const;

const SEVERITY_HINT = 'one of critical, high, medium, low, info (or ERROR, WARNING, INFO)';
/** What to say about a required key a rule leaves out. */
export const REQUIRED_HINTS: Record<string, string> = { severity: SEVERITY_HINT, message: 'the text shown with each finding' };

const taintSpec = z.looseObject({}).describe('a pattern item');

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'),
    message: z.string().min(1),
    severity: z.string().refine((s) => (SEVERITY_WORDS as readonly string[]).includes(s.toLowerCase()), {
      message: SEVERITY_HINT,
    }),
    languages: z.array(z.string()).optional(),
    cwe: z.union([z.array(z.union([z.number().int().positive(), z.string()])), z.number().int().positive(), z.string()]).optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    remediation: z.string().optional(),
    references: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    mode: z.enum(['search', 'taint']).optional(),
    pattern: z.string().optional(),
    patterns: z.array(z.unknown()).optional(),
    'pattern-either': z.array(z.unknown()).optional(),
    'pattern-regex': z.string().optional(),
    'pattern-sources': z.array(taintSpec).optional(),
    'pattern-sinks': z.array(taintSpec).optional(),
    'pattern-sanitizers': z.array(taintSpec).optional(),
    'pattern-propagators': z.unknown().optional(),
    paths: z.object({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() }).strict().optional(),
    // Accepted so Semgrep-style files load; Rampart does not apply them.
    fix: z.string().optional(),
    'fix-regex': z.unknown().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    'min-version': z.string().optional(),
    'max-version': z.string().optional(),
  })
  .strict();

export type RuleInput = z.infer<typeof ruleSchema>;

export const fileSchema = z.object({ rules: z.array(z.unknown()) }).loose();

/** `high` → high; Semgrep's ERROR/WARNING/INFO → high/medium/info. */
export function severityOf(word: string): 'critical' | 'high' | 'medium' | 'low' | 'info' {
  const w = word.toLowerCase();
  if (w === 'error') return 'high';
  if (w === 'warning') return 'medium';
  return w as 'critical' | 'high' | 'medium' | 'low' | 'info';
}

/** `[89]`, `89`, `"CWE-89"`, `["CWE-89: SQL Injection"]` → [89]. */
export function cweNumbers(v: RuleInput['cwe']): number[] | string {
  if (v === undefined) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: number[] = [];
  for (const item of items) {
    if (typeof item === 'number') out.push(item);
    else {
      const m = /^\s*(?:CWE-)?(\d+)\b/i.exec(item);
      if (!m) return `cwe: "${item}" is not a CWE number`;
      out.push(Number(m[1]));
    }
  }
  return out;
}

/** Languages a rule file may name; a rule for none of these is skipped, not an error. */
export const JS_LANGUAGES = new Set(['javascript', 'typescript', 'js', 'ts', 'jsx', 'tsx']);
