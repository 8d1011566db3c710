/**
 * Session and auth cookies without their protections: `secure: false` / `httpOnly: false` set on
 * purpose, `sameSite: 'none'` without `secure`, or an Express res.cookie() for a session/token
 * cookie with no options (Express sets neither flag by default). Cookies that are plainly not
 * credentials (theme, locale) are left alone; other named cookies only for a flag switched off.
 */
import type { AstHit, AstRule } from './types.js';
import { type ApiNames, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsNamed, constBool, constString, factsOf, hitAt, lastName, namesIn, objectOf, propNode, propValue, stringValue, words } from './ast-facts.js';

const SENSITIVE = new Set(['session', 'sess', 'sid', 'sessionid', 'token', 'auth', 'jwt', 'refresh', 'credentials', 'connect', 'authorization', 'bearer', 'accesstoken', 'refreshtoken', 'authtoken',
  // The secret itself in a cookie, and cookies their authors call sensitive.
  'password', 'passwd', 'pwd', 'secret', 'apikey', 'sensitive', 'uid', 'userid']);
// The double-submit CSRF cookie (XSRF-TOKEN) must be readable by the page: httpOnly off is by design.
const SCRIPT_READABLE = new Set(['csrf', 'xsrf']);
const RESPONSES = new Set(['res', 'response', 'resp', 'reply', 'rep', 'ctx', 'context', 'h']);
// Cookies that plainly hold no credential (preferences, consent, UI state): even an explicit
// secure: false / httpOnly: false on them is harmless. Any other name with a flag switched off is reported.
const PLAIN = new Set(['theme', 'lang', 'language', 'locale', 'i18n', 'consent', 'gdpr', 'currency', 'tz', 'timezone', 'pref', 'prefs',
  'preference', 'preferences', 'mode', 'dark', 'light', 'color', 'colour', 'sidebar', 'layout', 'visited', 'seen', 'dismissed', 'banner',
  'tour', 'tab', 'font', 'region', 'country', 'analytics', 'utm', 'experiment', 'variant', 'flash', 'csrf', 'xsrf']);

function sensitive(names: string[]): boolean {
  if (names.some((n) => words(n).some((w) => SCRIPT_READABLE.has(w)))) return false;
  return names.some((n) => words(n).some((w, i, ws) => SENSITIVE.has(w) || identity(ws, i)));
}

/** `userId` / `user_id`: a cookie naming the logged-in user, which the server then trusts as who is calling. */
function identity(ws: string[], i: number): boolean {
  return ws[i] === 'user' && ws[i + 1] === 'id';
}

/** `session=abc; Path=/` written by hand: the cookie's name, and which attributes it has. */
function rawCookie(node: N | undefined): { name: string; text: string } | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  let text: string | undefined = stringValue(n);
  if (text === undefined && n.type === 'TemplateLiteral') text = (n.quasis as N[]).map((q) => q.value.cooked ?? '').join('\u0000');
  if (text === undefined) return undefined;
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return { name: text.slice(0, eq).trim(), text: text.toLowerCase() };
}

function plain(name: string): boolean {
  return words(name).some((w) => PLAIN.has(w));
}

interface Check {
  /** Skip the missing-httpOnly check (Koa and session middleware default it on or have their own). */
  explicitOnly: boolean;
  /** Also report a missing `secure` (Express res.cookie: no default, so an options object without it sends the cookie over HTTP). */
  needsSecure?: boolean;
  /** Only a flag set to false counts (cookies not known to hold a credential). */
  flagsOnly?: boolean;
  /** Report once at the call that sets the cookie (res.cookie(…)), not at each option. */
  atCall?: boolean;
}

/**
 * Problems in a cookie options object. A flag counts as switched off through constants too
 * (`const secure = false; … { secure }`, `cfg.secure`). A res.cookie() call is reported at the
 * call, where a reader (and a labelled corpus) looks; session middleware options at the option.
 */
