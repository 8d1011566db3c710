/**
 * An uploaded file stored under the name the client gave it, with no check of its type: the client
 * picks the extension, so an .html/.svg page (stored XSS from the app's own origin when the folder
 * is served) or a server-side script lands in the upload folder. Shapes:
 *   - multer diskStorage `filename(req, file, cb)` calling cb with a name that ends in
 *     `file.originalname`, in a file with no `fileFilter` and no test of the name in that function;
 *   - express-fileupload `f.mv(dest)` (f from req.files) and fs rename/copy/write of an upload
 *     (`req.file.path`) whose destination ends in the client's name (`f.name`, `.originalname`,
 *     formidable's `.originalFilename`), in a function that tests neither extension nor type.
 * The extension is the dangerous part, so a generated base name with the client's extension
 * (`Date.now() + path.extname(file.originalname)`) and the client's name passed through a
 * string-preserving call (`.replace(/\s+/g, '-')`, `.toLowerCase()`) are still the client's name.
 * Clean: a generated name or an extension the server chooses, a test of the name or extension in
 * that function or in the fileFilter of the multer() call that uses that storage (an allow-list
 * comparison, a regex test, a magic-number check); a test of `mimetype` alone is not one (the
 * client declares it), and a name passed through another function (a sanitiser) is left alone.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, enclosingFunction, factsOf, hitAt, initOf, isFunction, keyName, namesIn, objectOf, propValue, resolve } from './ast-facts.js';
import { walk } from '../parse/walk.js';

/** Fields that hold the client's own file name. */
const CLIENT_NAME = new Set(['originalname', 'originalFilename']);
/** Content checks made by the server (magic numbers), which count whatever they are called with. */
const CONTENT_CHECK = /fileType|file-type|fileTypeFromBuffer|magic|imageSize|sharp\(/;
/** Methods that compare a value with a list or pattern. */
const TEST_METHODS = new Set(['test', 'match', 'includes', 'indexOf', 'has', 'endsWith', 'some']);
/** String methods whose result keeps the client's extension. */
const PRESERVING = new Set(['replace', 'replaceAll', 'toLowerCase', 'toUpperCase', 'trim', 'normalize', 'toString', 'toLocaleLowerCase']);
/** Names that hold the client-declared type: testing them alone does not check what is stored. */
const DECLARED_TYPE = new Set(['mimetype', 'mimeType', 'type', 'contentType']);

/** Does the value end with the client's file name (the last operand of a concatenation or template)? */
function endsWithClientName(node: N | undefined, f: FileFacts, depth = 0): boolean {
  if (!node || depth > 4) return false;
  const n = unwrap(node);
  if (n.type === 'MemberExpression') {
    const m = memberName(n);
    if (m !== undefined && CLIENT_NAME.has(m)) return true;
    // express-fileupload's f.name, where f is an uploaded file.
    const o = unwrap(n.object as N);
    return m === 'name' && isUpload(o, f);
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') return endsWithClientName(n.right as N, f, depth + 1);
  if (n.type === 'TemplateLiteral') {
    const tail = String(n.quasis[n.quasis.length - 1]?.value.cooked ?? '');
    return tail === '' && n.expressions.length > 0 && endsWithClientName(n.expressions[n.expressions.length - 1] as N, f, depth + 1);
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee as N);
    const last = callee.type === 'MemberExpression' ? memberName(callee) : callee.type === 'Identifier' ? (callee.name as string) : undefined;
    const args = n.arguments as N[];
    // path.join(dir, name) / path.resolve(dir, name): the last segment decides the name.
    if ((last === 'join' || last === 'resolve') && args.length >= 2) return endsWithClientName(args[args.length - 1], f, depth + 1);
    // path.extname(name), path.basename(name): the client's extension survives.
    if ((last === 'extname' || (last === 'basename' && args.length === 1)) && args.length >= 1) return endsWithClientName(args[0], f, depth + 1);
    // name.replace(/\s+/g, '-'), name.toLowerCase(): the same name, extension included.
    if (last !== undefined && PRESERVING.has(last) && callee.type === 'MemberExpression') return endsWithClientName(callee.object as N, f, depth + 1);
    return false;
  }
  if (n.type === 'Identifier') {
    const init = initOf(n, f);
    return !!init && endsWithClientName(init, f, depth + 1);
  }
  return false;
}

/** Is `n` an upload object: req.files.x, req.files['x'], req.file, or a variable holding one? */
function isUpload(node: N, f: FileFacts, depth = 0): boolean {
  const n = unwrap(node);
  if (depth > 3) return false;
  if (n.type === 'MemberExpression') {
    const o = unwrap(n.object as N);
    if (o.type === 'MemberExpression' && memberName(o) === 'files') return true;
    return memberName(n) === 'file' || memberName(n) === 'files';
  }
  if (n.type === 'Identifier') {
    const init = initOf(n, f);
    return !!init && isUpload(init, f, depth + 1);
  }
  return false;
}

/**
 * Does the function test the file's name or extension: a comparison, a regex test or an allow-list
 * lookup whose operands are not only the client-declared type, or a content (magic number) check?
 */
function checked(fn: N | undefined, source: string): boolean {
  if (!fn) return false;
  if (CONTENT_CHECK.test(source.slice(fn.start, fn.end))) return true;
  let found = false;
  walk(fn.body as N, (child) => {
    if (found) return false;
    const x = child as N;
    let operands: N[] | undefined;
    if (x.type === 'BinaryExpression' && /^[!=]==?$/.test(x.operator as string)) operands = [x.left as N, x.right as N];
    else if (x.type === 'SwitchStatement') operands = [x.discriminant as N];
    else if (x.type === 'CallExpression') {
      const callee = unwrap(x.callee as N);
      if (callee.type === 'MemberExpression' && TEST_METHODS.has(memberName(callee) ?? '')) operands = [callee.object as N, ...(x.arguments as N[])];
    }
    if (operands) {
      const names = operands.flatMap((o) => namesIn(o, 60));
      // Only the declared type (file.mimetype) is no check; anything naming the name or extension is.
      const nameOrExt = names.some((m) => m !== 'fieldname' && /name|ext/i.test(m));
      const allowList = names.some((m) => /allow|white|permit|valid|accept|safe/i.test(m));
      // A test of the client-declared type alone (ALLOWED.includes(file.mimetype)) is no check.
      const declaredOnly = names.some((m) => DECLARED_TYPE.has(m)) && !nameOrExt;
      if ((nameOrExt || allowList) && !declaredOnly) found = true;
    }
    return !found;
  });
  return found;
}

/** The fileFilter functions of the multer({ storage, fileFilter }) calls that use this diskStorage call (undefined: one the file cannot see). */
function filtersOf(storage: N, f: FileFacts, root: N): (N | undefined)[] {
  const out: (N | undefined)[] = [];
  for (const c of f.calls) {
    if (c.name !== 'multer' && c.path !== 'multer') continue;
    const opts = objectOf((c.node.arguments as N[])[0], f);
    const st = opts && propValue(opts, 'storage');
    if (!st) continue;
    const s = unwrap(st).type === 'Identifier' ? initOf(st, f) : unwrap(st);
    if (s !== storage) continue;
    const ff = propValue(opts, 'fileFilter');
    if (!ff) continue;
    const fn = resolve(ff, f);
    out.push(fn && isFunction(fn) ? fn : fnDeclared(fn, root));
  }
  return out;
}

/** A function declaration named like the identifier (`fileFilter: checkType` with `function checkType(…)`). */
function fnDeclared(n: N | undefined, root: N): N | undefined {
  if (!n || n.type !== 'Identifier') return undefined;
  let out: N | undefined;
  walk(root, (child) => {
    const x = child as N;
    if (x.type === 'FunctionDeclaration' && x.id?.name === n.name) out = x;
    return !out;
  });
  return out;
}

export const unrestrictedUpload: AstRule = {
  meta: {
    id: 'sast/js/unrestricted-upload',
    title: 'Uploaded file stored under the client\'s name without a type check',
    severity: 'high',
    cwe: [434],
    description:
      'An uploaded file is saved under the file name the client sent, and nothing checks its extension or type. The ' +
      'client chooses what is stored: an .html or .svg page served from the application\'s own origin (stored XSS that ' +
      'reads cookies and calls the API as the victim), a server-side script where the folder is executed, or a file ' +
      'that overwrites another upload of the same name.',
    remediation:
      'Store uploads under a generated name (crypto.randomUUID()) with an extension chosen from an allow-list of the ' +
      'types you accept, check the type in multer\'s fileFilter, and serve uploads with Content-Disposition: attachment ' +
      'or from a separate domain.',
    references: ['https://cwe.mitre.org/data/definitions/434.html', 'https://owasp.org/www-community/vulnerabilities/Unrestricted_File_Upload'],
  },
  check(file, api) {
    const src = file.source;
    if (!/originalname|originalFilename|\.mv\s*\(|req\.files/.test(src)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    // multer diskStorage({ filename(req, file, cb) { cb(null, file.originalname) } }).
    for (const c of f.calls) {
      if (c.name !== 'diskStorage') continue;
      // A fileFilter of the multer() call using this storage that checks the name (or one the file cannot see).
      if (filtersOf(unwrap(c.node), f, file.program as unknown as N).some((fn) => !fn || checked(fn, src))) continue;
      const opts = unwrap((c.node.arguments as N[])[0] ?? c.node);
      if (opts.type !== 'ObjectExpression') continue;
      for (const p of opts.properties as N[]) {
        const fn = p.type === 'Property' ? unwrap(p.value as N) : undefined;
        if (!fn || !isFunction(fn) || keyName(p) !== 'filename') continue;
        const cbParam = unwrap((fn.params as N[])[2] ?? fn);
        if (cbParam.type !== 'Identifier' || checked(fn, src)) continue;
        walk(fn.body as N, (child) => {
          const x = child as N;
          if (x.type === 'CallExpression' && unwrap(x.callee as N).type === 'Identifier' && unwrap(x.callee as N).name === cbParam.name
            && endsWithClientName((x.arguments as N[])[1], f)) {
            out.push(hitAt(x, 'multer stores the upload under the client\'s own file name (any extension, e.g. .html or .svg) and no fileFilter checks its type; generate the name and allow-list the extension'));
          }
          return true;
        });
      }
    }
    // express-fileupload f.mv(dest), fs.rename(req.file.path, dest) with the client's name as the last segment.
    for (const c of f.calls) {
      if (c.isNew) continue;
      const args = c.node.arguments as N[];
      let dest: N | undefined;
      if (c.name === 'mv') {
        const callee = unwrap(c.node.callee as N);
        if (callee.type !== 'MemberExpression' || !isUpload(callee.object as N, f)) continue;
        dest = args[0];
      } else {
        const path = c.path;
        if (path === undefined || !apiMatches('{fs,fs-extra,graceful-fs}.{rename,renameSync,copyFile,copyFileSync,move,moveSync}', path)) continue;
        dest = args[1];
      }
      if (!dest || !endsWithClientName(dest, f)) continue;
      if (checked(enclosingFunction(c.node, f), src)) continue;
      out.push(hitAt(c.node, 'the upload is saved under the client\'s own file name with no extension or type check: the client chooses what is stored (an .html page, a script); generate the name and allow-list the extension'));
    }
    return out;
  },
};
