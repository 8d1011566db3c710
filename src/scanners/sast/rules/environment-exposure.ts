/**
 * The whole of `process.env` sent to the client (`res.json({ env: process.env })`, a debug
 * route): every secret the process was started with (database URLs, API keys, signing secrets)
 * goes out at once. One variable read by name (`process.env.PORT`) is not this, unless it is a
 * secret by its name (`process.env.DB_PASSWORD`, or a `JWT_SECRET` constant read from it); a
 * development-only branch is clean, as for stack traces.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type N, factsOf, hitAt, isProcessEnv, stringValue, words } from './ast-facts.js';
import { walk } from '../parse/walk.js';
import { judge } from './stack-trace-exposure.js';
import { credentialName, obviousExample } from './hardcoded-credentials.js';

/** `process.env.X` (a member read), X's name when it is one. */
function envName(n: N): string | undefined {
  return n.type === 'MemberExpression' && isProcessEnv(n.object as N) ? memberName(n) : undefined;
}

// Variables a front-end build inlines into the bundle: public by design, every visitor already has them.
const CLIENT_PREFIX = /^(?:REACT_APP|VITE|NEXT_PUBLIC|PUBLIC|EXPO_PUBLIC|GATSBY|NUXT_PUBLIC|NUXT_ENV|VUE_APP)_/i;
// A word that keeps a browser-family name secret (ALGOLIA_ADMIN_KEY, RECAPTCHA_SECRET_KEY, MAPBOX_SECRET_TOKEN).
const SERVER_WORDS = new Set(['secret', 'private', 'password', 'passwd', 'admin', 'write', 'signing', 'jwt', 'session', 'server']);

/**
 * Keys made to sit in a web page, restricted by referrer or by what they can do: Maps and Firebase web
 * API keys, Mapbox public tokens, Algolia search-only keys, reCAPTCHA / Turnstile / hCaptcha site keys.
 */
function browserKey(ws: string[]): boolean {
  if (ws.some((w) => SERVER_WORDS.has(w))) return false;
  const has = (w: string): boolean => ws.includes(w);
  if (has('maps') || has('map') || has('mapbox') || has('googlemaps')) return true;
  // FIREBASE_TOKEN (a CLI deploy token) and ALGOLIA_API_KEY (often the admin key) stay secret.
  if ((has('firebase') && has('api')) || (has('algolia') && has('search'))) return true;
  return (has('recaptcha') || has('turnstile') || has('hcaptcha') || has('captcha')) && has('site');
}

/** A credential-named variable of the environment (`process.env.DB_PASSWORD`, not NEXT_PUBLIC_…, a Maps key or a URL). */
function envSecret(name: string | undefined): boolean {
  if (name === undefined || CLIENT_PREFIX.test(name) || credentialName(name) === undefined) return false;
  return !browserKey(words(name));
}

export const environmentExposure: AstRule = {
  meta: {
    id: 'sast/js/environment-exposure',
    title: 'Environment variables or secrets from them sent to the client',
    severity: 'high',
    cwe: [200, 526],
    description:
      'The whole process.env object, or a secret read from it by name (process.env.DB_PASSWORD, a JWT_SECRET ' +
      'constant), is sent in a response. process.env holds every secret the process was started with (database ' +
      'URLs with passwords, API keys, signing secrets), so one request reads them; a leaked signing key forges sessions.',
    remediation: 'Remove the route, or send only the few non-secret values the client needs, named one by one.',
    references: ['https://cwe.mitre.org/data/definitions/526.html'],
  },
  check(file, api) {
    const withEnv = file.source.includes('process.env');
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    // Constants holding a secret of the environment: `const JWT_SECRET = process.env.JWT_SECRET || 'dev'`,
    // or written into the code under a secret's name (a DB_PASSWORD const set to a string literal).
    const secretConsts = new Map<string, string>();
    for (const d of f.declarators) {
      if (d.id.type !== 'Identifier' || !d.init || f.reassigned.has(d.id.name) || (f.decls.get(d.id.name)?.length ?? 0) > 1) continue;
      let init = unwrap(d.init as N);
      const lit = stringValue(init);
      if (lit !== undefined) {
        if (lit.length >= 6 && !/\s/.test(lit) && !obviousExample(lit) && envSecret(d.id.name)) secretConsts.set(d.id.name, 'written in the code');
        continue;
      }
      if (init.type === 'LogicalExpression' && (init.operator === '||' || init.operator === '??')) init = unwrap(init.left as N);
      const x = envName(init);
      if (x !== undefined && envSecret(x) && envSecret(d.id.name)) secretConsts.set(d.id.name, 'from the environment');
    }
    if (!withEnv && secretConsts.size === 0) return out;
    const secretSent = (n: N, name: string, from = 'from the environment'): void => {
      if (judge(n, f).kind === 'sink') out.push(hitAt(n, `the server secret ${name} (${from}) is sent to the client; never put signing keys or passwords in a response`));
    };
    walk(file.program as N, (child) => {
      const n = child as N;
      if (n.type === 'Identifier' && secretConsts.has(n.name)) {
        const p = f.parent.get(n);
        if (p && !(p.type === 'Property' && p.key === n && !p.shorthand) && !(p.type === 'MemberExpression' && p.property === n && !p.computed)
          && !(p.type === 'VariableDeclarator' && p.id === n)) secretSent(n, n.name, secretConsts.get(n.name));
        return true;
      }
      if (n.type === 'MemberExpression' && envSecret(envName(n))) {
        secretSent(n, `process.env.${envName(n)}`);
        return false;
      }
      if (n.type !== 'MemberExpression' || !isProcessEnv(n)) return true;
      // process.env.X / process.env[x] reads one variable.
      const p = f.parent.get(n);
      if (p && p.type === 'MemberExpression' && p.object === n) return false;
      const v = judge(n, f);
      if (v.kind === 'sink') out.push(hitAt(n, 'every environment variable (secrets included) is sent to the client; send only the values it needs'));
      return false;
    });
    return out;
  },
};
