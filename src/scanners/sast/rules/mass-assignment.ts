/**
 * Mass assignment: the whole request body written into a stored record, so the client sets any
 * field it likes (role, isAdmin, ownerId, balance, a password hash). Reported at the write:
 *   - Model.create / insert / build / new Model(body), Model.update / updateOne / updateMany /
 *     findByIdAndUpdate / findOneAndUpdate / upsert / merge with the body as an argument, or as
 *     `$set: body` / `data: body` (MongoDB, Prisma) / a spread `{ ...body }` inside one;
 *   - Object.assign(record, body), record.set(body) (Mongoose documents, Drizzle);
 *   - a privileged field (role, roles, isAdmin, admin, permissions) taken from the request body
 *     and stored by create / new Model / update.
 * The body is `req.body`, `request.body`, `ctx.request.body`, `req.payload` or a variable that holds
 * it. Clean: fields picked one by one, lodash pick, a validated DTO (the value is a new object).
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsWithin, enclosingFunction, factsOf, hitAt, initOf, keyName, lastName } from './ast-facts.js';
import { RECORD_KEYS, recordField } from './record-fields.js';
import { isRequestBody, keyFromBody } from './request-body.js';

const WRITE_METHODS = new Set([
  'create', 'insert', 'insertOne', 'build', 'update', 'updateOne', 'updateMany', 'findByIdAndUpdate', 'findOneAndUpdate',
  'upsert', 'merge', 'findOneAndReplace', 'replaceOne', 'bulkCreate',
]);
const PRIVILEGED = new Set(['role', 'roles', 'isAdmin', 'admin', 'is_admin', 'permissions', 'isStaff', 'isSuperuser', 'userRole', 'accountType']);
/** Receivers whose create/update are not records: hashes, ciphers, caches, DOM. */
const NOT_RECORD = /^(?:crypto|hash|hmac|cipher|decipher|sign|verify|cache|map|set|document|element|shasum|md5|sha\d*|digest|hasher|progress|bar|spinner|state|store|redux|setState|form|url|params|searchParams|headers|res|response|ctx|reply|h)$/i;

function isBody(node: N | undefined, f: FileFacts, depth = 0): boolean {
  if (!node || depth > 3) return false;
  const n = unwrap(node);
  if (isRequestBody(n)) return true;
  if (n.type === 'Identifier') {
    const init = initOf(n, f);
    return !!init && isBody(init, f, depth + 1);
  }
  // { ...req.body, owner: id }
  if (n.type === 'ObjectExpression') return (n.properties as N[]).some((p) => p.type === 'SpreadElement' && isBody(p.argument as N, f, depth + 1));
  return false;
}

/** An argument that writes the whole body: the body itself, or `{ $set: body }` / `{ data: body }`. */
function writesBody(arg: N | undefined, f: FileFacts): boolean {
  if (!arg) return false;
  if (isBody(arg, f)) return true;
  const n = unwrap(arg);
  if (n.type !== 'ObjectExpression') return false;
  return (n.properties as N[]).some((p) => p.type === 'Property' && RECORD_KEYS.includes(keyName(p) ?? '') && isBody(p.value as N, f));
}

/**
 * Is `fn` a GraphQL mutation resolver: a function in the `Mutation: { … }` map of a resolver object
 * or a `const Mutation = { … }` map, or a method decorated with @Mutation()?
 */
function isMutationResolver(fn: N, f: FileFacts): boolean {
  const p = f.parent.get(fn);
  if (p?.type === 'MethodDefinition') {
    return ((p.decorators ?? []) as N[]).some((d) => {
      const e = unwrap(d.expression as N);
      return lastName(e.type === 'CallExpression' ? (e.callee as N) : e) === 'Mutation';
    });
  }
  if (p?.type !== 'Property') return false;
  const map = f.parent.get(p);
  const owner = map?.type === 'ObjectExpression' ? f.parent.get(map) : undefined;
  // `resolvers = { Mutation: { … } }`, or a module's own `const Mutation = { … }` map exported whole.
  if (owner?.type === 'Property') return keyName(owner) === 'Mutation';
  return owner?.type === 'VariableDeclarator' && owner.id?.type === 'Identifier' && owner.id.name === 'Mutation';
}

/** A variable destructured from the request body (`const { role } = req.body`), or a mutation resolver's argument. */
function fromBody(node: N, f: FileFacts): boolean {
  const n = unwrap(node);
  if (n.type === 'MemberExpression') return isBody(n.object as N, f);
  if (n.type !== 'Identifier') return false;
  // A GraphQL mutation resolver's arguments (root, { role }, ctx) are the client's input too.
  const fn = enclosingFunction(n, f);
  const argsParam = fn ? unwrap((fn.params as N[])[1] ?? fn) : undefined;
  if (fn && argsParam?.type === 'ObjectPattern' && isMutationResolver(fn, f)
    && (argsParam.properties as N[]).some((p) => p.type === 'Property' && unwrap(p.value as N).type === 'Identifier' && unwrap(p.value as N).name === n.name)) return true;
  return keyFromBody(n, f, (init) => isBody(init, f)) !== undefined;
}

/** Is the variable compared with fixed values before `at` in its function (`if (!['reader', 'writer'].includes(role)) return`)? */
function allowListed(name: string, at: N, f: FileFacts): boolean {
  const fn = enclosingFunction(at, f);
  const inFn = (x: N) => x.end <= at.start && (!fn || x.start >= fn.start);
  const isName = (x: N | undefined) => !!x && unwrap(x).type === 'Identifier' && unwrap(x).name === name;
  for (const c of callsWithin(fn, f)) {
    if (!inFn(c.node) || !['includes', 'has', 'indexOf'].includes(c.name ?? '')) continue;
    if ((c.node.arguments as N[]).some((a) => isName(a))) return true;
  }
  return f.equalities.some((e) => inFn(e) && ((isName(e.left as N) && unwrap(e.right as N).type === 'Literal') || (isName(e.right as N) && unwrap(e.left as N).type === 'Literal')));
}

