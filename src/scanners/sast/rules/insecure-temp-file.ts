/**
 * A file in the shared temporary directory (`os.tmpdir()`, '/tmp/', '/var/tmp/') whose name is a
 * constant or predictable (an app name, the pid, Date.now()), written or opened without exclusive
 * creation: another local user can create the name first, or plant a symlink there, and have
 * the program overwrite a file of their choice or read what they planted. Reported at the write;
 * when the path goes to another library (`daemon.start(logFile, pidFile)`), at the path.
 * Clean: fs.mkdtemp, the `wx` flag, a name from crypto (randomBytes, randomUUID, uuid, nanoid).
 */
import type { AstHit, AstRule } from './types.js';
import type { ApiNames } from '../ir/api-names.js';
import { apiMatches, memberName, unwrap } from '../ir/api-names.js';
import {
  type FileFacts, type N, enclosingFunction, factsOf, hitAt, initOf, objectOf, propValue, stringValue, words,
} from './ast-facts.js';
import { walk } from '../parse/walk.js';

const TMP_PREFIX = /^(?:\/tmp|\/var\/tmp)\/[^/]/;
const TMP_DIR = /^(?:\/tmp|\/var\/tmp)\/?$/;
/** fs calls that create or write a file, with the index of their flags/options argument. */
const WRITES: [string, number][] = [
  // (API paths name `node:fs` and `fs/promises` as `fs` and `fs.promises`.)
  ['{fs,fs-extra,graceful-fs}.{writeFile,writeFileSync,appendFile,appendFileSync,outputFile,outputFileSync}', 2],
  ['fs.promises.{writeFile,appendFile}', 2],
  ['{fs,fs-extra,graceful-fs}.createWriteStream', 1],
  ['{fs,fs-extra,graceful-fs}.{open,openSync}', 1],
  ['fs.promises.open', 1],
];
/** A name made with a cryptographic generator or a temp-file library is not predictable. */
const RANDOM_CALL = /^(?:randomBytes|randomUUID|randomFillSync|getRandomValues|v4|uuid|uuidv4|nanoid|mkdtemp|mkdtempSync|tmpName|tmpNameSync|fileSync|dirSync|file|dir|tempfile|temporaryFile|temporaryDirectory)$/;
/** Names of variables that hold a file's path. */
const FILE_WORDS = new Set(['file', 'path', 'log', 'lock', 'pid', 'socket', 'sock', 'tmp', 'temp', 'out', 'output', 'dest', 'filename']);
const MAX_DEPTH = 6;

function calleeName(call: N): string | undefined {
  const c = unwrap(call.callee);
  return c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
}

/** `os.tmpdir()` (also `require('os').tmpdir()`, `tmpdir()` imported from os). */
function isTmpdirCall(n: N, api: ApiNames): boolean {
  if (n.type !== 'CallExpression') return false;
  const path = api.pathOf(n.callee);
  return path === 'os.tmpdir';
}

/** Is an expression the shared temp dir itself? */
function isTmpDir(node: N, f: FileFacts, api: ApiNames, depth: number): boolean {
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return false;
  if (isTmpdirCall(n, api)) return true;
  const s = stringValue(n);
  if (s !== undefined) return TMP_DIR.test(s);
  if (n.type === 'Identifier') {
    const init = initOf(n, f);
    return !!init && isTmpDir(init, f, api, depth + 1);
  }
  return false;
}

/** Does the expression use a cryptographic or temp-library name anywhere (after one constant step)? */
function hasRandomPart(node: N, f: FileFacts, depth: number): boolean {
  let found = false;
  walk(node, (child) => {
    const c = child as N;
    if (found) return false;
    if (c.type === 'CallExpression' || c.type === 'NewExpression') {
      const name = calleeName(c);
      if (name !== undefined && RANDOM_CALL.test(name)) found = true;
    } else if (c.type === 'Identifier' && depth < 2) {
      const init = initOf(c, f);
      if (init && init !== node && hasRandomPart(init, f, depth + 1)) found = true;
    }
    return !found;
  });
  return found;
}

/**
 * A path inside the shared temp dir with a name chosen by the program: '/tmp/x', '/tmp/' + app +
 * '.pid', `${os.tmpdir()}/x`, path.join(os.tmpdir(), name), os.tmpdir() + '/x.log'.
 */
function isPredictableTmpPath(node: N, f: FileFacts, api: ApiNames, depth = 0): boolean {
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return false;
  const s = stringValue(n);
  if (s !== undefined) return TMP_PREFIX.test(s);
  let inTmp = false;
  if (n.type === 'TemplateLiteral') {
    const head = (n.quasis[0]?.value.cooked ?? '') as string;
    inTmp = TMP_PREFIX.test(head) || (head === '' && n.expressions.length > 0 && isTmpDir(n.expressions[0] as N, f, api, depth + 1)
      && /^\/?[^/]/.test(String(n.quasis[1]?.value.cooked ?? '')));
    if (TMP_DIR.test(head) && n.expressions.length > 0) inTmp = true;
  } else if (n.type === 'BinaryExpression' && n.operator === '+') {
    // The leftmost operand decides the directory.
    let left = unwrap(n.left);
    while (left.type === 'BinaryExpression' && left.operator === '+') left = unwrap(left.left);
    const ls = stringValue(left);
    inTmp = ls !== undefined ? TMP_PREFIX.test(ls) || TMP_DIR.test(ls) : isTmpDir(left, f, api, depth + 1);
  } else if (n.type === 'CallExpression') {
    const path = api.pathOf(n.callee);
    if (path !== undefined && apiMatches('path.{join,resolve}', path) && n.arguments.length >= 2) {
      inTmp = isTmpDir(n.arguments[0] as N, f, api, depth + 1);
    }
  } else if (n.type === 'Identifier') {
    const init = initOf(n, f);
    return !!init && isPredictableTmpPath(init, f, api, depth + 1);
  }
  return inTmp && !hasRandomPart(n, f, 0);
}