function optionProblems(opts: N, out: AstHit[], where: string, at: N, f: FileFacts, check: Check): void {
  const found: { node: N; message: string }[] = [];
  const secure = propValue(opts, 'secure');
  const httpOnly = propValue(opts, 'httpOnly');
  if (constBool(secure, f) === false) found.push({ node: propNode(opts, 'secure')!, message: `${where} cookie has secure: false, so it is also sent over plain HTTP where it can be sniffed` });
  if (constBool(httpOnly, f) === false) found.push({ node: propNode(opts, 'httpOnly')!, message: `${where} cookie has httpOnly: false, so any XSS can read and steal it` });
  if (!check.flagsOnly) {
    const sameSite = stringValue(propValue(opts, 'sameSite'))?.toLowerCase();
    if (sameSite === 'none' && secure === undefined) {
      found.push({ node: propNode(opts, 'sameSite')!, message: `${where} cookie has sameSite: 'none' without secure: true; it goes cross-site and over HTTP` });
    }
    const spread = (opts.properties as N[]).some((p) => p.type === 'SpreadElement');
    if (!check.explicitOnly && httpOnly === undefined && !spread) {
      found.push({ node: at, message: `${where} cookie is set without httpOnly (no default), so script can read it; add httpOnly: true, secure: true, sameSite` });
    }
    if (check.needsSecure && secure === undefined && !spread) {
      found.push({ node: at, message: `${where} cookie is set without secure, so it is also sent over plain HTTP where it can be sniffed; add secure: true` });
    }
    // @fastify/cookie, cookie-parser: an identity or session value stored unsigned can be forged by the client.
    if (constBool(propValue(opts, 'signed'), f) === false) {
      found.push({ node: propNode(opts, 'signed')!, message: `${where} cookie is explicitly unsigned, so the client can forge its value` });
    }
  }
  if (found.length === 0) return;
  if (check.atCall) out.push(hitAt(at, found.map((x) => x.message).join('; ')));
  else for (const x of found) out.push(hitAt(x.node, x.message));
}

const FASTIFY_COOKIE = new Set(['@fastify/cookie', 'fastify-cookie']);

/**
 * `fastify.register(require('@fastify/cookie'), { parseOptions: { httpOnly: true, secure: true } })`:
 * parseOptions are the defaults every reply.setCookie() of the app starts from, so the file's
 * setCookie calls then carry those flags unless they switch one off. Does the file turn httpOnly on
 * that way? (A missing secure is not reported for Fastify anyway, as for Koa.)
 */
function fastifyHttpOnly(f: FileFacts, api: ApiNames): boolean {
  for (const c of callsNamed(f, 'register')) {
    const args = c.node.arguments as N[];
    const plugin = args[0] ? api.pathOf(args[0]) : undefined;
    if (!plugin || !FASTIFY_COOKIE.has(plugin.replace(/\.default$/, ''))) continue;
    const parse = objectOf(propValue(objectOf(args[1], f), 'parseOptions'), f);
    if (parse && constBool(propValue(parse, 'httpOnly'), f) === true) return true;
  }
  return false;
}

