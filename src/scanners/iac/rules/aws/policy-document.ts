import { isObject, isUnknown, type Value } from '../../model/value.js';

/** One IAM policy statement, normalised: single strings become lists, principals flattened. */
export interface Statement {
  index: number;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** `*` for `"Principal": "*"`; otherwise every principal value (`*`, ARNs, service names). */
  principals: string[];
  notPrincipals: string[];
  hasCondition: boolean;
  condition: { [op: string]: unknown };
}

/**
 * The statements of a policy document given as a JSON string (jsonencode, heredoc, a plan)
 * or as an object (CloudFormation PolicyDocument). Undefined when the document is unknown or
 * not a policy (rules stay silent then).
 */
export function statements(doc: Value | undefined): Statement[] | undefined {
  if (doc === undefined || doc === null || isUnknown(doc)) return undefined;
  let parsed: unknown = doc;
  if (typeof doc === 'string') {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (!isPlainObject(parsed)) return undefined;
  const raw = parsed['Statement'];
  const list = Array.isArray(raw) ? raw : isPlainObject(raw) ? [raw] : undefined;
  if (!list) return undefined;
  const out: Statement[] = [];
  list.forEach((s, index) => {
    if (!isPlainObject(s)) return;
    const cond = s['Condition'];
    const effect = s['Effect'];
    out.push({
      index,
      // An unknown Effect is neither Allow nor Deny, so no rule treats the statement as granting.
      effect: typeof effect === 'string' ? effect : effect === undefined ? 'Allow' : 'Unknown',
      actions: strs(s['Action']),
      notActions: strs(s['NotAction']),
      resources: strs(s['Resource']),
      notResources: strs(s['NotResource']),
      principals: principals(s['Principal']),
      notPrincipals: principals(s['NotPrincipal']),
      // An unknown Condition may well restrict the statement: count it as present.
      hasCondition: (isPlainObject(cond) && Object.keys(cond).length > 0) || isUnknown(cond as Value),
      condition: isPlainObject(cond) ? cond : {},
    });
  });
  return out;
}

/** IAM action glob (`s3:Get*`, `*`) against an action, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  if (!p.includes('*') && !p.includes('?')) return p === a;
  // Iterative glob match: linear in practice, no regex built from input.
  let pi = 0, ai = 0, star = -1, mark = 0;
  while (ai < a.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === a[ai])) { pi++; ai++; }
    else if (pi < p.length && p[pi] === '*') { star = pi++; mark = ai; }
    else if (star >= 0) { pi = star + 1; ai = ++mark; }
    else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** An Allow statement whose actions cover `action` (by a wildcard or exactly). */
export function allows(s: Statement, action: string): boolean {
  return s.effect === 'Allow' && s.actions.some((p) => actionMatches(p, action));
}

function principals(v: unknown): string[] {
  if (v === '*') return ['*'];
  if (typeof v === 'string') return [v];
  if (!isPlainObject(v)) return [];
  return Object.values(v).flatMap(strs);
}

function strs(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function isPlainObject(v: unknown): v is { [k: string]: unknown } {
  return isObject(v as Value);
}
