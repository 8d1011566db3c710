/**
 * Node's own modules and the JavaScript globals: processes, files, `vm`/`eval`, outgoing HTTP,
 * `process.env`/`process.argv`, `RegExp`, `console`.
 */
import type { SanitizerSpec, SinkSpec, TaintModel } from './types.js';

const FS_ONE_PATH = [
  'readFile', 'readFileSync', 'createReadStream', 'createWriteStream', 'writeFile', 'writeFileSync',
  'appendFile', 'appendFileSync', 'unlink', 'unlinkSync', 'readdir', 'readdirSync', 'opendir', 'stat',
  'statSync', 'lstat', 'lstatSync', 'open', 'openSync', 'access', 'accessSync', 'rm', 'rmSync', 'rmdir',
  'rmdirSync', 'mkdir', 'mkdirSync', 'chmod', 'chmodSync', 'chown', 'truncate', 'readlink', 'realpath',
  'realpathSync', 'watch', 'utimes', 'exists', 'existsSync',
  // The rest of the path-first calls an extractor uses on an entry's path (mode, owner, times of
  // what it wrote; a temp folder's prefix).
  'chownSync', 'lchown', 'lchownSync', 'lchmod', 'lchmodSync', 'utimesSync', 'lutimes', 'lutimesSync',
  'truncateSync', 'readlinkSync', 'opendirSync', 'mkdtemp', 'mkdtempSync',
].join(',');
// Both paths: a link's target (a tar/zip link entry's linkpath) escapes as surely as its name.
const FS_TWO_PATHS = ['copyFile', 'copyFileSync', 'rename', 'renameSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'cp', 'cpSync'].join(',');
const FS_EXTRA = [
  'remove', 'removeSync', 'outputFile', 'outputFileSync', 'readJson', 'readJSON', 'readJsonSync', 'writeJson',
  'writeJSON', 'writeJsonSync', 'outputJson', 'ensureDir', 'ensureFile', 'emptyDir', 'mkdirp', 'mkdirs',
].join(',');

function fsSinks(mod: string): SinkSpec[] {
  return [
    { id: `${mod}.read-write`, kind: 'path-traversal', call: `${mod}.{${FS_ONE_PATH}}`,
      description: 'is a file system path' },
    { id: `${mod}.copy-move`, kind: 'path-traversal', call: `${mod}.{${FS_TWO_PATHS}}`, args: [0, 1],
      description: 'is a file system path' },
  ];
}

/**
 * Running a program its caller names is what a process library is for, so a library's own
 * parameters (`library-input`) reach spawn-like calls only through a shell.
 */
export const NOT_LIBRARY_INPUT: SinkSpec['labels'] = ['http', 'message', 'browser', 'env', 'argv'];

/** spawn-like functions: the program always; its arguments only under `{ shell: true }`. */
function spawnSinks(fn: string, id: string): SinkSpec[] {
  return [
    { id: `${id}`, kind: 'command-injection', call: fn, args: [0], labels: NOT_LIBRARY_INPUT,
      description: 'is the program a child process runs' },
    { id: `${id}.shell`, kind: 'command-injection', call: fn, args: [1], when: { arg: 2, property: 'shell' },
      description: 'is an argument of a command run through a shell (shell: true)' },
    { id: `${id}.shell-program`, kind: 'command-injection', call: fn, args: [0], when: { arg: 2, property: 'shell' },
      labels: ['library-input'], description: 'is part of a command line run through a shell (shell: true)' },
    { id: `${id}.shell-no-args`, kind: 'command-injection', call: fn, args: [0], when: { arg: 1, property: 'shell' },
      labels: ['library-input'], description: 'is a command line run through a shell (shell: true)' },
    shellArgvSink(fn, id),
    nodeEvalSink(fn, id),
  ];
}

/** `spawn('sh', ['-c', line])`: the program is a shell told to run the line (taint/shell-argv.ts). */
export function shellArgvSink(fn: string, id: string): SinkSpec {
  return { id: `${id}.shell-argv`, kind: 'command-injection', call: fn, args: [1], shellArgv: true,
    description: 'is a command line a shell runs (sh -c, cmd /c)' };
}

/** `spawn(process.execPath, ['-e', code])`: Node.js runs the code its eval flag marks (taint/shell-argv.ts). */
export function nodeEvalSink(fn: string, id: string): SinkSpec {
  return { id: `${id}.node-eval`, kind: 'code-injection', call: fn, args: [1], shellArgv: 'node',
    description: 'is JavaScript a child Node.js process runs (node -e, -p)' };
}

const CHILD_PROCESS = ['child_process', 'mz.child_process', 'child-process-promise', 'promisify-child-process'];
/** Modules with the `fs` API (promise wrappers and drop-in replacements). */
const FS_MODULES = ['fs', 'fs.promises', 'fs-extra', 'graceful-fs', 'mz.fs', 'fs-extra.promises'];

const HTTP_CLIENT_LABELS: SinkSpec['labels'] = ['http'];

export const nodeCoreModel: TaintModel = {
  framework: 'node-core',
  sources: [
    { api: 'process.env', label: 'env', description: 'environment variables' },
    { api: 'process.argv', label: 'argv', description: 'command-line arguments' },
  ],
  sinks: [
    // Processes (and the promise wrappers with the same API)
    ...CHILD_PROCESS.flatMap((cp): SinkSpec[] => [
      { id: `${cp}.exec`, kind: 'command-injection', call: `${cp}.{exec,execSync}`,
        description: 'is a command line run by the shell' },
      ...spawnSinks(`${cp}.{spawn,spawnSync}`, `${cp}.spawn`),
      ...spawnSinks(`${cp}.{execFile,execFileSync}`, `${cp}.execFile`),
      { id: `${cp}.fork`, kind: 'command-injection', call: `${cp}.fork`, labels: NOT_LIBRARY_INPUT,
        description: 'is the module a child Node process runs' },
    ]),
    ...spawnSinks('cross-spawn', 'cross-spawn'),
    ...spawnSinks('cross-spawn.sync', 'cross-spawn.sync'),

    // Code
    { id: 'eval', kind: 'code-injection', call: 'eval', description: 'is evaluated as JavaScript' },
    { id: 'Function', kind: 'code-injection', call: 'Function', args: 'all',
      description: 'is compiled as the body of a new function' },
    // `Function.apply(null, [argName, source])`, `Function.call(null, argName, source)`: the same
    // constructor given its parameter names and body as an array or a list (template engines).
    { id: 'Function.apply', kind: 'code-injection', call: 'Function.apply', args: [1],
      description: 'is compiled as a new function (Function.apply)' },
    { id: 'Function.call', kind: 'code-injection', call: 'Function.call', args: 'all',
      description: 'is compiled as a new function (Function.call)' },
    // A library's timer argument is its caller's callback, not code text.
    { id: 'setTimeout-string', kind: 'code-injection', call: '{setTimeout,setInterval}', labels: NOT_LIBRARY_INPUT,
      description: 'is evaluated as JavaScript (a string passed to a timer)' },
    { id: 'worker_threads.Worker.eval', kind: 'code-injection', call: 'worker_threads.Worker', when: { arg: 1, property: 'eval' },
      description: 'is run as JavaScript in a worker thread (eval: true)' },
    { id: 'vm.run', kind: 'code-injection',
      call: 'vm.{runInNewContext,runInThisContext,runInContext,Script,compileFunction,SourceTextModule}',
      description: 'is run as JavaScript by the vm module (not a security boundary)' },

    // Files
    ...FS_MODULES.flatMap(fsSinks),
    { id: 'fs-extra.extra', kind: 'path-traversal', call: `fs-extra.{${FS_EXTRA}}`, description: 'is a file system path' },
    { id: 'fs-extra.copy', kind: 'path-traversal', call: 'fs-extra.{copy,copySync,move,moveSync}', args: [0, 1],
      description: 'is a file system path' },

    // Small file libraries that take a path first: mkdirp, rimraf, make-dir, write-file-atomic, jsonfile.
    ...['{mkdirp,rimraf,make-dir,write-file-atomic}', '{mkdirp,rimraf,make-dir,write-file-atomic}.sync', 'mkdirp.{native,manual,mkdirp}']
      .map((call, i): SinkSpec => ({ id: `fs-libs.path.${i}`, kind: 'path-traversal', call, description: 'is a file system path' })),
    { id: 'jsonfile.path', kind: 'path-traversal', call: 'jsonfile.{readFile,readFileSync,writeFile,writeFileSync}',
      description: 'is a file system path' },
    // fstream (tar and unzip writers of the Node 0.x era): Writer({ path }) or Writer(path).
    { id: 'fstream.Writer', kind: 'path-traversal', call: 'fstream.{Writer,Reader,DirWriter,FileWriter}', property: 'path',
      description: 'is the file or directory fstream writes' },
    { id: 'method.mv', kind: 'path-traversal', method: { name: 'mv', receiver: '' },
      description: 'is where an uploaded file is moved (express-fileupload mv)' },
    // Loading a module the client names runs its code (plugin loaders in libraries are normal, so
    // not for library-input).
    { id: 'require', kind: 'code-injection', call: 'require', labels: ['http', 'message', 'browser'],
      description: 'is the module loaded (and run) by require' },
    { id: 'mathjs.eval', kind: 'code-injection', call: 'mathjs.eval',
      description: 'is evaluated by mathjs (older versions run arbitrary JavaScript)' },

    // Outgoing requests
    // A URL string, or an options object's host: `host` and `hostname` are both read (hostname
    // wins when both are set). A path or port from input leaves the host fixed: not SSRF.
    { id: 'http.request', kind: 'ssrf', call: '{http,https}.{request,get}', property: 'hostname|host', labels: HTTP_CLIENT_LABELS,
      description: 'is the URL (or host) of an outgoing HTTP request' },
    { id: 'fetch', kind: 'ssrf', call: 'fetch', labels: HTTP_CLIENT_LABELS,
      description: 'is the URL of an outgoing request' },
    { id: 'net.connect', kind: 'ssrf', call: '{net,tls}.{connect,createConnection}', labels: HTTP_CLIENT_LABELS,
      description: 'is the address of an outgoing connection' },

    // Regular expressions
    { id: 'RegExp', kind: 'redos', call: 'RegExp', labels: ['http', 'message'],
      description: 'is compiled as a regular expression (catastrophic backtracking)' },
    // A library compiling its caller's whole argument is taking a pattern on purpose; splicing a
    // caller's string into its own pattern unescaped (`'(' + sep + '[A-Z])'`) treats data as regex.
    { id: 'RegExp.spliced', kind: 'redos', call: 'RegExp', labels: ['library-input'], requiresConcatenation: true,
      description: "is spliced unescaped into a regular expression the library builds (the caller's text becomes pattern syntax)" },
    { id: 'minimatch', kind: 'redos', call: '{minimatch,picomatch}', args: [1], labels: ['http', 'message'],
      description: 'is a glob pattern compiled to a regular expression' },
    { id: 'micromatch', kind: 'redos', call: 'micromatch.{isMatch,some,every}', args: [1], labels: ['http', 'message'],
      description: 'is a glob pattern compiled to a regular expression' },

    // Logs
    { id: 'console.log', kind: 'log-injection', call: 'console.{log,info,warn,error,debug,trace}', args: 'all',
      labels: ['http'], description: 'is written to the log unescaped (forged log lines)' },
  ],
  sanitizers: [
    { call: '{parseInt,parseFloat,Number,Boolean,isNaN,isFinite}', kinds: 'all', description: 'numeric or boolean conversion' },
    { call: 'Number.{parseInt,parseFloat,isInteger,isSafeInteger,isFinite,isNaN}', kinds: 'all', description: 'numeric conversion' },
    { call: 'Math.*', kinds: 'all', description: 'arithmetic' },
    { call: 'Date.{parse,now}', kinds: 'all', description: 'a number' },
    { call: 'Array.isArray', kinds: 'all', description: 'a boolean' },
    // Only what stays inside a URL component: no ':' or '/', so no scheme or host to redirect to.
    { call: 'encodeURIComponent', kinds: ['xss', 'header-injection', 'log-injection', 'open-redirect', 'ssrf', 'path-traversal'],
      description: 'URL component encoding' },
    { call: 'escape', kinds: ['xss', 'header-injection', 'log-injection', 'open-redirect', 'ssrf', 'path-traversal'],
      description: 'percent-encoding (the global escape())' },
    { call: 'encodeURI', kinds: ['header-injection', 'log-injection'], description: 'URL encoding (no CR/LF)' },
    { call: 'path.basename', kinds: ['path-traversal'], description: 'file name without directories' },
    // What a file holds is not the request data that named it (stored data is not a source here).
    ...FS_MODULES.map((m): SanitizerSpec => ({
      call: `${m}.{readFile,readFileSync,readdir,readdirSync,stat,statSync,lstat,lstatSync,access,existsSync,readJson,readJsonSync}`,
      kinds: 'all', description: 'file contents and metadata, not the path',
    })),
    { call: 'path.{extname}', kinds: ['path-traversal', 'command-injection', 'sql-injection'], description: 'a file extension' },
    { call: 'crypto.createHash().update().digest', kinds: 'all', description: 'a hash digest' },
    { call: 'crypto.createHmac().update().digest', kinds: 'all', description: 'an HMAC digest' },
    { call: 'crypto.{randomUUID,randomInt,timingSafeEqual}', kinds: 'all', description: 'not derived from input' },
    // Boolean and numeric results of string methods.
    { method: 'includes', kinds: 'all', description: 'a boolean' },
    { method: 'startsWith', kinds: 'all', description: 'a boolean' },
    { method: 'endsWith', kinds: 'all', description: 'a boolean' },
    { method: 'test', kinds: 'all', description: 'a boolean' },
    { method: 'has', kinds: 'all', description: 'a boolean' },
    { method: 'indexOf', kinds: 'all', description: 'a number' },
    { method: 'lastIndexOf', kinds: 'all', description: 'a number' },
    { method: 'localeCompare', kinds: 'all', description: 'a number' },
    { method: 'toFixed', kinds: 'all', description: 'a formatted number' },
    { method: 'toPrecision', kinds: 'all', description: 'a formatted number' },
    { method: 'getTime', kinds: 'all', description: 'a number' },
    { method: 'charCodeAt', kinds: 'all', description: 'a number' },
    { method: 'codePointAt', kinds: 'all', description: 'a number' },
    { method: 'toISOString', kinds: 'all', description: 'a formatted date' },
  ],
  propagators: [
    { call: 'Object.assign', from: [1, 2, 3, 4, 5], to: 0 },
    { call: 'Object.assign', from: [0, 1, 2, 3, 4, 5], to: 'return' },
  ],
};
