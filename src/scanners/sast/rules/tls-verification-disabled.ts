/**
 * Certificate verification turned off: `rejectUnauthorized: false` (https, tls, axios agents,
 * got, ws, pg, mysql, undici…), request's `strictSSL: false`, a `checkServerIdentity` that accepts
 * everything, NODE_TLS_REJECT_UNAUTHORIZED=0, superagent's disableTLSCerts(). The option names mean
 * nothing else, so any object literal counts.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, boolValue, callsNamed, factsOf, hitAt, isFalsyLiteral, isFunction, keyName, lastName, propValue, propsKeyed, stringValue } from './ast-facts.js';

const ENV_NAME = 'NODE_TLS_REJECT_UNAUTHORIZED';
/** MongoDB driver (and mongoose) options that accept any certificate or host name when true; sslValidate when false. */
const MONGO_ACCEPT_ANY = ['tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames', 'tlsInsecure', 'sslAllowInvalidCertificates', 'sslAllowInvalidHostnames'];

/** `'0'`, `0`, `"false"`: values that make Node skip verification for every connection. */
function disablesEnv(node: N): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal' && n.value === 0) return true;
  const s = stringValue(n);
  return s === '0';
}

/** A checkServerIdentity that never reports an error: empty body or returns undefined/null. */
function acceptsAll(node: N): boolean {
  const fn = unwrap(node);
  if (!isFunction(fn)) return false;
  const body = fn.body as N;
  if (body.type !== 'BlockStatement') {
    const b = unwrap(body);
    return (b.type === 'Identifier' && b.name === 'undefined') || (b.type === 'Literal' && b.value === null) || (b.type === 'UnaryExpression' && b.operator === 'void');
  }
  const stmts = (body.body as N[]).filter((s) => s.type !== 'EmptyStatement');
  if (stmts.length === 0) return true;
  if (stmts.length !== 1 || stmts[0]!.type !== 'ReturnStatement') return false;
  const arg = stmts[0]!.argument as N | null;
  if (!arg) return true;
  const a = unwrap(arg);
  return (a.type === 'Identifier' && a.name === 'undefined') || (a.type === 'Literal' && a.value === null);
}

/** The text a URL or host expression starts with: 'https://localhost:' + port → 'https://localhost:'. */
function leadingText(node: N | undefined): string | undefined {
  let n = node ? unwrap(node) : undefined;
  for (let i = 0; n && i < 64; i++) {
    const s = stringValue(n);
    if (s !== undefined) return s;
    if (n.type === 'TemplateLiteral') return n.quasis[0]?.value.cooked ?? undefined;
    if (n.type !== 'BinaryExpression' || n.operator !== '+') return undefined;
    n = unwrap(n.left);
  }
  return undefined;
}

function loopback(obj: N): boolean {
  for (const k of ['url', 'uri', 'host', 'hostname', 'baseURL', 'origin']) {
    const t = leadingText(propValue(obj, k));
    if (t !== undefined && /^(?:[a-z]+:\/\/)?(?:localhost|127\.0\.0\.1|\[::1\])(?:[:/]|$)/i.test(t)) return true;
  }
  return false;
}

/**
 * Words of an explicit opt-out somebody chose: `if (opts.insecure)`, `if (argv['allow-self-signed'])`,
 * `process.env.ALLOW_SELF_SIGNED &&`, a `case 'no-verify':` of a connection string's sslmode. The
 * library then honours its caller's or operator's setting; it does not turn verification off by
 * itself. Not the names of the setting itself (`if (!opts.rejectUnauthorized)`, the env variable):
 * those are also true when it was never set, which is verification off by default.
 */
const OPT_OUT = /insecure|no[-_]?verify|skip[-_]?verify|unverified|allow[-_]?unauthori[sz]ed|allow[-_]?invalid|self[-_]?signed|ignore[-_]?(?:ssl|tls|cert)/i;
/** Where a caller's or operator's settings live: `opts.x`, `this.options.x`, `argv.x`, `program.opts().x`, `process.env.X`. */
const SETTINGS = /^(?:opts?|options|argv|args|config|conf|cfg|settings|flags|env|program|cli|params)$/i;

function settingsObject(node: N): boolean {
  const o = unwrap(node);
  if (o.type === 'CallExpression') return /^(?:opts|options|getOptions|config)$/.test(lastName(o.callee) ?? '') && o.arguments.length === 0;
  return SETTINGS.test(lastName(o) ?? '');
}

/**
 * Is this condition a positive read of an opt-out setting (`opts.insecure`, or one `&&` conjunct
 * of it)? Negations, locals (`insecure` can default to true), comparisons and string literals
 * (an error message tested in a catch) are not: they turn verification off without anyone asking.
 */
function readsOptOut(test: N, depth = 0): boolean {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&' && depth < 8) return readsOptOut(t.left, depth + 1) || readsOptOut(t.right, depth + 1);
  if (t.type !== 'MemberExpression') return false;
  return OPT_OUT.test(memberName(t) ?? '') && settingsObject(t.object);
}

/**
 * Is `node` on the taken side of a branch that reads an opt-out setting (if/else-if, `?:`, `&&`),
 * or under a switch case labelled with one (`case 'no-verify':`)? Stops at the enclosing function.
 */
