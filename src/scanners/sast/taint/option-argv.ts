/**
 * Argument (option) injection: `spawn('git', ['clone', url, dir])` runs no shell, but a `url` of
 * `--upload-pack=touch /tmp/x` is read by git as an option, and options of git, ssh, tar, find,
 * curl, rsync … run commands or write files. The argument array of a program from a known list is
 * a sink for the elements that can start with '-':
 *   - before an end-of-options `--` (everything after it is an operand);
 *   - not the value of a preceding option (`['-m', msg]`, `--format=${x}`) unless that option
 *     itself runs or writes something (`['--upload-pack', x]`, `-o ${x}` for ssh);
 *   - not text that starts with a literal other than '-' (`origin/${branch}`, `https://${host}`),
 *     nor a URL parsed and rebuilt (`u.href`, `u.toString()` of a `new URL(…)`);
 *   - but a literal '-' prefix with no '=' (`'--' + name`) makes the input an option name.
 * Elements added by spread (`...userArgs.split(' ')`) or push are judged as a whole: a sink unless
 * the function writes a `'--'` literal (pushed before them).
 */
import { memberName, unwrap } from '../ir/api-names.js';
import type { AnyNode } from '../parse/walk.js';
import { F_ARRAY_LIT, allFlows, makeValue, mergeFlows, type Flow, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** Elements an array value keeps as fields (transfer.ts evalArray). */
const MAX_ELEMENTS = 32;

/**
 * Programs whose options can run commands, read or write files or change where they connect.
 * Not interpreters (node, python …): what follows their script is the script's, not theirs, and a
 * program list is what a launcher (`spawn('node', [bin, ...dargs(options)])`) is for.
 */
const PROGRAMS = new Set([
  'git', 'hg', 'svn', 'curl', 'wget', 'ssh', 'scp', 'sftp', 'rsync', 'tar', 'zip', '7z', 'find', 'sed', 'awk', 'gawk',
  'npm', 'npx', 'yarn', 'pnpm', 'pip', 'psql', 'mysql', 'less', 'man', 'wkhtmltopdf', 'pandoc',
]);
/** Options (by program) whose value is a command, code, a config that names one, or a file to write. */
const DANGEROUS: Record<string, string[]> = {
  git: ['--upload-pack', '--receive-pack', '--exec', '-u', '-c', '--config', '--template', '--config-env', '--output', '-o', '--ext-diff'],
  hg: ['--config', '--ssh', '-e', '--remotecmd', '--debugger'],
  svn: ['--config-option', '--config-dir', '--diff-cmd', '--editor-cmd'],
  ssh: ['-o', '-F', '-S', '-E'], scp: ['-o', '-F', '-S'], sftp: ['-o', '-F', '-S'],
  rsync: ['-e', '--rsh', '--rsync-path', '--log-file', '--write-batch'],
  tar: ['--to-command', '--checkpoint-action', '-I', '--use-compress-program', '--rsh-command', '--info-script', '-F', '--new-volume-script'],
  zip: ['-TT', '--unzip-command'],
  find: ['-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprintf', '-fls', '-fprint0'],
  curl: ['-o', '--output', '-K', '--config', '-T', '--upload-file', '-D', '--dump-header', '-c', '--cookie-jar', '--trace'],
  wget: ['-O', '--output-document', '-e', '--execute', '--post-file', '-i', '--input-file', '-o', '--output-file'],
  sed: ['-e', '--expression', '-f', '--file'], awk: ['-f', '-v'], gawk: ['-f', '-v'],
  npx: ['-c', '--call', '-p', '--package'], npm: ['--prefix', '--userconfig', '--globalconfig'],
  psql: ['-c', '--command', '-f', '--file', '-o', '--output'], mysql: ['-e', '--execute'],
  less: ['-o', '--log-file'],
};
/** Options that take no value: an element after one is an operand again. */
const FLAGS = new Set([
  '-q', '--quiet', '-v', '--verbose', '--bare', '--mirror', '--recursive', '--recurse-submodules', '-r', '-R', '-f',
  '--force', '--all', '-a', '--single-branch', '--progress', '--porcelain', '--oneline', '-s', '--silent', '-L',
  '--location', '-k', '--insecure', '-x', '-z', '-j', '-l', '-h', '--no-pager', '-p', '--prune', '--tags', '--shallow-submodules',
  '-sS', '-fsSL', '-sL', '-fL', '-xzf', '-xf', '-czf', '-cf', '-zxvf', '-xzvf', '-xvf', '-cvf', '-czvf', '-P', '-N',
]);
/**
 * Per program, options that take a value where FLAGS says they take none (getopt binds the next
 * element to them, so it is data, not an option): `ssh -l user -p port`, `psql -h host`.
 */
const VALUED: Record<string, string[]> = {
  ssh: ['-B', '-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-P', '-p', '-Q', '-R', '-S', '-W', '-w'],
  scp: ['-c', '-D', '-F', '-i', '-J', '-l', '-o', '-P', '-S', '-X'],
  sftp: ['-B', '-b', '-c', '-D', '-F', '-i', '-J', '-l', '-o', '-P', '-R', '-S', '-X'],
  psql: ['-c', '-d', '-f', '-F', '-h', '-L', '-o', '-p', '-P', '-R', '-T', '-U', '-v'],
  mysql: ['-D', '-e', '-h', '-P', '-S', '-u'],
};
/** Per program, options that take no value beyond FLAGS (`psql -l` lists databases; mysql's `-p` password is attached or prompted). */
const UNVALUED: Record<string, string[]> = {
  ssh: ['-4', '-6', '-A', '-a', '-C', '-f', '-G', '-g', '-K', '-k', '-M', '-N', '-n', '-q', '-s', '-T', '-t', '-V', '-v', '-X', '-x', '-Y', '-y'],
  scp: ['-3', '-4', '-6', '-A', '-B', '-C', '-O', '-p', '-q', '-R', '-r', '-s', '-T', '-v'],
  sftp: ['-4', '-6', '-A', '-a', '-C', '-f', '-N', '-p', '-q', '-r', '-v'],
  psql: ['-a', '-A', '-b', '-e', '-E', '-H', '-l', '-n', '-q', '-s', '-S', '-t', '-w', '-W', '-x', '-X', '-z', '-0', '-1'],
  mysql: ['-p', '-B', '-E', '-H', '-N', '-n', '-q', '-r', '-s', '-t', '-v', '-X'],
};

/** Does `option` of `program` take no value (the next element is an operand again)? */
function noValue(program: string, option: string): boolean {
  if (VALUED[program]?.includes(option)) return false;
  return (UNVALUED[program]?.includes(option) ?? false) || FLAGS.has(option);
}

function dangerous(program: string, option: string): boolean {
  return DANGEROUS[program]?.includes(option) ?? false;
}

/** The basename of a program literal (`/usr/bin/git` → git, `git.exe` → git). */
function programOf(program: Value | undefined): string | undefined {
  if (typeof program?.lit !== 'string') return undefined;
  const base = program.lit.slice(Math.max(program.lit.lastIndexOf('/'), program.lit.lastIndexOf('\\')) + 1).toLowerCase().replace(/\.exe$/, '');
  return PROGRAMS.has(base) ? base : undefined;
}

/** An option literal's name: `--format=%H` → `--format` (with `=`: its value is attached). */
function optionName(lit: string): { name: string; attached: boolean } {
  const eq = lit.indexOf('=');
  return eq < 0 ? { name: lit, attached: false } : { name: lit.slice(0, eq), attached: true };
}

/** The literal text an element node starts with ('' when it starts with a value), or undefined when unknown. */
function literalPrefix(n: N | undefined): string | undefined {
  if (!n) return undefined;
  const x = unwrap(n);
  if (x.type === 'TemplateLiteral') return String(x.quasis[0]?.value.cooked ?? '');
  if (x.type === 'BinaryExpression' && x.operator === '+') {
    let left = unwrap(x.left);
    while (left.type === 'BinaryExpression' && left.operator === '+') left = unwrap(left.left);
    return left.type === 'Literal' && typeof left.value === 'string' ? left.value : '';
  }
  return '';
}

/** `href`/`origin` (or `toString()`) of a `new URL(…)` value (transfer.ts readMember gives it the api path `URL().href`). */
const URL_TEXT = /(?:^|\.)URL\(\)\.(?:href|origin|toString\(\))$/;

/**
 * `u.href`, `u.toString()`, `url.format(u)`, `new URL(x).href`: a URL parsed and written back starts
 * with its scheme. `u` must be a `new URL(…)`: the member name alone (`req.body.href`) is request data.
 */
function rebuiltUrl(n: N | undefined, v: Value): boolean {
  if (v.api !== undefined && URL_TEXT.test(v.api)) return true;
  if (!n) return false;
  const x = unwrap(n);
  if (x.type === 'CallExpression') {
    const c = unwrap(x.callee);
    const m = c.type === 'MemberExpression' ? memberName(c) : undefined;
    if (m === 'format' && c.type === 'MemberExpression' && unwrap(c.object).type === 'Identifier' && /^url$/i.test(unwrap(c.object).name)) return true;
    return m === 'toString' && c.type === 'MemberExpression' && unwrap(c.object).type === 'NewExpression';
  }
  return false;
}

/**
 * The argument array's elements an attacker could turn into options of `program`: a value
 * carrying their taint, or undefined when the program is not in the list or nothing is injectable.
 * `arrayNode` is the array literal when the call has one (for element text prefixes and spreads);
 * `endMarker` says the calling function writes a `'--'` literal somewhere (pushed separators);
 * `options` is the spawn options argument.
 */
export function optionInjectable(
  program: Value | undefined, argv: Value | undefined, options: Value | undefined, arrayNode: N | undefined, endMarker: boolean,
): Value | undefined {
  const prog = programOf(program);
  if (!prog || !argv) return undefined;
  // Under `shell: true` the arguments are a command line: that is command injection (node-core.ts).
  if (options?.fields?.get('shell')?.lit) return undefined;
  const els = argv.fields;
  const elNodes = arrayNode?.type === 'ArrayExpression' ? (arrayNode.elements as (N | null)[]) : undefined;
  let flows: Flow[] = [];
  const seen = new Set<string>();
  let ended = false;
  let spreadBeforeEnd = false;
  let prev: string | undefined;
  const count = Math.max(elNodes?.length ?? 0, els ? MAX_ELEMENTS : 0);
  for (let i = 0; i < count; i++) {
    const node = elNodes?.[i] ?? undefined;
    // A spread's elements are not fields (transfer.ts evalArray); its taint is judged below.
    if (node?.type === 'SpreadElement') {
      if (!ended) spreadBeforeEnd = true;
      prev = undefined;
      continue;
    }
    const v = els?.get(String(i));
    if (!v) continue;
    const fl = allFlows(v);
    for (const f of fl) seen.add(f.src);
    if (typeof v.lit === 'string') {
      if (v.lit === '--') ended = true;
      prev = v.lit;
      continue;
    }
    const before = prev;
    prev = undefined;
    if (ended || fl.length === 0 || rebuiltUrl(node, v)) continue;
    const prefix = literalPrefix(node);
    if (prefix !== undefined && prefix !== '') {
      // `--upload-pack=${x}`: the value of an attached option, injection only for a dangerous one;
      // before any '=' (`'--' + name`, `--${k}=${v}`) the input is part of the option's name;
      // text starting with anything else (`origin/${b}`) cannot be read as an option.
      if (prefix.startsWith('-') && (!prefix.includes('=') || dangerous(prog, optionName(prefix).name))) flows = mergeFlows(flows, fl);
      continue;
    }
    if (before !== undefined && before.startsWith('-') && before !== '-' && !optionName(before).attached && !noValue(prog, before)) {
      // The value of the option before it (`-m msg`), read as data, unless the option runs or writes something.
      if (dangerous(prog, before)) flows = mergeFlows(flows, fl);
      continue;
    }
    flows = mergeFlows(flows, fl);
  }
  // Elements the fields do not hold: spread in the literal before any '--', or pushed onto a
  // variable's array (unless the function writes a '--' literal, taken to be pushed first).
  let rest = (argv.flows ?? []).filter((f) => !seen.has(f.src));
  // A whole argument list handed in by a caller (`function git(args) { spawn('git', args) }`) is
  // the caller's choice of options, like the program a process helper runs; request data split
  // into one (`req.query.args.split(' ')`) is not.
  // So is one spread whole into a literal with fixed options (`[...BASE_ARGS, ...args]`): a spread
  // of a name passes its caller's list on; a spread of request data (`...req.body.files`) does not.
  const wholeLists = elNodes !== undefined && elNodes.every((e) => e?.type !== 'SpreadElement' || e.argument?.type === 'Identifier');
  if ((!elNodes && ((argv.flags ?? 0) & F_ARRAY_LIT) === 0) || (wholeLists && spreadBeforeEnd)) rest = rest.filter((f) => f.param === -2);
  if (rest.length > 0 && (elNodes ? spreadBeforeEnd : !ended && !endMarker)) flows = mergeFlows(flows, rest);
  return flows.length > 0 ? makeValue(flows) : undefined;
}
