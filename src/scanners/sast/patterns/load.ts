/**
 * Loads users' rule files: every *.yml / *.yaml under the rules folder (recursively, symlinks not
 * followed). Problems come back as errors naming the file, the line and rule id when known, so
 * one bad file never hides the others' rules.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { Compiler, zodMessage } from './compile.js';
import { pathFilter } from './paths.js';
import { cweNumbers, fileSchema, JS_LANGUAGES, REQUIRED_HINTS, ruleSchema, severityOf } from './schema.js';
import type { PatternRule } from './types.js';

/** Rule files larger than this are refused (a rules folder is hand-written YAML). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Folders deeper than this are not searched. */
const MAX_DIR_DEPTH = 20;

export interface LoadError {
  path: string;
  message: string;
}

export function loadPatternRules(dir: string): { rules: PatternRule[]; errors: LoadError[] } {
  const rules: PatternRule[] = [];
  const errors: LoadError[] = [];
  let files: string[];
  try {
    if (!lstatSync(dir).isDirectory()) return { rules, errors: [{ path: dir, message: 'sast.rules: not a folder' }] };
    files = ruleFiles(dir);
  } catch (e) {
    return { rules, errors: [{ path: dir, message: `sast.rules: cannot read the rules folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }] };
  }
  const compiler = new Compiler();
  const seen = new Map<string, string>();
  for (const path of files) {
    const r = loadRuleFile(path, compiler);
    errors.push(...r.errors);
    for (const rule of r.rules) {
      // Ids compare as the rule ids they become (lowercase).
      const first = seen.get(rule.ruleId);
      if (first !== undefined) {
        errors.push({ path, message: `rule "${rule.id}": the id is already used in ${first}` });
        continue;
      }
      seen.set(rule.ruleId, path);
      rules.push(rule);
    }
  }
  return { rules, errors };
}

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  const stack: { dir: string; depth: number }[] = [{ dir, depth: 0 }];
  while (stack.length > 0) {
    const { dir: d, depth } = stack.pop()!;
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, ent.name);
      if (ent.isDirectory()) {
        if (depth < MAX_DIR_DEPTH && !ent.name.startsWith('.')) stack.push({ dir: full, depth: depth + 1 });
      } else if (ent.isFile() && /\.ya?ml$/i.test(ent.name)) {
        out.push(full);
      }
    }
  }
  return out.sort();
}

/** One rule file's rules, or the problems that kept them out. */
export function loadRuleFile(path: string, compiler = new Compiler()): { rules: PatternRule[]; errors: LoadError[] } {
  const rules: PatternRule[] = [];
  const errors: LoadError[] = [];
  let text: string;
  try {
    if (lstatSync(path).size > MAX_FILE_BYTES) return { rules, errors: [{ path, message: `larger than ${MAX_FILE_BYTES} bytes; not loaded` }] };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { rules, errors: [{ path, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    return { rules, errors: [{ path, message: `line ${line}: YAML error: ${e.message.split('\n')[0]}` }] };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const top = fileSchema.safeParse(data);
  if (!top.success) return { rules, errors: [{ path, message: 'expected a top-level "rules:" list' }] };
  const seq = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  const lineOf = (i: number): number | undefined => {
    const node = isSeq(seq) ? (seq.items[i] as YamlNode | undefined) : undefined;
    return node?.range ? lc.linePos(node.range[0]).line : undefined;
  };
  top.data.rules.forEach((raw, i) => {
    const line = lineOf(i);
    const idGuess = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    const where = `${line !== undefined ? `line ${line}: ` : ''}rule ${idGuess !== undefined ? `"${idGuess}"` : `#${i + 1}`}`;
    const r = compileRule(raw, path, compiler);
    if (typeof r === 'string') errors.push({ path, message: `${where}: ${r}` });
    else if (r) rules.push(r);
  });
  return { rules, errors };
}

/** A rule object → a compiled rule; undefined when it is for other languages only. */
export function compileRule(raw: unknown, path: string, compiler: Compiler): PatternRule | undefined | string {
  const parsed = ruleSchema.safeParse(raw);
  if (!parsed.success) return zodMessage(parsed.error, REQUIRED_HINTS);
  const r = parsed.data;
  if (r.languages && r.languages.length > 0 && !r.languages.some((l) => JS_LANGUAGES.has(l.toLowerCase()))) return undefined;
  // Semgrep files keep CWEs and references under metadata.
  const meta = r.metadata ?? {};
  const cwe = cweNumbers(r.cwe ?? (meta.cwe as Parameters<typeof cweNumbers>[0]));
  if (typeof cwe === 'string') return r.cwe === undefined ? `metadata.${cwe}` : cwe;
  const metaRefs = typeof meta.references === 'string' ? [meta.references] : Array.isArray(meta.references) ? meta.references.filter((x): x is string => typeof x === 'string') : undefined;
  const rule: PatternRule = {
    id: r.id,
    ruleId: `sast/custom/${r.id.toLowerCase()}`,
    message: r.message.trim(),
    severity: severityOf(r.severity),
    cwe,
    mode: r.mode ?? 'search',
    path,
  };
  if (r.title) rule.title = r.title;
  if (r.description) rule.description = r.description;
  if (r.remediation) rule.remediation = r.remediation;
  if (r.references ?? metaRefs) rule.references = r.references ?? metaRefs!;
  if (r['pattern-propagators'] !== undefined) return 'pattern-propagators are not supported (calls pass taint through by default)';
  if (r.paths) {
    const filter = pathFilter(r.paths.include ?? [], r.paths.exclude ?? []);
    if (typeof filter === 'string') return filter;
    rule.appliesTo = filter;
  }
  const taintKeys = (['pattern-sources', 'pattern-sinks', 'pattern-sanitizers'] as const).filter((k) => r[k] !== undefined);
  if (rule.mode === 'search') {
    if (taintKeys.length > 0) return `${taintKeys.join(', ')} need "mode: taint"`;
    const f = compiler.positive(r as Record<string, unknown>, 'rule');
    if (typeof f === 'string') return f.replace(/^rule: /, '').replace(/^rule\./, '');
    rule.formula = f;
    return rule;
  }
  const extra = (['pattern', 'patterns', 'pattern-either', 'pattern-regex'] as const).filter((k) => r[k] !== undefined);
  if (extra.length > 0) return `${extra.join(', ')} cannot be used with "mode: taint" (use pattern-sources / pattern-sinks)`;
  const sources = compiler.taintSpecs(r['pattern-sources'], 'pattern-sources', true);
  if (typeof sources === 'string') return sources;
  const sinks = compiler.taintSpecs(r['pattern-sinks'], 'pattern-sinks', true);
  if (typeof sinks === 'string') return sinks;
  const sanitizers = compiler.taintSpecs(r['pattern-sanitizers'], 'pattern-sanitizers', false);
  if (typeof sanitizers === 'string') return sanitizers;
  rule.sources = sources;
  rule.sinks = sinks;
  rule.sanitizers = sanitizers;
  return rule;
}