function optedOut(node: N, f: FileFacts): boolean {
  let child = node;
  for (let p = f.parent.get(node), i = 0; p && i < 48; child = p, p = f.parent.get(p), i++) {
    if (isFunction(p)) return false;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.consequent === child && readsOptOut(p.test)) return true;
    if (p.type === 'LogicalExpression' && p.operator === '&&' && p.right === child && readsOptOut(p.left)) return true;
    if (p.type === 'SwitchCase' && p.test && p.test !== child && OPT_OUT.test(stringValue(p.test) ?? '')) return true;
  }
  return false;
}

/** Is this object (directly or through a constant) the options of https/tls/http2 createServer? */
function serverOptions(obj: N, f: FileFacts): boolean {
  const p = f.parent.get(obj);
  if (p && p.type === 'VariableDeclarator' && p.init === obj && p.id.type === 'Identifier') {
    const name = p.id.name as string;
    return callsNamed(f, 'createServer', 'createSecureServer').some((c) =>
      (c.node.arguments as N[]).some((a) => unwrap(a).type === 'Identifier' && unwrap(a).name === name));
  }
  const call = p;
  return !!call && call.type === 'CallExpression' && ['createServer', 'createSecureServer'].includes(lastName(call.callee) ?? '');
}

export const tlsVerificationDisabled: AstRule = {
  meta: {
    id: 'sast/js/tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    severity: 'high',
    cwe: [295],
    description:
      'The client accepts any certificate, so anyone on the network path can impersonate the server and read or change ' +
      'the traffic (credentials, tokens, data). Setting NODE_TLS_REJECT_UNAUTHORIZED=0 does this for every connection ' +
      'the process makes.',
    remediation:
      'Keep verification on. For private or self-signed CAs pass the CA certificate (`ca: fs.readFileSync(\'ca.pem\')`, ' +
      'NODE_EXTRA_CA_CERTS) instead of disabling checks; pin certificates with checkServerIdentity if needed.',
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://nodejs.org/api/tls.html#tlsconnectoptions-callback'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const p of propsKeyed(f, 'rejectUnauthorized', 'strictSSL', 'checkServerIdentity', ENV_NAME, 'sslValidate', ...MONGO_ACCEPT_ANY)) {
      const k = keyName(p);
      if ((k !== undefined && MONGO_ACCEPT_ANY.includes(k) && boolValue(p.value) === true) || (k === 'sslValidate' && isFalsyLiteral(p.value))) {
        if (loopback(f.parent.get(p)!)) continue;
        out.push(hitAt(p, `${k}: ${k === 'sslValidate' ? 'false' : 'true'} makes the database driver accept any certificate or host name, so the connection can be intercepted; pass the CA with tlsCAFile instead`));
        continue;
      }
      if ((k === 'rejectUnauthorized' || k === 'strictSSL') && isFalsyLiteral(p.value)) {
        const obj = f.parent.get(p)!;
        if (boolValue(propValue(obj, 'requestCert')) === true) {
          out.push(hitAt(p, 'the server requests client certificates but rejectUnauthorized: false lets unverified ones in; keep it true and set `ca`'));
          continue;
        }
        // A TLS server's own options (key/cert): without requestCert the flag has no effect there.
        if (propValue(obj, 'key') || propValue(obj, 'cert') || propValue(obj, 'pfx') || serverOptions(obj, f)) continue;
        // Loopback: a test talking to its own self-signed server cannot be intercepted on a network.
        if (loopback(obj)) continue;
        if (optedOut(obj, f)) continue;
        out.push(hitAt(p, `${k}: false accepts any certificate, so the connection can be intercepted; pass the CA with \`ca\` instead`));
      } else if (k === 'checkServerIdentity' && acceptsAll(p.value)) {
        out.push(hitAt(p, 'checkServerIdentity accepts every certificate, so any host name passes; remove it or compare against the expected host'));
      } else if (k === ENV_NAME && disablesEnv(p.value)) {
        out.push(hitAt(p, `${ENV_NAME}=0 in a child environment turns off certificate checks for that whole process`));
      }
    }
    for (const a of f.assignments) {
      if (a.operator !== '=') continue;
      const l = unwrap(a.left);
      // https.globalAgent.options.rejectUnauthorized = false
      const m = l.type === 'MemberExpression' ? memberName(l) : undefined;
      if ((m === 'rejectUnauthorized' || m === 'strictSSL') && isFalsyLiteral(a.right)) {
        if (optedOut(a, f)) continue;
        out.push(hitAt(a, `${m} = false accepts any certificate for every request through this agent or client; pass the CA with \`ca\` instead`));
        continue;
      }
      // The target first: the parent walk runs only for process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0.
      if (m !== ENV_NAME || api.pathOf(l.object) !== 'process.env' || !disablesEnv(a.right) || optedOut(a, f)) continue;
      out.push(hitAt(a, `${ENV_NAME}=0 turns off certificate checks for every TLS connection this process makes`));
    }
    for (const c of callsNamed(f, 'disableTLSCerts')) {
      if (unwrap(c.node.callee).type === 'MemberExpression') {
        out.push(hitAt(c.node, 'disableTLSCerts() accepts any certificate for this request; pass the CA with .ca() instead'));
      }
      // process.env['NODE_TLS_REJECT_UNAUTHORIZED'] via Object.assign(process.env, { … }) is covered by the property check.
    }
    return out;
  },
};
