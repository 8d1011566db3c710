/**
 * sast/js/redos: regex literals and constant `RegExp(…)` patterns whose backtracking is
 * exponential on crafted input (nested quantifiers, overlapping alternatives under a repetition).
 * Polynomial cases (`\s+$`, `.*.*`) are not reported: they are everywhere in safe code and
 * rarely exploitable alone.
 */
import type { AstHit, AstRule } from './types.js';
import type { ParsedFile } from '../parse/index.js';
import type { ApiNames } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { analyseRegex, type RegexRisk } from './regex/analyse.js';

type N = AnyNode & Record<string, any>;

/** A constant string argument: a string literal or a template without substitutions. */
function constantString(node: N | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function message(risk: RegexRisk): string {
  const sub = risk.subPattern.length > 80 ? `${risk.subPattern.slice(0, 77)}...` : risk.subPattern;
  const why = risk.kind === 'nested-quantifier'
    ? 'repeats a part that is itself repeated'
    : 'repeats alternatives or parts that can match the same characters';
  return `\`${sub}\` ${why}, so a non-matching input can make the regex backtrack exponentially (ReDoS); make the repeated parts mutually exclusive, bound the repetition, or match with RE2`;
}

const redos: AstRule = {
  meta: {
    id: 'sast/js/redos',
    title: 'Regular expression with exponential backtracking (ReDoS)',
    severity: 'medium',
    cwe: [1333],
    description:
      'A regular expression that can match the same text in exponentially many ways, such as a ' +
      'quantified group whose body is itself quantified (`(a+)+`) or a repetition of overlapping ' +
      'alternatives (`(\\w|\\d)+`). When the rest of the pattern fails, a backtracking engine such as ' +
      'V8\'s tries every way, so a short crafted string blocks the event loop for seconds or forever.',
    remediation:
      'Rewrite the repeated part so each character can be matched in only one way (e.g. `(a+)+` → ' +
      '`a+`, `(\\w|\\d)+` → `\\w+`, `(\\w+\\s?)*` → `\\w+(?:\\s\\w+)*`), bound input length before ' +
      'matching, or use a linear-time engine (the `re2` package).',
    references: [
      'https://cwe.mitre.org/data/definitions/1333.html',
      'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
    ],
  },
  check(file: ParsedFile, api: ApiNames): AstHit[] {
    const hits: AstHit[] = [];
    walk(file.program as unknown as AnyNode, (node) => {
      const n = node as N;
      if (n.type === 'Literal' && n.regex && typeof n.regex.pattern === 'string') {
        const risk = analyseRegex(n.regex.pattern, String(n.regex.flags ?? ''));
        if (risk) hits.push({ start: n.start, end: n.end, message: message(risk) });
        return;
      }
      if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee.type === 'Identifier'
        && n.callee.name === 'RegExp' && api.isGlobal('RegExp')) {
        const pattern = constantString(n.arguments[0]);
        if (pattern === undefined) return;
        const flagArg = n.arguments[1] as N | undefined;
        const flags = flagArg === undefined ? '' : constantString(flagArg);
        if (flags === undefined) return;
        const risk = analyseRegex(pattern, flags);
        if (risk) hits.push({ start: n.start, end: n.end, message: message(risk) });
      }
    });
    return hits;
  },
};

export const redosRules: AstRule[] = [redos];
