/**
 * Filesystem and path functions. Relative paths resolve against ctx.baseDir (the root module's
 * directory, Terraform's working directory). A path outside ctx.root, or any call without a
 * context, gives Unknown: the scan never reads outside its root. A missing file is an error, as
 * in Terraform.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isWithin } from '../../../../../core/paths.js';
import { basename, dirname, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { Unknown, isObject, type ObjectValue, type Value } from '../../../model/value.js';
import { FunctionError, arity, map, str, type FunctionContext, type Impl } from './common.js';

/** Bigger files are not configuration; refuse instead of holding them in memory. */
const MAX_FILE = 16 * 1024 * 1024;
/** fileset() stops walking after this many entries: a pattern over a huge tree is not configuration either. */
const MAX_WALK = 20_000;

/** Absolute path for a call's path argument, or an Unknown when it may not be read. */
function locate(fn: string, v: Value | undefined, ctx: FunctionContext): string | Unknown {
  const p = str(fn, v, 'path');
  if (!ctx.baseDir || !ctx.root) return new Unknown(`${fn}(): no base directory to read ${p} from`);
  if (p.startsWith('~')) return new Unknown(`${fn}(): ${p} is in a home directory`);
  const abs = resolve(ctx.baseDir, p);
  if (!isWithin(ctx.root, abs)) return new Unknown(`${fn}(): ${p} is outside the scan root`);
  // A symlink inside the root may still point out of it.
  if (existsSync(abs)) {
    let real: string;
    let realRoot: string;
    try {
      real = realpathSync(abs);
      realRoot = realpathSync(ctx.root);
    } catch {
      return new Unknown(`${fn}(): cannot resolve ${p}`);
    }
    if (!isWithin(realRoot, real)) return new Unknown(`${fn}(): ${p} is outside the scan root`);
  }
  return abs;
}

