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

/** Folding stops at this many nested parts (`a + b + …`, const → const → …). */
const MAX_FOLD = 64;

/**
 * Constant strings: literals, substitution-free templates, and `+`/template combinations of
 * those and of file-level `const NAME = <constant>` declared exactly once (so no shadowing
 * can change what the name holds).
 */
class Constants {
  private readonly decls = new Map<string, N | null>();

  declare(d: N, kind: string): void {
    if (d.id.type !== 'Identifier') return;
    const name = d.id.name as string;
    // A second declaration anywhere makes the name ambiguous.
    this.decls.set(name, this.decls.has(name) || kind !== 'const' || !d.init ? null : d.init);
  }

  value(node: N | undefined): string | undefined {
    const budget = { left: MAX_FOLD };
    return node ? this.fold(node, budget) : undefined;
  }

  private fold(node: N, budget: { left: number }): string | undefined {
    if (--budget.left < 0) return undefined;
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' ? node.value : undefined;
      case 'TemplateLiteral': {
        let out = node.quasis[0]?.value.cooked ?? undefined;
        for (let i = 0; out !== undefined && i < node.expressions.length; i++) {
          const part = this.fold(node.expressions[i] as N, budget);
          const next = node.quasis[i + 1]?.value.cooked;
          out = part === undefined || next == null ? undefined : out + part + next;
        }
        return out;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const l = this.fold(node.left, budget);
        const r = l === undefined ? undefined : this.fold(node.right, budget);
        return l === undefined || r === undefined ? undefined : l + r;
      }
      case 'Identifier': {
        const init = this.decls.get(node.name);
        return init ? this.fold(init, budget) : undefined;
      }
      default:
        return undefined;
    }
  }
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
    const constants = new Constants();
    const constructed: N[] = [];
    walk(file.program as unknown as AnyNode, (node, parent) => {
      const n = node as N;
      if (n.type === 'Literal' && n.regex && typeof n.regex.pattern === 'string') {
        const risk = analyseRegex(n.regex.pattern, String(n.regex.flags ?? ''));
        if (risk) hits.push({ start: n.start, end: n.end, message: message(risk) });
        return;
      }
      if (n.type === 'VariableDeclarator') constants.declare(n, String((parent as N | null)?.kind ?? ''));
      else if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee.type === 'Identifier'
        && n.callee.name === 'RegExp' && api.isGlobal('RegExp')) constructed.push(n);
    });
    // After the walk: every const is known, wherever it is declared.
    for (const n of constructed) {
      const pattern = constants.value(n.arguments[0]);
      if (pattern === undefined) continue;
      const flagArg = n.arguments[1] as N | undefined;
      const flags = flagArg === undefined ? '' : constants.value(flagArg);
      if (flags === undefined) continue;
      const risk = analyseRegex(pattern, flags);
      if (risk) hits.push({ start: n.start, end: n.end, message: message(risk) });
    }
    return hits.sort((a, b) => a.start - b.start);
  },
};

export const redosRules: AstRule[] = [redos];
