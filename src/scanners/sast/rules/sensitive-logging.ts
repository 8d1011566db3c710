/**
 * A password, secret, token, API key, Authorization header or card number written to a log
 * (console.*, winston, pino, bunyan, log4js, debug, a `logger`/`log` object): logs are kept,
 * shipped and read by many more people than the secret was meant for. Judged by the name of the
 * variable or property logged (`req.body.password`, `user.apiKey`, `headers.authorization`), in the
 * message text or a field of a logged object. Not: its length, `!!token`, a masked or hashed form
 * (`mask(token)`), a literal placeholder, or names about a secret (`tokenExpiry`, `hasPassword`).
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type N, factsOf, hitAt, keyName, lastName, secretByWords, words } from './ast-facts.js';

/** Last words that name a secret value. */
const SECRET_LAST = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'apikey', 'authorization', 'credentials', 'credential', 'cvv',
  'cvc', 'ssn', 'passcode', 'otp',
]);
/** Last words that do after a qualifier: `accessToken`, `privateKey`, `cardNumber`. */
const QUALIFIED_LAST: Record<string, Set<string>> = {
  token: new Set(['access', 'refresh', 'auth', 'api', 'bearer', 'session', 'csrf', 'xsrf', 'jwt', 'id', 'reset', 'github', 'npm', 'oauth', 'slack', 'bot', 'personal', 'secret', 'private', 'verification', 'admin', 'user', 'client', 'gh', 'service']),
  key: new Set(['api', 'secret', 'private', 'access', 'signing', 'auth', 'client', 'encryption', 'master', 'license']),
  number: new Set(['card', 'cc', 'credit', 'pan', 'ssn', 'security']),
  card: new Set(['credit']),
  code: new Set(['otp', 'mfa', 'verification', 'reset', 'auth', 'security']),
  pin: new Set(['card', 'atm', 'secret']),
};
/** Leading words that make the name a fact about the secret (not `new`/`old`: `newPassword` is the secret). */
const NOT_FIRST = new Set(['is', 'has', 'have', 'should', 'use', 'uses', 'with', 'no', 'enable', 'enabled', 'require', 'required', 'show', 'needs', 'can', 'allow', 'num', 'count', 'invalid', 'wrong', 'missing']);
/** Logger methods. */
const LEVELS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'crit', 'critical', 'alert', 'emerg', 'dir', 'write', 'writeln', 'ok']);
/** Receivers that are loggers: `console`, `logger`, `this.log`, `fastify.log`, `grunt.log`. */
const LOGGER = /^(?:console|_?log|_?logger|winston|pino|bunyan|log4js|signale|consola|npmlog|logging|appLogger|requestLogger|auditLogger)$/i;
/** Plain functions that log: `debug(…)` (the debug package), `log(…)`. */
const LOG_FUNCTION = /^(?:debug|log|dbg|logger|trace)$/;
const MAX_WALK = 60;

/** Is this name a secret value by its words (`req.body.password`, `apiKey`, `cardNumber`)? */
export function sensitiveName(name: string, lexer: boolean): boolean {
  // A lone `token` is a lexer's in a parser; elsewhere (`{ token }` from a login) it is a credential.
  const ws = words(name);
  if (ws.length === 1 && ws[0] === 'token') return !lexer;
  return secretByWords(name, SENSITIVE_WORDS);
}
const SENSITIVE_WORDS = { last: SECRET_LAST, qualified: QUALIFIED_LAST, notFirst: NOT_FIRST };

/** Is the callee a logging call? */
function isLogCall(callee: N): boolean {
  const c = unwrap(callee);
  if (c.type === 'Identifier') return LOG_FUNCTION.test(c.name);
  if (c.type !== 'MemberExpression') return false;
  const m = memberName(c);
  if (m === undefined || !LEVELS.has(m)) return false;
  const recv = lastName(unwrap(c.object));
  return recv !== undefined && LOGGER.test(recv);
}

