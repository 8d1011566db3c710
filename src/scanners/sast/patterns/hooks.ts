/**
 * Taint-mode rules as hooks for the taint engine: the engine asks about each node; the answers
 * come from one pass of every taint rule's sources, sinks and sanitizers over the file, made the
 * first time the engine asks about that file.
 */
import type { ParsedFile } from '../parse/index.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { apiNamesOf } from '../ir/api-names.js';
import type { SourceLabel } from '../models/types.js';
import type { PatternHooks } from '../taint/summary.js';
import { evaluate, focusOn, leavesOf } from './evaluate.js';
import { interpolate } from './run.js';
import { PatternIndex } from './scan.js';
import type { Match, PatternRule, TaintSpec } from './types.js';

/** A sink answer; `args` (when set) are the argument indexes the sink pattern focused on. */
export interface SinkAnswer {
  ruleId: string;
  description: string;
  args?: number[];
}

interface FileAnswers {
  sources: Map<string, { label: SourceLabel; description: string }>;
  sinks: Map<string, SinkAnswer>;
  sanitizers: Set<string>;
}

const keyOf = (start: number, end: number): string => `${start}:${end}`;

export function patternHooks(rules: readonly PatternRule[]): PatternHooks {
  const taint = rules.filter((r) => r.mode === 'taint');
  if (taint.length === 0) return {};
  const specs = (r: PatternRule): TaintSpec[] => [...(r.sources ?? []), ...(r.sinks ?? []), ...(r.sanitizers ?? [])];
  const index = new PatternIndex(taint.flatMap((r) => specs(r).flatMap((s) => leavesOf(s.formula))));
  const perFile = new WeakMap<ParsedFile, FileAnswers>();

  const answers = (file: ParsedFile): FileAnswers => {
    let a = perFile.get(file);
    if (a) return a;
    a = { sources: new Map(), sinks: new Map(), sanitizers: new Set() };
    const leaves = index.run(file, apiNamesOf(file.program));
    const input = { source: file.source, leaves };
    const matches = (s: TaintSpec): Match[] => {
      const ms = evaluate(s.formula, input);
      return s.focus ? focusOn(ms, s.focus) : ms;
    };
    for (const rule of taint) {
      if (rule.appliesTo && !rule.appliesTo(file.path)) continue;
      for (const s of rule.sources ?? []) {
        for (const m of matches(s)) {
          const k = keyOf(m.start, m.end);
          const prev = a.sources.get(k);
          if (!prev) a.sources.set(k, { label: s.label ?? 'http', description: sourceDescription([rule.id]) });
          else if (!ownerIds(prev.description).includes(rule.id)) prev.description = sourceDescription([...ownerIds(prev.description), rule.id]);
        }
      }
      for (const s of rule.sinks ?? []) {
        for (const m of matches(s)) {
          const k = keyOf(m.start, m.end);
          if (!a.sinks.has(k)) a.sinks.set(k, { ruleId: rule.ruleId, description: interpolate(rule.message, m.env, file.source) });
        }
      }
      for (const s of rule.sanitizers ?? []) for (const m of matches(s)) a.sanitizers.add(keyOf(m.start, m.end));
    }
    callSinks(file, a.sinks);
    perFile.set(file, a);
    return a;
  };

  return {
    source: (node: AnyNode, file: ParsedFile) => answers(file).sources.get(keyOf(node.start, node.end)),
    sink: (node: AnyNode, file: ParsedFile) => answers(file).sinks.get(keyOf(node.start, node.end)),
    sanitizer: (node: AnyNode, file: ParsedFile) => answers(file).sanitizers.has(keyOf(node.start, node.end)),
  };
}

/**
 * The engine asks about sinks at calls. A sink focused on an argument (`focus-metavariable: $Q`
 * in `db.query($Q, ...)`) is answered at the argument itself and at its call, with `args` naming
 * the focused positions so an engine that reads them checks only those.
 */
function callSinks(file: ParsedFile, sinks: Map<string, SinkAnswer>): void {
  if (sinks.size === 0) return;
  walk(file.program as unknown as AnyNode, (node) => {
    const n = node as AnyNode & { arguments?: AnyNode[] };
    if ((n.type !== 'CallExpression' && n.type !== 'NewExpression') || !n.arguments) return;
    const own = keyOf(n.start, n.end);
    n.arguments.forEach((arg, i) => {
      const hit = sinks.get(keyOf(arg.start, arg.end));
      if (!hit) return;
      const prev = sinks.get(own);
      if (!prev) sinks.set(own, { ruleId: hit.ruleId, description: hit.description, args: [i] });
      else if (prev.args && prev.ruleId === hit.ruleId && !prev.args.includes(i)) prev.args.push(i);
    });
  });
}

/** The engine shows a source step as `<description>: <code>`; the description names its rules. */
function sourceDescription(ids: string[]): string {
  return `source of ${ids.length > 1 ? 'rules' : 'rule'} ${ids.join(', ')}`;
}

function ownerIds(description: string): string[] {
  const m = /^source of rules? ([^:]+?)(?::|$)/.exec(description);
  return m ? m[1]!.split(', ') : [];
}
