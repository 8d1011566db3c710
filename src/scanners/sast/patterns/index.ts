/** Users' own SAST rules in a Semgrep-like pattern language (search mode and taint mode). */
export { loadPatternRules, loadRuleFile, type LoadError } from './load.js';
export { runPatternRules } from './run.js';
export { patternHooks } from './hooks.js';
export { patternRuleMeta } from './meta.js';
export type { PatternRule, PatternHit } from './types.js';