/**
 * The sensitive name a logged expression shows in full: a variable or member named like a secret,
 * inside text built around it, a logged object's field (`{ password }`), or `JSON.stringify`/`String`
 * of one. Calls that transform it (mask, hash, length) and tests (`!!x`, `x ? … : …`) show nothing.
 */
function shown(node: N, lexer: boolean, budget: { n: number }): string | undefined {
  if (--budget.n < 0) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier':
      return sensitiveName(n.name, lexer) ? n.name : undefined;
    case 'MemberExpression': {
      const m = memberName(n);
      return m !== undefined && sensitiveName(m, lexer) ? m : undefined;
    }
    case 'TemplateLiteral':
      for (const e of n.expressions as N[]) {
        const s = shown(e, lexer, budget);
        if (s) return s;
      }
      return undefined;
    case 'BinaryExpression':
      return n.operator === '+' ? shown(n.left, lexer, budget) ?? shown(n.right, lexer, budget) : undefined;
    case 'LogicalExpression':
      // `password || ''` shows the password; `password && '***'` shows the placeholder.
      return n.operator === '&&' ? shown(n.right, lexer, budget) : shown(n.left, lexer, budget) ?? shown(n.right, lexer, budget);
    case 'ObjectExpression':
      for (const p of n.properties as N[]) {
        if (p.type === 'SpreadElement') continue;
        const k = keyName(p);
        const v = unwrap(p.value);
        // `{ password: '***' }`, `{ token: Boolean(t) }`: the key alone is no leak.
        if (k !== undefined && sensitiveName(k, lexer) && (v.type === 'Identifier' || v.type === 'MemberExpression')) return k;
        const s = shown(v, lexer, budget);
        if (s) return s;
      }
      return undefined;
    case 'ArrayExpression':
      for (const e of n.elements as (N | null)[]) {
        const s = e ? shown(e, lexer, budget) : undefined;
        if (s) return s;
      }
      return undefined;
    case 'CallExpression': {
      const c = unwrap(n.callee);
      const name = lastName(c);
      const a = n.arguments[0] as N | undefined;
      // Serialising or coercing shows the value as it is.
      if (a && (name === 'String' || name === 'stringify' || name === 'inspect' || name === 'format')) {
        for (const x of n.arguments as N[]) {
          const s = shown(x, lexer, budget);
          if (s) return s;
        }
      }
      if (c.type === 'MemberExpression' && (name === 'toString' || name === 'trim')) return shown(c.object, lexer, budget);
      return undefined;
    }
    default:
      return undefined;
  }
}

export const sensitiveLogging: AstRule = {
  meta: {
    id: 'sast/js/sensitive-logging',
    title: 'Password, secret or token written to a log',
    severity: 'medium',
    cwe: [532],
    description:
      'A password, secret, token, API key, Authorization header or card number is written to a log. Logs are ' +
      'stored, shipped to log services and read by operators and support staff, so the secret leaks to everyone with ' +
      'access to them and stays there long after it is rotated.',
    remediation:
      'Do not log secrets: log that one was present (`!!token`), its length or a masked form (last four characters), ' +
      'and configure the logger to redact sensitive fields (pino `redact`, a winston format that drops them).',
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html'],
  },
  check(file, api) {
    if (!/log|debug|trace/.test(file.source)) return [];
    const f = factsOf(file, api);
    const lexer = /tokeniz|lexer|\.tokens\b/i.test(file.source);
    const out: AstHit[] = [];
    for (const c of f.calls) {
      if (c.isNew || c.name === undefined || !(LEVELS.has(c.name) || LOG_FUNCTION.test(c.name))) continue;
      if (!isLogCall(c.node.callee as N)) continue;
      const budget = { n: MAX_WALK };
      let name: string | undefined;
      for (const a of c.node.arguments as N[]) {
        name = shown(a, lexer, budget);
        if (name) break;
      }
      if (name) out.push(hitAt(c.node, `'${name}' is written to the log in full; log only that it is set, its length or a masked form, or redact the field in the logger`));
    }
    return out;
  },
};
