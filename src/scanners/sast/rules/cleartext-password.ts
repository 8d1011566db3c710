/**
 * A password from the request stored as it came, in a file that hashes passwords elsewhere: one
 * code path (a legacy branch, an update route, a second sign-up form) skips the hash. Reported at
 * the store: `user.password = password` followed by save/create/insert/update in the same function,
 * or `password: password` in the object given to create / insert / update / new Model().
 * The password is `req.body.password` (also passwd, pwd, pass, newPassword) or a variable
 * destructured from the request body. A record whose password is replaced by a hash before it is
 * saved (`user.password = await bcrypt.hash(…)`) is clean. Only files that call a hash (bcrypt/argon2
 * hash, scrypt, pbkdf2) are judged: elsewhere a model hook (Mongoose pre('save'), Sequelize beforeCreate, TypeORM
 * @BeforeInsert) may hash the value in a file this rule does not see.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsWithin, enclosingFunction, factsOf, hitAt, initOf, lastName } from './ast-facts.js';
import { recordField } from './record-fields.js';
import { isRequestBody, keyFromBody } from './request-body.js';

/** A password hash call somewhere in the file (bcrypt.compare or an import alone is not hashing). */
const HASHING = /\b(?:hash|hashSync|hashPassword|scrypt|scryptSync|pbkdf2|pbkdf2Sync|genSalt|genSaltSync)\s*\(/;
/** Callee names that hash a password. */
const HASH_CALL = /^(?:hash|hashSync|hashPassword|scrypt|scryptSync|pbkdf2|pbkdf2Sync|argon2id|encryptPassword)$/;
const PASSWORD_KEY = /^(?:password|passwd|pwd|pass|userPassword|newPassword|plainPassword)$/;
const STORE_METHODS = new Set([
  'save', 'create', 'insert', 'insertOne', 'insertMany', 'update', 'updateOne', 'findByIdAndUpdate', 'findOneAndUpdate',
  'build', 'upsert', 'bulkCreate', 'persist', 'persistAndFlush', 'set', 'put', 'add',
]);

/** req.body.password, or a variable taken from the body under a password key (`const { password } = req.body`). */
function rawPassword(node: N | undefined, f: FileFacts, seen = new Set<N>()): boolean {
  if (!node) return false;
  const n = unwrap(node);
  // `var a = b, b = a`: each name once.
  if (seen.has(n) || seen.size > 20) return false;
  seen.add(n);
  if (n.type === 'MemberExpression') return PASSWORD_KEY.test(memberName(n) ?? '') && isRequestBody(n.object as N);
  if (n.type !== 'Identifier' || f.reassigned.has(n.name as string)) return false;
  const init = initOf(n, f);
  // (A destructured name may report the whole body as its initialiser: judged by the pattern below.)
  if (init && !isRequestBody(init)) return rawPassword(init, f, seen);
  return PASSWORD_KEY.test(keyFromBody(n, f) ?? '');
}

/** Is `value` a hash call (`await bcrypt.hash(password, salt)`, `argon2.hash(p)`)? */
function isHash(value: N): boolean {
  const v = unwrap(value); // (unwrap also takes off the await)
  return v.type === 'CallExpression' && HASH_CALL.test(lastName(v.callee as N) ?? '');
}

/**
 * `user = new User({ name, password }); user.password = await bcrypt.hash(password, salt); user.save()`:
 * the record's password is replaced by its hash after the record is built, in the same function.
 */
function hashedLater(record: N, f: FileFacts): boolean {
  const parent = f.parent.get(record);
  const holder = parent?.type === 'VariableDeclarator' ? unwrap(parent.id as N)
    : parent?.type === 'AssignmentExpression' ? unwrap(parent.left as N) : undefined;
  if (!holder || holder.type !== 'Identifier') return false;
  const fn = enclosingFunction(record, f);
  return f.assignments.some((a) => {
    const left = unwrap(a.left as N);
    return a.start > record.end && (!fn || a.end <= fn.end) && left.type === 'MemberExpression'
      && PASSWORD_KEY.test(memberName(left) ?? '') && lastName(left.object as N) === holder.name && isHash(a.right as N);
  });
}

/** The property that stores a raw password in an object literal (or in its `data`/`$set`/`values`). */
function storedRaw(obj: N | undefined, f: FileFacts): N | undefined {
  return recordField(obj, (p, k) => PASSWORD_KEY.test(k ?? '') && rawPassword(p.value as N, f));
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
        if (p && hashedLater(unwrap(c.node), f)) break;
        if (p) {
          out.push(hitAt(p, 'the password from the request is stored as it came (no bcrypt/argon2/scrypt on this path): a database leak reveals it; hash it before saving'));
          break;
        }
      }
    }
    return out;
  },
};
