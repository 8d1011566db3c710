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
