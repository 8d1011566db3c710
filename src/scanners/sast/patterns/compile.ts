/**
 * YAML rule parts → formulas. Every problem comes back as a message naming the key, so the loader
 * can report the file, the rule and what is wrong.
 */
import RE2 from 're2';
import { z } from 'zod';
import type { SourceLabel } from '../models/types.js';
import { compilePattern } from './syntax.js';
import { compileComparison } from './comparison.js';
import type { CodePattern, Formula, TaintSpec } from './types.js';

/** Nested patterns/pattern-either deeper than this are refused (bounded recursion). */
const MAX_FORMULA_DEPTH = 20;

const METAVAR = /^\$(?:\.\.\.)?[A-Z_][A-Z0-9_]*$/;

const mvRegexSchema = z.object({ metavariable: z.string().regex(METAVAR, 'a metavariable like $X'), regex: z.string() }).strict();

const itemSchema = z
  .object({
    pattern: z.string(),
    patterns: z.array(z.unknown()),
    'pattern-either': z.array(z.unknown()),
    'pattern-regex': z.string(),
    'pattern-not': z.string(),
    'pattern-inside': z.string(),
    'pattern-not-inside': z.string(),
    'pattern-not-regex': z.string(),
    'metavariable-regex': mvRegexSchema,
    'metavariable-comparison': z
      .object({ metavariable: z.string().regex(METAVAR, 'a metavariable like $X').optional(), comparison: z.string().min(1), strip: z.boolean().optional() })
      .strict(),
    'metavariable-pattern': z.looseObject({ metavariable: z.string().regex(METAVAR, 'a metavariable like $X') }),
    'focus-metavariable': z.string().regex(METAVAR, 'a metavariable like $X'),
  })
  .partial()
  .strict();

const POSITIVE_KEYS = ['pattern', 'patterns', 'pattern-either', 'pattern-regex'] as const;

const LABELS: SourceLabel[] = ['http', 'browser', 'env', 'argv', 'message', 'library-input', 'stored'];

const taintSpecSchema = z
  .object({
    pattern: z.string(),
    patterns: z.array(z.unknown()),
    'pattern-either': z.array(z.unknown()),
    'pattern-regex': z.string(),
    'focus-metavariable': z.string().regex(METAVAR, 'a metavariable like $X'),
    label: z.enum(LABELS as [SourceLabel, ...SourceLabel[]]),
  })
  .partial()
  .strict();

export class Compiler {
  /** Patterns by text, so one pattern used by many rules is matched once per node. */
  private readonly cache = new Map<string, CodePattern | string>();

  pattern(text: string, where: string): Formula | string {
    let p = this.cache.get(text);
    if (p === undefined) {
      p = compilePattern(text);
      this.cache.set(text, p);
    }
    return typeof p === 'string' ? `${where}: ${p}` : { kind: 'pattern', pattern: p };
  }

  regex(text: string, where: string): RE2 | string {
    try {
      return new RE2(text, 'gu');
    } catch (e) {
      return `${where}: invalid regex (RE2 syntax; no lookaround or backreferences): ${(e as Error).message}`;
    }
  }

  /** A rule (or taint spec) object holding exactly one of pattern / patterns / pattern-either / pattern-regex. */
  positive(obj: Record<string, unknown>, where: string, depth = 0): Formula | string {
    const keys = POSITIVE_KEYS.filter((k) => obj[k] !== undefined);
    if (keys.length !== 1) return `${where}: needs exactly one of ${POSITIVE_KEYS.join(', ')}${keys.length ? ` (has ${keys.join(', ')})` : ''}`;
    const key = keys[0]!;
    const v = obj[key];
    if (key === 'pattern') return typeof v === 'string' ? this.pattern(v, `${where}.pattern`) : `${where}.pattern: expected a string`;
    if (key === 'pattern-regex') {
      if (typeof v !== 'string') return `${where}.pattern-regex: expected a string`;
      const re = this.regex(v, `${where}.pattern-regex`);
      return typeof re === 'string' ? re : { kind: 'regex', regex: re, text: v };
    }
    if (!Array.isArray(v)) return `${where}.${key}: expected a list`;
    return key === 'patterns' ? this.all(v, `${where}.patterns`, depth + 1) : this.either(v, `${where}.pattern-either`, depth + 1);
  }

  either(items: unknown[], where: string, depth: number): Formula | string {
    if (depth > MAX_FORMULA_DEPTH) return `${where}: nested deeper than ${MAX_FORMULA_DEPTH} levels`;
    if (items.length === 0) return `${where}: empty list`;
    const out: Formula[] = [];
    for (let i = 0; i < items.length; i++) {
      const at = `${where}[${i}]`;
      const item = items[i];
      if (typeof item === 'string') {
        // Shorthand some files use: a bare pattern string.
        const f = this.pattern(item, at);
        if (typeof f === 'string') return f;
        out.push(f);
        continue;
      }
      const parsed = itemSchema.safeParse(item);
      if (!parsed.success) return `${at}: ${zodMessage(parsed.error)}`;
      const f = this.positive(parsed.data as Record<string, unknown>, at, depth);
      if (typeof f === 'string') return f;
      out.push(f);
    }
    return { kind: 'either', items: out };
  }