/** Does a flags value (string or options object) ask for exclusive creation ('wx', 'ax')? */
function exclusive(arg: N | undefined, f: FileFacts): boolean {
  if (!arg) return false;
  const s = stringValue(arg);
  if (s !== undefined) return s.includes('x');
  const obj = objectOf(arg, f);
  const flag = stringValue(propValue(obj, 'flag')) ?? stringValue(propValue(obj, 'flags'));
  if (flag !== undefined) return flag.includes('x');
  // fs.constants.O_EXCL in a numeric flag.
  const a = unwrap(arg);
  let excl = false;
  walk(a, (c) => {
    if ((c as N).type === 'MemberExpression' && memberName(c as N) === 'O_EXCL') excl = true;
    return !excl;
  });
  return excl;
}

/** An open() flag that only reads: not a write. */
function readOnly(arg: N | undefined): boolean {
  const s = arg ? stringValue(arg) : undefined;
  return s !== undefined && /^r[s]?$/.test(s);
}

export const insecureTempFile: AstRule = {
  meta: {
    id: 'sast/js/insecure-temp-file',
    title: 'Predictable file name in the shared temporary directory',
    severity: 'medium',
    cwe: [377, 59],
    description:
      'A file under /tmp (or os.tmpdir()) with a constant or guessable name (an application name, the pid, a ' +
      'timestamp) is created or written without exclusive creation. Any local user can create that name first or ' +
      'point a symlink there, so the program overwrites a file of the attacker\'s choice with its own rights, or reads ' +
      'and trusts content the attacker planted.',
    remediation:
      'Create a private directory with fs.mkdtemp(path.join(os.tmpdir(), \'app-\')) and put files inside it, or open ' +
      'with the \'wx\' flag (fails if the name exists) and a random name from crypto.randomBytes / randomUUID.',
    references: ['https://cwe.mitre.org/data/definitions/377.html', 'https://nodejs.org/api/fs.html#fsmkdtempprefix-options-callback'],
  },
  check(file, api) {
    if (!/\/tmp|tmpdir/.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    /** Variables whose path reached a recognised write (so the declaration is not reported too). */
    const written = new Set<N>();
    for (const c of f.calls) {
      const path = c.path;
      if (path === undefined || c.isNew) continue;
      const spec = WRITES.find(([pattern]) => apiMatches(pattern, path));
      if (!spec) continue;
      const args = c.node.arguments as N[];
      const target = args[0];
      if (!target || !isPredictableTmpPath(target, f, api)) continue;
      const flags = args[spec[1]];
      const isOpen = /open/.test(path);
      if (isOpen && readOnly(flags)) continue;
      if (exclusive(flags, f)) continue;
      const t = unwrap(target);
      if (t.type === 'Identifier') {
        const init = initOf(t, f);
        if (init) written.add(init);
      }
      out.push(hitAt(c.node, `${path.slice(path.lastIndexOf('.') + 1)}() writes a predictable path in the shared temp directory without exclusive creation; another local user can plant a symlink there first. Use fs.mkdtemp or the 'wx' flag with a random name`));
    }
    // A predictable path handed to another library (`daemonize(logFile, lockFile)`): reported where it is made.
    for (const d of f.declarators) {
      if (d.id.type !== 'Identifier' || !d.init || written.has(unwrap(d.init))) continue;
      if (!words(d.id.name).some((w) => FILE_WORDS.has(w))) continue;
      if (!isPredictableTmpPath(d.init, f, api)) continue;
      const name = d.id.name as string;
      const scope = enclosingFunction(d, f);
      const passed = f.calls.some((c) => {
        if (scope && (c.node.start < scope.start || c.node.end > scope.end)) return false;
        if (!(c.node.arguments as N[]).some((a) => unwrap(a).type === 'Identifier' && unwrap(a).name === name)) return false;
        const p = c.path;
        // Reading, checking, deleting or printing the path, or building another path from it, writes nothing.
        // (fs writes were judged above, with their flags.)
        return !(p !== undefined && /^(?:fs|path|console|fs-extra|graceful-fs|os)\b/.test(p));
      });
      if (passed) out.push(hitAt(d.init, `'${name}' is a predictable path in the shared temp directory that is handed on to be created; another local user can plant a symlink there first. Use fs.mkdtemp for a private directory`));
    }
    return out;
  },
};
