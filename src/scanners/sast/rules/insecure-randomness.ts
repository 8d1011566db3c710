/**
 * Math.random() whose value lands, syntactically, in something that must be unguessable: a
 * variable, property or returning function named token, secret, password, nonce, salt, OTP,
 * session id, API key. Math.random for jitter, UI or games is fine and stays quiet.
 */
import type { AstHit, AstRule } from './types.js';
import { type FileFacts, type N, callsNamed, enclosingFunction, factsOf, functionName, hitAt, returnedNames, targetOf, words } from './ast-facts.js';

const ALWAYS = new Set([
  'token', 'tokens', 'secret', 'password', 'passwd', 'passphrase', 'pwd', 'nonce', 'salt', 'otp', 'totp', 'csrf', 'xsrf',
  'apikey', 'iv', 'captcha', 'sid', 'credential', 'credentials', 'passcode', 'authtoken', 'accesstoken', 'sessionid',
  'sessionkey', 'secretkey',
]);
// Qualified words: 'key', 'id', 'code', 'pin' only count next to one of these.
const QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'session', 'auth', 'encryption', 'signing', 'crypto', 'aes', 'hmac', 'master', 'client',
  'verification', 'verify', 'reset', 'confirm', 'confirmation', 'activation', 'invite', 'invitation', 'recovery', 'mfa',
  'sms', 'login', 'magic', 'unlock', 'security', 'one', 'refresh', 'bearer',
]);
const QUALIFIED = new Set(['key', 'id', 'code', 'pin', 'link', 'uuid', 'guid', 'hash']);
// Names that say timing, presentation or sampling: not a secret even next to a sensitive word.
const BENIGN = new Set([
  'delay', 'jitter', 'backoff', 'timeout', 'interval', 'sleep', 'wait', 'retry', 'color', 'colour', 'animation', 'duration',
  'sample', 'sampling', 'shuffle', 'position', 'offset', 'width', 'height', 'opacity', 'angle', 'speed', 'placeholder',
  'mock', 'fake', 'dummy', 'lorem', 'avatar', 'length', 'len', 'count', 'index', 'idx', 'expiry', 'expires', 'ttl', 'limit',
]);

/** Does this set of names say the value must be unpredictable? Returns the name that does. */
export function secretName(names: string[]): string | undefined {
  let found: string | undefined;
  for (const name of names) {
    const ws = words(name);
    if (ws.some((w) => BENIGN.has(w))) return undefined;
    if (found) continue;
    if (ws.some((w) => ALWAYS.has(w))) found = name;
    for (let i = 0; i < ws.length && !found; i++) {
      if (QUALIFIED.has(ws[i]!) && ((i > 0 && QUALIFIERS.has(ws[i - 1]!)) || (i > 1 && QUALIFIERS.has(ws[i - 2]!)))) found = name;
    }
  }
  return found;
}

function contextNames(call: N, f: FileFacts): string[] {
  const t = targetOf(call, f);
  const names = [...t.names];
  // The enclosing function's name counts when the value leaves through its return: directly,
  // or via the variable it was stored in (`pw += chars[…]; return pw`). Anonymous callbacks
  // (`Array.from({ length }, () => chars[…])`) hand it to the next named function up.
  let fn = enclosingFunction(call, f);
  let returned = t.returned || (!!t.variable && !!fn && returnedNames(fn).has(t.variable));
  for (let i = 0; fn && returned && i < 3; i++) {
    const name = functionName(fn, f);
    if (name) {
      names.push(name);
      break;
    }
    // An anonymous function: follow its result to where the enclosing call's value goes.
    const outer = targetOf(fn, f);
    names.push(...outer.names);
    const next = enclosingFunction(fn, f);
    returned = outer.returned || (!!outer.variable && !!next && returnedNames(next).has(outer.variable));
    fn = next;
  }
  return names;
}

export const insecureRandomness: AstRule = {
  meta: {
    id: 'sast/js/insecure-randomness',
    title: 'Math.random() used for a secret value',
    severity: 'medium',
    cwe: [338, 330],
    description:
      'Math.random() is not a cryptographic generator: its state can be recovered from a few outputs, so tokens, ' +
      'passwords, session ids, nonces or salts made from it can be predicted. Flagged when the value is stored in, or ' +
      'returned from, something named like a secret; jitter, UI and games are not findings.',
    remediation:
      'Use crypto.randomBytes / crypto.randomInt / crypto.randomUUID in Node, or crypto.getRandomValues / ' +
      'crypto.randomUUID in browsers.',
    references: ['https://cwe.mitre.org/data/definitions/338.html', 'https://nodejs.org/api/crypto.html#cryptorandomintmin-max-callback'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'random')) {
      if (c.path !== 'Math.random' || c.isNew) continue;
      const name = secretName(contextNames(c.node, f));
      if (name) out.push(hitAt(c.node, `Math.random() makes '${name}', which must be unguessable; use crypto.randomBytes/randomInt/randomUUID`));
    }
    return out;
  },
};
