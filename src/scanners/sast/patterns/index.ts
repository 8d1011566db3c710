/**
 * Users' own SAST rules in a Semgrep-like pattern language, loaded from the `sast.rules` folder.
 *
 * A pattern is JavaScript/TypeScript code with placeholders:
 *   $X, $FUNC        any expression (or name); the same name twice must be the same code
 *   $...ARGS         like `...`, binding the items it stands for
 *   ...              any arguments, array items, parameters or statements; `{ ..., k: v, ... }`
 *                    an object having k: v; a whole expression; any text inside template text
 *   "..."            any string (quotes and plain template literals alike)
 *   <... e ...>      an expression containing e
 * Matching ignores parentheses, TS types, casts and `!`; `a.b` is `a['b']`; module heads match
 * their import/require aliases (`child_process.exec(...)` matches `exec(x)` after
 * `import { exec } from 'child_process'`); function patterns match arrows and async functions;
 * `$X = e` matches `const x = e`; in `a; ... b;` the last statement may sit inside a later one.
 *
 * Rules combine patterns with pattern / patterns / pattern-either / pattern-not / pattern-inside /
 * pattern-not-inside / pattern-regex / pattern-not-regex / metavariable-regex (RE2) /
 * metavariable-pattern / metavariable-comparison / focus-metavariable, and
 * `paths: { include, exclude }`. `mode: taint`
 * rules give pattern-sources (optional `label`), pattern-sinks and pattern-sanitizers, which the
 * taint engine consults through patternHooks.
 */
export { loadPatternRules, loadRuleFile, type LoadError } from './load.js';
export { runPatternRules } from './run.js';
export { patternHooks, type SinkAnswer } from './hooks.js';
export { patternRuleMeta } from './meta.js';
export type { PatternRule, PatternHit } from './types.js';
