/**
 * The per-file pass of the SAST scanner, run by the project driver where each file is parsed
 * (worker thread or main thread), so a file is parsed once: AST rules, the users' search-mode
 * pattern rules and inline directives. Its result is JSON: it crosses threads and is cached with
 * the file's taint summary.
 */
import { parseDirectives, type Directive } from '../../core/directives.js';
import type { ParsedFile } from './parse/index.js';
import type { PatternRule } from './patterns/index.js';
import { AST_RULES } from './rules/index.js';
import { factsAndApi } from './rules/ast-facts.js';
import type { ProjectFacts } from './rules/types.js';

export interface FileRulesOptions {
  /** Run AST rules that are off by default too. */
  bestPractices: boolean;
  /** Absolute folder of the users' pattern rules. */
  rules?: string;
  /** The project's declared library versions some rules read (index.ts; part of the per-file cache key). */
  project?: ProjectFacts;
}

/** One hit, positions 1-based. `custom`: a user's pattern rule (id `sast/custom/…`). */
export interface FileHit {
  ruleId: string;
  custom: boolean;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface FileRulesResult {
  hits: FileHit[];
  directives: Directive[];
  /** Warnings about the file: invalid UTF-8 (decoded as U+FFFD), a rule that failed on it. */
  notes: string[];
}

/**
 * The pattern-rule module, loaded by preparePerFile only when a rules folder is configured: it
 * brings the YAML parser, the schema library and RE2 (about 100 ms of start-up a re-scan of one
 * changed file would otherwise pay).
 */
let patternApi: typeof import('./patterns/index.js') | undefined;

/** Called by the driver before the first file (async, so the pattern module can load on demand). */
export async function preparePerFile(options: unknown): Promise<void> {
  if ((options as Partial<FileRulesOptions> | undefined)?.rules) patternApi ??= await import('./patterns/index.js');
}

/** Search-mode rules per folder, loaded once per thread (load errors are the scanner's to report). */
const searchRules = new Map<string, PatternRule[]>();
function searchRulesIn(dir: string | undefined): PatternRule[] {
  if (!dir) return [];
  if (!patternApi) throw new Error('pattern rules are configured but preparePerFile was not called');
  let r = searchRules.get(dir);
  if (!r) {
    r = patternApi.loadPatternRules(dir).rules.filter((x) => x.mode !== 'taint');
    searchRules.set(dir, r);
  }
  return r;
}

export function runPerFile(file: ParsedFile, options: unknown): FileRulesResult {
  const o = options as FileRulesOptions;
  const astRules = AST_RULES.filter((r) => o.bestPractices || r.enabledByDefault !== false);
  const search = searchRulesIn(o.rules);
  const hits: FileHit[] = [];
  const notes: string[] = [];
  const push = (ruleId: string, custom: boolean, start: number, end: number, message: string) => {
    const a = file.lines.position(start);
    const b = file.lines.position(end);
    hits.push({ ruleId, custom, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message });
  };
  // The rules' facts walk builds the file's ApiNames too; the taint engine reuses it.
  const { api } = factsAndApi(file);
  for (const rule of astRules) {
    let found;
    try {
      found = rule.check(file, api, o.project);
    } catch (e) {
      // One rule's bug must not cost the file its other rules: noted, and the scan goes on.
      notes.push(`rule ${rule.meta.id} failed here: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    for (const h of found) push(rule.meta.id, false, h.start, h.end, h.message);
  }
  for (const h of search.length && patternApi ? patternApi.runPatternRules(file, api, search) : []) push(h.ruleId, true, h.start, h.end, h.message);
  const directives = file.source.includes('rampart:ignore') ? parseDirectives(file.source).directives : [];
  const bad = file.source.indexOf('\uFFFD');
  if (bad >= 0) notes.push(`invalid UTF-8 (or U+FFFD) first on line ${file.lines.position(bad).line}; analysed as decoded, with replacement characters`);
  return { hits, directives, notes };
}