  all(items: unknown[], where: string, depth: number): Formula | string {
    if (depth > MAX_FORMULA_DEPTH) return `${where}: nested deeper than ${MAX_FORMULA_DEPTH} levels`;
    if (items.length === 0) return `${where}: empty list`;
    const f: Extract<Formula, { kind: 'all' }> = { kind: 'all', positives: [], nots: [], insides: [], notInsides: [], metavariableRegex: [], metavariablePattern: [], comparisons: [] };
    for (let i = 0; i < items.length; i++) {
      const at = `${where}[${i}]`;
      const parsed = itemSchema.safeParse(items[i]);
      if (!parsed.success) return `${at}: ${zodMessage(parsed.error)}`;
      const item = parsed.data;
      const keys = Object.keys(item);
      if (keys.length !== 1) return `${at}: one key per item (has ${keys.join(', ') || 'none'})`;
      const key = keys[0]!;
      let r: Formula | string | undefined;
      switch (key) {
        case 'pattern-either': {
          // Alternatives that are all pattern-inside: "inside any of these".
          const alts = item['pattern-either']!;
          if (alts.length > 0 && alts.every((a) => a !== null && typeof a === 'object' && Object.keys(a).length === 1 && 'pattern-inside' in a)) {
            const inner = alts.map((a) => ({ pattern: (a as Record<string, unknown>)['pattern-inside'] }));
            r = this.either(inner, `${at}.pattern-either`, depth + 1);
            if (typeof r !== 'string') f.insides.push(r);
            break;
          }
          r = this.positive(item, at, depth);
          if (typeof r !== 'string') f.positives.push(r);
          break;
        }
        case 'pattern':
        case 'patterns':
        case 'pattern-regex':
          r = this.positive(item, at, depth);
          if (typeof r !== 'string') f.positives.push(r);
          break;
        case 'pattern-not':
          r = this.pattern(item['pattern-not']!, `${at}.pattern-not`);
          if (typeof r !== 'string') f.nots.push(r);
          break;
        case 'pattern-not-regex': {
          const re = this.regex(item['pattern-not-regex']!, `${at}.pattern-not-regex`);
          if (typeof re === 'string') return re;
          // Semgrep drops a match overlapping a regex match; containment is the close, cheap reading.
          f.notInsides.push({ kind: 'regex', regex: re, text: item['pattern-not-regex']! });
          break;
        }
        case 'pattern-inside':
          r = this.pattern(item['pattern-inside']!, `${at}.pattern-inside`);
          if (typeof r !== 'string') f.insides.push(r);
          break;
        case 'pattern-not-inside':
          r = this.pattern(item['pattern-not-inside']!, `${at}.pattern-not-inside`);
          if (typeof r !== 'string') f.notInsides.push(r);
          break;
        case 'metavariable-regex': {
          const mv = item['metavariable-regex']!;
          const re = this.regex(mv.regex, `${at}.metavariable-regex`);
          if (typeof re === 'string') return re;
          // Anchored at the start as Semgrep does; a leading `.*` opts out.
          f.metavariableRegex.push({ name: mv.metavariable, regex: new RE2(`^(?:${mv.regex})`, 'u') });
          break;
        }
        case 'metavariable-pattern': {
          const { metavariable, language, ...rest } = item['metavariable-pattern']! as Record<string, unknown> & { metavariable: string };
          const unknown = Object.keys(rest).filter((k) => !(POSITIVE_KEYS as readonly string[]).includes(k));
          if (unknown.length > 0) return `${at}.metavariable-pattern: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`;
          if (language !== undefined && !(typeof language === 'string' && /^(javascript|typescript|js|ts)$/i.test(language))) {
            return `${at}.metavariable-pattern: only JavaScript/TypeScript patterns are supported (language: ${String(language)})`;
          }
          r = this.positive(rest, `${at}.metavariable-pattern`, depth + 1);
          if (typeof r !== 'string') f.metavariablePattern.push({ name: metavariable, formula: r });
          break;
        }
        case 'metavariable-comparison': {
          const c = compileComparison(item['metavariable-comparison']!.comparison);
          if (typeof c === 'string') return `${at}.metavariable-comparison: ${c}`;
          f.comparisons.push(c);
          break;
        }
        case 'focus-metavariable':
          f.focus = item['focus-metavariable']!;
          break;
      }
      if (typeof r === 'string') return r;
    }
    if (f.positives.length === 0 && f.insides.length === 0) return `${where}: needs a pattern, pattern-either, patterns, pattern-regex or pattern-inside`;
    return f;
  }

  taintSpecs(items: unknown[] | undefined, where: string, required: boolean): TaintSpec[] | string {
    if (!items || items.length === 0) return required ? `${where}: needs at least one item` : [];
    const out: TaintSpec[] = [];
    for (let i = 0; i < items.length; i++) {
      const at = `${where}[${i}]`;
      const parsed = taintSpecSchema.safeParse(items[i]);
      if (!parsed.success) return `${at}: ${zodMessage(parsed.error)}`;
      const formula = this.positive(parsed.data as Record<string, unknown>, at);
      if (typeof formula === 'string') return formula;
      const spec: TaintSpec = { formula };
      if (parsed.data['focus-metavariable']) spec.focus = parsed.data['focus-metavariable'];
      if (parsed.data.label) spec.label = parsed.data.label;
      out.push(spec);
    }
    return out;
  }
}

export function zodMessage(err: z.ZodError, hints: Record<string, string> = {}): string {
  return err.issues
    .map((i) => {
      const path = i.path.join('.');
      // A missing key reads "expected string, received undefined" from zod: say it is required.
      if (i.code === 'invalid_type' && path && /received undefined$/.test(i.message)) {
        return `${path} is required${Object.hasOwn(hints, path) ? ` (${hints[path]})` : ''}`;
      }
      if (i.code === 'unrecognized_keys') return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}${path ? ` in ${path}` : ''}`;
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