function readBytes(fn: string, v: Value | undefined, ctx: FunctionContext): Buffer | Unknown {
  const abs = locate(fn, v, ctx);
  if (abs instanceof Unknown) return abs;
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new FunctionError(`${fn}(): ${str(fn, v)} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof FunctionError) throw e;
    throw new FunctionError(`${fn}(): no file exists at ${str(fn, v)}`);
  }
  if (size > MAX_FILE) throw new FunctionError(`${fn}(): ${str(fn, v)} is larger than ${MAX_FILE} bytes`);
  return readFileSync(abs);
}

/** Terraform's file() refuses non-UTF-8 content (filebase64 is for binary data). */
function readText(fn: string, v: Value | undefined, ctx: FunctionContext): string | Unknown {
  const b = readBytes(fn, v, ctx);
  if (b instanceof Unknown) return b;
  const text = b.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(b)) throw new FunctionError(`${fn}(): ${str(fn, v)} is not valid UTF-8; use filebase64`);
  return text;
}

const fileHash = (fn: string, alg: string, enc: 'hex' | 'base64'): Impl => (a, ctx) => {
  arity(fn, a, 1);
  const b = readBytes(fn, a[0], ctx);
  return b instanceof Unknown ? b : createHash(alg).update(b).digest(enc);
};

/** Only `${name}` and `${name.attr...}` with literal text around it; anything else needs the evaluator. */
function simpleTemplate(text: string, vars: ObjectValue, file: string): Value {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if (text.startsWith('%{', i)) return new Unknown(`templatefile(): ${file} uses template directives`);
    if (text.startsWith('${', i)) {
      const close = text.indexOf('}', i);
      const expr = close < 0 ? '' : text.slice(i + 2, close).trim().replace(/^~|~$/g, '').trim();
      if (!expr.split('.').every((part) => /^[A-Za-z_][\w-]*$/.test(part))) return new Unknown(`templatefile(): ${file} has an expression this renderer cannot evaluate`);
      let v: Value | undefined = vars;
      for (const part of expr.split('.')) v = isObject(v) ? v[part] : undefined;
      if (v === undefined) throw new FunctionError(`templatefile(): ${file} refers to ${expr}, which is not in the variables`);
      if (v instanceof Unknown) return v;
      out += str('templatefile', v, `value of ${expr}`);
      i = close + 1;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

/**
 * fileset(path, pattern): files (not directories) under path whose path relative to it matches the
 * glob (`*`, `**`, `?`, `[class]`, `{a,b}`), sorted, with forward slashes. Symlinked directories
 * are not followed.
 */
function fileset(a: Value[], ctx: FunctionContext): Value {
  arity('fileset', a, 2);
  const dir = locate('fileset', a[0], ctx);
  if (dir instanceof Unknown) return dir;
  const pattern = str('fileset', a[1], 'pattern');
  const match = picomatch(pattern, { dot: true });
  const out: string[] = [];
  const stack = [''];
  let seen = 0;
  while (stack.length) {
    const rel = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      if (rel === '') return [];
      continue;
    }
    for (const n of names) {
      if (++seen > MAX_WALK) throw new FunctionError(`fileset(): more than ${MAX_WALK} entries under ${str('fileset', a[0])}`);
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(join(dir, r));
      if (st.isDirectory()) stack.push(r);
      else if (st.isFile() && match(r)) out.push(r);
    }
  }
  return out.sort();
}

function templatefile(a: Value[], ctx: FunctionContext): Value {
  arity('templatefile', a, 2);
  const vars = map('templatefile', a[1], 'variables');
  const text = readText('templatefile', a[0], ctx);
  if (text instanceof Unknown) return text;
  const file = str('templatefile', a[0]);
  return (ctx.renderTemplate ?? simpleTemplate)(text, vars, file);
}

export const FILESYSTEM_FUNCTIONS: Record<string, Impl> = {
  file: (a, ctx) => (arity('file', a, 1), readText('file', a[0], ctx)),
  fileexists: (a, ctx) => {
    arity('fileexists', a, 1);
    const abs = locate('fileexists', a[0], ctx);
    if (abs instanceof Unknown) return abs;
    if (!existsSync(abs)) return false;
    if (!statSync(abs).isFile()) throw new FunctionError(`fileexists(): ${str('fileexists', a[0])} is not a regular file`);
    return true;
  },
  filebase64: (a, ctx) => {
    arity('filebase64', a, 1);
    const b = readBytes('filebase64', a[0], ctx);
    return b instanceof Unknown ? b : b.toString('base64');
  },
  filemd5: fileHash('filemd5', 'md5', 'hex'),
  filesha1: fileHash('filesha1', 'sha1', 'hex'),
  filesha256: fileHash('filesha256', 'sha256', 'hex'),
  filesha512: fileHash('filesha512', 'sha512', 'hex'),
  filebase64sha256: fileHash('filebase64sha256', 'sha256', 'base64'),
  filebase64sha512: fileHash('filebase64sha512', 'sha512', 'base64'),
  templatefile,
  // A template held in a string (Terraform 1.9); rendered like templatefile's body.
  templatestring: (a, ctx) => {
    arity('templatestring', a, 2);
    return (ctx.renderTemplate ?? simpleTemplate)(str('templatestring', a[0], 'template'), map('templatestring', a[1], 'variables'), 'templatestring()');
  },
  fileset,
  basename: (a) => (arity('basename', a, 1), basename(str('basename', a[0]))),
  dirname: (a) => {
    arity('dirname', a, 1);
    const p = str('dirname', a[0]);
    return p === '' ? '.' : dirname(p);
  },
  // Depends on the machine Terraform runs on.
  abspath: (a) => (arity('abspath', a, 1), new Unknown(`abspath(${str('abspath', a[0])}) depends on where Terraform runs`)),
  pathexpand: (a) => {
    arity('pathexpand', a, 1);
    const p = str('pathexpand', a[0]);
    return p.startsWith('~') ? new Unknown(`pathexpand(${p}) depends on the home directory`) : p;
  },
};
