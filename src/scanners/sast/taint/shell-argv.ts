/**
 * `spawn('sh', ['-c', line])`, `execFile('cmd.exe', ['/c', line])`: a program that is a shell,
 * given its command flag, runs the next argument as a command line; no `shell: true` is needed
 * for that to be command injection. Other argument arrays (`spawn('git', ['log', x])`) are argv.
 */
import { allFlows, makeValue, mergeFlows, type Flow, type Value } from './value.js';

/** POSIX shells: `-c` (also in a group, `-lc`, `-ec`) makes the next argument the script. */
const POSIX = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
// The first run excludes `c`, so each flag string matches one way only (linear, and our own ReDoS rule agrees).
const POSIX_FLAG = /^-[abd-z]*c[a-z]*$/i;
/** cmd.exe `/c` / `/k` and PowerShell `-Command`: every argument after the flag is joined into the line. */
const CMD_FLAG = /^\/[ck]$/i;
const PWSH_FLAG = /^-(?:c|command|e|ec|encodedcommand)$/i;

/** The shell family a program literal names (`/bin/bash`, `C:\\Windows\\System32\\cmd.exe`). */
function shellOf(program: Value | undefined): 'posix' | 'cmd' | 'pwsh' | undefined {
  if (typeof program?.lit !== 'string') return undefined;
  const base = program.lit.slice(Math.max(program.lit.lastIndexOf('/'), program.lit.lastIndexOf('\\')) + 1).toLowerCase().replace(/\.exe$/, '');
  if (POSIX.has(base)) return 'posix';
  if (base === 'cmd') return 'cmd';
  if (base === 'powershell' || base === 'pwsh') return 'pwsh';
  return undefined;
}

/**
 * The part of an argument array (`argv`, element values by index) that the shell `program` runs as
 * a command line: a value carrying those elements' taint, or undefined when the program is not a
 * shell, no command flag is found, or the array's elements are not known.
 */
export function shellCommandLine(program: Value | undefined, argv: Value | undefined): Value | undefined {
  const shell = shellOf(program);
  const els = argv?.fields;
  if (!shell || !els) return undefined;
  const flag = shell === 'posix' ? POSIX_FLAG : shell === 'cmd' ? CMD_FLAG : PWSH_FLAG;
  for (let i = 0; els.has(String(i)); i++) {
    const lit = els.get(String(i))!.lit;
    if (typeof lit !== 'string' || !flag.test(lit)) continue;
    let flows: Flow[] = [];
    // sh runs only the next argument (the ones after it are $0, $1 …); cmd and PowerShell join the rest.
    for (let j = i + 1; els.has(String(j)); j++) {
      flows = mergeFlows(flows, allFlows(els.get(String(j))));
      if (shell === 'posix') break;
    }
    return flows.length > 0 ? makeValue(flows) : undefined;
  }
  return undefined;
}

/** Node.js by name or path (`/usr/bin/node`, `node.exe`), or the running Node itself. */
const NODE_NAMES = new Set(['node', 'nodejs']);
const NODE_APIS = new Set(['process.execPath', 'process.argv0', 'process.argv.0']);
/** `-e`, `-p`, `--eval`, `--print`, and short groups ending in one of them (`-pe`): the next argument is the code. */
const NODE_EVAL_FLAG = /^(?:-[a-z]*[ep]|--eval|--print)$/i;
/** `--eval=code` / `--print=code`: the code in the same argument. */
const NODE_EVAL_JOINED = /^--(?:eval|print)=/i;

function isNode(program: Value | undefined): boolean {
  if (program?.api !== undefined && NODE_APIS.has(program.api)) return true;
  if (typeof program?.lit !== 'string') return false;
  const base = program.lit.slice(Math.max(program.lit.lastIndexOf('/'), program.lit.lastIndexOf('\\')) + 1).toLowerCase().replace(/\.exe$/, '');
  return NODE_NAMES.has(base);
}

/**
 * `spawn(process.execPath, ['-e', code])`: the JavaScript a Node.js program is told to run, as a
 * value carrying that argument's taint; undefined when the program is not Node or no eval flag is
 * found. A script path with arguments (`node script.js x`) is argv, not code.
 */
export function nodeEvalCode(program: Value | undefined, argv: Value | undefined): Value | undefined {
  const els = argv?.fields;
  if (!els || !isNode(program)) return undefined;
  for (let i = 0; els.has(String(i)); i++) {
    const el = els.get(String(i))!;
    const lit = el.lit;
    // An element not known as text may be the script path (options after it are the script's):
    // stop there, as at a literal `--eval=code`, whose code is fixed.
    if (typeof lit !== 'string' || NODE_EVAL_JOINED.test(lit)) return undefined;
    // Node stops reading its own options at the script path: later flags are the script's.
    if (!lit.startsWith('-')) return undefined;
    if (!NODE_EVAL_FLAG.test(lit)) continue;
    const code = els.get(String(i + 1));
    const flows = allFlows(code);
    return flows.length > 0 ? makeValue(flows) : undefined;
  }
  return undefined;
}
