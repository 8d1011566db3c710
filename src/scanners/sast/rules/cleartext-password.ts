/**
 * A password from the request stored as it came, in a file that hashes passwords elsewhere: one
 * code path (a legacy branch, an update route, a second sign-up form) skips the hash. Reported at
 * the store: `user.password = password` followed by save/create/insert/update in the same function,
 * or `password: password` in the object given to create / insert / update / new Model().
 * The password is `req.body.password` (also passwd, pwd, pass, newPassword) or a variable
 * destructured from the request body. Only files that call bcrypt, argon2, scrypt or pbkdf2 are
 * judged: elsewhere a model hook (Mongoose pre('save'), Sequelize beforeCreate, TypeORM
 * @BeforeInsert) may hash the value in a file this rule does not see.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsWithin, enclosingFunction, factsOf, hitAt, initOf, keyName } from './ast-facts.js';

const HASHING = /\b(?:bcrypt|bcryptjs|argon2|scrypt|scryptSync|pbkdf2|pbkdf2Sync|hashSync|genSalt|genSaltSync)\b/;
const PASSWORD_KEY = /^(?:password|passwd|pwd|pass|userPassword|newPassword|plainPassword)$/;
const STORE_METHODS = new Set([
  'save', 'create', 'insert', 'insertOne', 'insertMany', 'update', 'updateOne', 'findByIdAndUpdate', 'findOneAndUpdate',
  'build', 'upsert', 'bulkCreate', 'persist', 'persistAndFlush', 'set', 'put', 'add',
]);

function isRequestBody(node: N): boolean {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || memberName(n) !== 'body') return false;
  const o = unwrap(n.object as N);
  return (o.type === 'Identifier' && /^(?:req|request)$/.test(o.name as string)) || (o.type === 'MemberExpression' && memberName(o) === 'request');
}

/** req.body.password, or a variable taken from the body under a password key (`const { password } = req.body`). */
function rawPassword(node: N | undefined, f: FileFacts): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === 'MemberExpression') return PASSWORD_KEY.test(memberName(n) ?? '') && isRequestBody(n.object as N);
  if (n.type !== 'Identifier' || f.reassigned.has(n.name as string)) return false;
  const init = initOf(n, f);
  // (A destructured name may report the whole body as its initialiser: judged by the pattern below.)
  if (init && !isRequestBody(init)) return rawPassword(init, f);
  for (const d of f.declarators) {
    if (d.id.type !== 'ObjectPattern' || !d.init || !isRequestBody(d.init as N)) continue;
    for (const p of d.id.properties as N[]) {
      if (p.type !== 'Property') continue;
      const v = unwrap(p.value as N);
      if (v.type === 'Identifier' && v.name === n.name && PASSWORD_KEY.test(keyName(p) ?? '')) return true;
    }
  }
  return false;
}

/** The property that stores a raw password in an object literal (or in its `data`/`$set`). */
function storedRaw(obj: N | undefined, f: FileFacts, depth = 0): N | undefined {
  const n = obj ? unwrap(obj) : undefined;
  if (!n || n.type !== 'ObjectExpression' || depth > 2) return undefined;
  for (const p of n.properties as N[]) {
    if (p.type !== 'Property') continue;
    const k = keyName(p) ?? '';
    if (PASSWORD_KEY.test(k) && rawPassword(p.value as N, f)) return p;
    if (k === 'data' || k === '$set' || k === 'values') {
      const inner = storedRaw(p.value as N, f, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

export const cleartextPassword: AstRule = {
  meta: {
    id: 'sast/js/cleartext-password',
    title: 'Password stored without hashing',
    severity: 'high',
    cwe: [256, 312],
    description:
      'A password taken from the request is stored as it is (assigned to the record that is saved, or passed to ' +
      'create/insert/update), although the same file hashes passwords on another path. Anyone who reads the database, a ' +
      'backup or a log of it learns every such password, which users reuse on other sites.',
    remediation:
      'Store only a slow salted hash: bcrypt.hash(password, 12), argon2.hash(password) or crypto.scrypt, on every path ' +
      'that writes the field (sign-up, password change, admin create, import).',
    references: ['https://cwe.mitre.org/data/definitions/256.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html'],
  },
  check(file, api) {
    if (!HASHING.test(file.source) || !/\.body\b/.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    // user.password = password; … await repo.save(user)
    for (const a of f.assignments) {
      if (a.operator !== '=') continue;
      const left = unwrap(a.left as N);
      if (left.type !== 'MemberExpression' || !PASSWORD_KEY.test(memberName(left) ?? '') || isRequestBody(left.object as N)) continue;
      if (!rawPassword(a.right as N, f)) continue;
      const fn = enclosingFunction(a, f);
      const stored = callsWithin(fn, f).some((c) => c.node.start > a.end && STORE_METHODS.has(c.name ?? ''));
      if (stored) out.push(hitAt(a, 'the password from the request is stored as it came (no bcrypt/argon2/scrypt on this path): a database leak reveals it; hash it before saving'));
    }
    // User.create({ email, password }), new User({ password: req.body.password })
    for (const c of f.calls) {
      const callee = unwrap(c.node.callee as N);
      if (c.isNew) {
        if (callee.type !== 'Identifier' || !/^[A-Z]/.test(callee.name as string)) continue;
      } else if (callee.type !== 'MemberExpression' || !STORE_METHODS.has(memberName(callee) ?? '') || memberName(callee) === 'set' || memberName(callee) === 'add') continue;
      for (const arg of c.node.arguments as N[]) {
        const p = storedRaw(arg, f);
        if (p) {
          out.push(hitAt(p, 'the password from the request is stored as it came (no bcrypt/argon2/scrypt on this path): a database leak reveals it; hash it before saving'));
          break;
        }
      }
    }
    return out;
  },
};