export const insecureCookie: AstRule = {
  meta: {
    id: 'sast/js/insecure-cookie',
    title: 'Session or auth cookie without Secure/HttpOnly',
    severity: 'medium',
    cwe: [614, 1004],
    description:
      'A cookie that carries a session id or token is readable by page scripts (no HttpOnly), so one XSS steals the ' +
      'session, or travels over plain HTTP (no Secure), so anyone on the network can copy it. Flagged for explicit ' +
      'false flags and for Express res.cookie() calls on session/token cookies that set no flags at all.',
    remediation:
      'Set { httpOnly: true, secure: true, sameSite: \'lax\' } (or \'strict\') on session and token cookies; in ' +
      'express-session put them under `cookie` and enable `app.set(\'trust proxy\', 1)` behind a TLS proxy.',
    references: ['https://cwe.mitre.org/data/definitions/614.html', 'https://cwe.mitre.org/data/definitions/1004.html', 'https://expressjs.com/en/api.html#res.cookie'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    let fastifyOn: boolean | undefined;
    for (const c of callsNamed(f, 'cookie', 'set', 'setCookie', 'express-session', 'cookie-session', 'session', 'setHeader', 'header', 'append')) {
      const args = c.node.arguments as N[];
      const callee = unwrap(c.node.callee);
      // res.setHeader('Set-Cookie', `sid=${id}; Path=/`) without HttpOnly.
      if (c.name === 'setHeader' || c.name === 'header' || c.name === 'append' || (c.name === 'set' && args.length === 2)) {
        if (constString(args[0], f)?.toLowerCase() !== 'set-cookie') continue;
        const raw = rawCookie(args[1]);
        if (raw && sensitive([raw.name]) && !/;\s*httponly/.test(raw.text)) {
          out.push(hitAt(c.node, `Set-Cookie for '${raw.name}' has no HttpOnly attribute, so script (and any XSS) can read it; add HttpOnly; Secure; SameSite=Lax`));
        }
        continue;
      }
      if (c.path === 'express.session') {
        const cookie = objectOf(propValue(objectOf(args[0], f), 'cookie'), f);
        if (cookie) optionProblems(cookie, out, 'The session', cookie, f, { explicitOnly: true });
        continue;
      }
      if (c.path === 'express-session' || c.path === 'cookie-session') {
        const opts = objectOf(args[0], f);
        if (!opts) continue;
        const cookie = c.path === 'express-session' ? objectOf(propValue(opts, 'cookie'), f) : opts;
        if (cookie) optionProblems(cookie, out, c.path === 'express-session' ? 'The session' : 'The cookie-session', cookie, f, { explicitOnly: true });
        continue;
      }
      if (callee.type !== 'MemberExpression' || args.length < 2) continue;
      const receiver = lastName(callee.object);
      // Express: res.cookie(name, value, opts); Fastify: reply.setCookie(name, value, opts) (like Express, no
      // default flags); Koa: ctx.cookies.set(name, value, opts) (httpOnly on by default).
      const express = c.name === 'cookie' && receiver !== undefined && RESPONSES.has(receiver.toLowerCase());
      const fastify = c.name === 'setCookie' && receiver !== undefined && RESPONSES.has(receiver.toLowerCase());
      const koa = c.name === 'set' && receiver === 'cookies';
      if (!express && !fastify && !koa) continue;
      const name = constString(args[0], f);
      const names = name !== undefined ? [name, ...namesIn(args[1], 30)] : namesIn(args[1], 30);
      const label = name !== undefined ? `The '${name}'` : 'This';
      if (!sensitive(names)) {
        // A named cookie that is no plain preference, with a flag switched off on purpose.
        const opts = name !== undefined && !plain(name) ? objectOf(args[2], f) : undefined;
        if (opts) optionProblems(opts, out, label, c.node, f, { explicitOnly: true, flagsOnly: true, atCall: true });
        continue;
      }
      // Fastify with the plugin's parseOptions turning httpOnly on: like Koa, only a flag switched off counts.
      if (fastify) fastifyOn ??= fastifyHttpOnly(f, api);
      const httpOnlyDefault = koa || (fastify && fastifyOn === true);
      if (!args[2]) {
        // Koa defaults httpOnly to true; Express and Fastify (without parseOptions) set no flags.
        if (!httpOnlyDefault) out.push(hitAt(c.node, `${label} cookie is set without options: no httpOnly, no secure, no sameSite; add { httpOnly: true, secure: true, sameSite: 'lax' }`));
        continue;
      }
      const opts = objectOf(args[2], f);
      if (opts) optionProblems(opts, out, label, c.node, f, { explicitOnly: httpOnlyDefault, needsSecure: express, atCall: true });
    }
    return out;
  },
};
