/**
 * An uploaded file stored under the name the client gave it, with no check of its type: the client
 * picks the extension, so an .html/.svg page (stored XSS from the app's own origin when the folder
 * is served) or a server-side script lands in the upload folder. Shapes:
 *   - multer diskStorage `filename(req, file, cb)` calling cb with a name that ends in
 *     `file.originalname`, in a file with no `fileFilter` and no test of the name in that function;
 *   - express-fileupload `f.mv(dest)` (f from req.files) and fs rename/copy/write of an upload
 *     (`req.file.path`) whose destination ends in the client's name (`f.name`, `.originalname`,
 *     formidable's `.originalFilename`), in a function that tests neither extension nor type.
 * Clean: a generated name, a fileFilter, an extension or MIME allow-list (any test of the name,
 * its extname or mimetype in the function), a name passed through a function (sanitisers).
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, enclosingFunction, factsOf, hitAt, initOf, isFunction } from './ast-facts.js';
import { walk } from '../parse/walk.js';

/** Fields that hold the client's own file name. */
const CLIENT_NAME = new Set(['originalname', 'originalFilename']);
/** Words that show a type or extension check in the same function. */
const TYPE_CHECK = /mimetype|mimeType|extname|fileType|file-type|allowed|whitelist|allowlist|\.(?:test|match)\s*\(|\bext\b|extension/;

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
    // path.join(dir, name) / path.resolve(dir, name): the last segment decides the name.
    const callee = unwrap(n.callee as N);
    const last = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    if ((last === 'join' || last === 'resolve') && n.arguments.length >= 2) {
      return endsWithClientName(n.arguments[n.arguments.length - 1] as N, f, depth + 1);
    }
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

function checked(fn: N | undefined, source: string): boolean {
  return !!fn && TYPE_CHECK.test(source.slice(fn.start, fn.end));
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
    const hasFilter = /fileFilter/.test(src);
    // multer diskStorage({ filename(req, file, cb) { cb(null, file.originalname) } }).
    if (!hasFilter) {
      for (const c of f.calls) {
        if (c.name !== 'diskStorage') continue;
        const opts = unwrap((c.node.arguments as N[])[0] ?? c.node);
        if (opts.type !== 'ObjectExpression') continue;
        for (const p of opts.properties as N[]) {
          const fn = p.type === 'Property' ? unwrap(p.value as N) : undefined;
          if (!fn || !isFunction(fn) || (p.key?.name ?? p.key?.value) !== 'filename') continue;
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