/** The property of an object literal (or of its `data`/`$set`) that stores a privileged field taken from the body. */
function privilegedFromBody(arg: N | undefined, f: FileFacts): N | undefined {
  return recordField(arg, (p, k, obj) => {
    if (k === undefined || !PRIVILEGED.has(k)) return false;
    const v = unwrap(p.value as N);
    return fromBody(v, f) && !(v.type === 'Identifier' && allowListed(v.name as string, obj, f));
  }, ['data', '$set']);
}

export const massAssignment: AstRule = {
  meta: {
    id: 'sast/js/mass-assignment',
    title: 'Request body written whole into a stored record (mass assignment)',
    severity: 'high',
    cwe: [915],
    description:
      'The whole request body (or a privileged field from it, such as role or isAdmin) is passed to a model\'s create or ' +
      'update, a new Model(), Object.assign onto a record or a $set. The client can set every column the model has, not ' +
      'only the ones the form shows: make itself an administrator, change the owner of a record, its price or balance, ' +
      'or overwrite another account\'s password hash.',
    remediation:
      'Copy only the fields the client may change (const { name, email } = req.body; User.update({ name, email })), or ' +
      'use lodash pick / a validation schema that strips unknown keys (class-validator whitelist, zod .strict(), joi ' +
      'stripUnknown), and set privileged fields (role, owner) on the server.',
    references: ['https://cwe.mitre.org/data/definitions/915.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
  },
  check(file, api) {
    if (!/\bMutation\b/.test(file.source) && !/\.body\b|\.payload\b/.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of f.calls) {
      const args = c.node.arguments as N[];
      const callee = unwrap(c.node.callee as N);
      if (c.isNew) {
        // new User(req.body), new Order({ ...req.body }): a model class (capitalised).
        const name = callee.type === 'Identifier' ? (callee.name as string) : undefined;
        if (!name || !/^[A-Z]/.test(name) || /^(?:Error|URL|URLSearchParams|Map|Set|Date|Promise|Buffer|Headers|Request|Response|FormData|Blob|RegExp|Array|Object)$/.test(name)
          // A validator or parser reads the body, it stores nothing (new Validator(req.body, rules)).
          || /(?:Error|Validator|Validation|Schema|Parser)$/.test(name)) continue;
        if (isBody(args[0], f)) out.push(hitAt(c.node, `new ${name}() is built from the whole request body: the client sets every field (role, owner, price); copy only the fields it may change`));
        else {
          const p = privilegedFromBody(args[0], f);
          if (p) out.push(hitAt(c.node, `new ${name}() stores '${keyName(p)}' taken from the request body: the client picks its own privileges; set it on the server`));
        }
        continue;
      }
      if (callee.type !== 'MemberExpression') continue;
      const method = memberName(callee);
      if (method === undefined) continue;
      const recv = lastName(callee.object as N);
      if (method === 'assign' && recv === 'Object') {
        const target = args[0] ? unwrap(args[0]) : undefined;
        if (!target || target.type === 'ObjectExpression' || target.type === 'ThisExpression') continue;
        // Object.assign(obj = {}, req.body): a fresh object assigned inside the call.
        if (target.type === 'AssignmentExpression' && unwrap(target.right as N).type === 'ObjectExpression') continue;
        // const obj = {}; Object.assign(obj, req.body): a plain object built here, not a stored record.
        if (target.type === 'Identifier' && initOf(target, f)?.type === 'ObjectExpression') continue;
        const tname = lastName(target);
        if (tname === undefined || NOT_RECORD.test(tname) || /^(?:options|opts|config|settings|query|filter|where|params)$/i.test(tname)) continue;
        if (args.slice(1).some((a) => isBody(a, f))) out.push(hitAt(c.node, `Object.assign(${tname}, …) copies the whole request body onto the record: the client sets every field; copy only the fields it may change`));
        continue;
      }
      if (!WRITE_METHODS.has(method) && !(method === 'set' && args.length === 1)) continue;
      // _.merge({}, defaults, req.body): a configuration merged into a new object (prototype pollution is another rule's).
      if (method === 'merge' && (/^(?:_|lodash|deepmerge|merge)$/.test(recv ?? '') || (args[0] && unwrap(args[0]).type === 'ObjectExpression'))) continue;
      if (recv !== undefined && NOT_RECORD.test(recv)) continue;
      const o = unwrap(callee.object as N);
      if (o.type === 'CallExpression' && /^(?:createHash|createHmac|createCipheriv|createDecipheriv|createSign|createVerify)$/.test(lastName(o.callee as N) ?? '')) continue;
      if (c.path !== undefined && /^(?:crypto|node:crypto)\b/.test(c.path)) continue;
      if (args.some((a) => writesBody(a, f))) {
        out.push(hitAt(c.node, `${method}() writes the whole request body into the record: the client sets every field (role, owner, password hash); copy only the fields it may change`));
        continue;
      }
      if (method === 'set' || method === 'merge') continue;
      for (const a of args) {
        const p = privilegedFromBody(a, f);
        if (p) {
          out.push(hitAt(c.node, `${method}() stores '${keyName(p)}' taken from the request body: the client picks its own privileges; set it on the server`));
          break;
        }
      }
    }
    return out;
  },
};
