import { posix } from 'node:path';
import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, pypiPackage, skipped, unparsable } from './common.js';
import { trimEndChars } from '../../../../core/trim.js';

/**
 * pip requirements files (pip's "Requirements File Format"): one PEP 508 requirement or option
 * per logical line, `\` continues a line, `#` after whitespace starts a comment.
 *
 * A requirement pinned with `==X` (not a wildcard `==1.*`) or `===X` is `pinned` with version X.
 * Anything else (`>=1.2`, `~=1.4`, `!=1.3`, `==1.*`, a bare name) is reported with
 * `pinned: false` and `version` set to the specifier text (`*` for a bare name): never a
 * version a matcher could mistake for an installed one.
 *
 * URL, VCS and local-path requirements and `-e` lines are skipped with a `kind: 'other'` issue.
 */

/** A requirements entry: the common Package plus what the line said about it. */
export interface RequirementPackage extends Package {
  /** `pkg[security,socks]` → ['security', 'socks']. */
  extras?: string[];
  /** PEP 508 environment marker after `;` (`python_version < "3.8"`), as written. */
  marker?: string;
  /** `--hash=sha256:...` values, as written (`sha256:<hex>`). */
  hashes?: string[];
}

/**
 * A file named by `-r`/`--requirement` (its requirements are the project's too) or by
 * `-c`/`--constraint` (it only constrains versions of packages required elsewhere).
 */
export interface RequirementInclude {
  kind: 'requirement' | 'constraint';
  /**
   * Path resolved against the including file's directory, POSIX and normalised, in the same
   * space as `source` (relative to the scan root; may start with `../` or be absolute when the
   * file says so: the scanner decides whether to follow).
   */
  path: string;
  /** The argument as written. */
  raw: string;
  /** Line of the option in the including file. */
  line: number;
}

/**
 * The extractor sees one file, so includes are returned, not followed: the scanner reads each
 * `includes[].path` it has (or use `collectRequirements`, which does it with a reader and a
 * cycle guard) and extracts it with this same extractor.
 */
export interface RequirementsResult extends ExtractResult {
  packages: RequirementPackage[];
  includes: RequirementInclude[];
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
// PEP 440 version text (`===` admits any string without spaces, but no operator characters here)
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s*([A-Za-z0-9][A-Za-z0-9.*+!_-]*)$/;
const DEV_WORDS = /(^|[-_./])(dev|devel|develop|development|test|tests|testing|lint|linting|docs?|ci|typing)([-_./]|$)/i;

/** `requirements.txt`, `requirements-dev.txt`, `dev-requirements.txt`, `requirements/base.txt`. */
export function isRequirementsPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const base = baseName(p).toLowerCase();
  if (!base.endsWith('.txt')) return false;
  if (/(^|[-_.])requirements([-_.].*)?\.txt$/.test(base)) return true;
  const parts = p.split('/');
  return parts.length >= 2 && parts[parts.length - 2]!.toLowerCase() === 'requirements';
}

/** A requirements file for development only, by its name (`requirements-dev.txt`, `requirements/test.txt`). */
export function isDevRequirementsPath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const tail = parts.slice(-2).join('/').toLowerCase().replace(/\.txt$/, '');
  return DEV_WORDS.test(tail.replace(/requirements?/g, '-'));
}

interface LogicalLine {
  line: number;
  text: string;
}

/**
 * `text` without its comment: a `#` at the start or after whitespace, to the end, with the
 * whitespace before it. As `text.replace(/(^|\s+)#.*$/, '')` (where `.` stops at a line
 * terminator, so only a `#` after the last one counts), but linear on long whitespace runs.
 */
function stripComment(text: string): string {
  const from = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'), text.lastIndexOf('\u2028'), text.lastIndexOf('\u2029')) + 1;
  for (let q = text.indexOf('#', from); q !== -1; q = text.indexOf('#', q + 1)) {
    if (q > 0 && !/\s/.test(text.charAt(q - 1))) continue;
    let p = q;
    while (p > 0 && /\s/.test(text.charAt(p - 1))) p--;
    return text.slice(0, p);
  }
  return text;
}

/** Join `\` continuations (a comment line ends a continuation, as pip does) and drop comments. */
function logicalLines(content: string): LogicalLine[] {
  const phys = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: LogicalLine[] = [];
  let acc: string[] = [];
  let start = 0;
  for (let i = 0; i < phys.length; i++) {
    const raw = phys[i]!;
    const isComment = /^\s*#/.test(raw);
    const trimmedEnd = trimEndChars(raw, ' \t');
    if (!isComment && trimmedEnd.endsWith('\\')) {
      if (acc.length === 0) start = i + 1;
      acc.push(trimmedEnd.slice(0, -1));
      continue;
    }
    if (acc.length > 0) {
      if (!isComment) acc.push(raw);
      out.push({ line: start, text: acc.join('') });
      acc = [];
      if (!isComment) continue;
    }
    out.push({ line: i + 1, text: raw });
  }
  if (acc.length > 0) out.push({ line: start, text: acc.join('') });
  return out
    .map((l) => ({ line: l.line, text: stripComment(l.text).trim() }))
    .filter((l) => l.text !== '');
}

/** Index of the first ` -x`/` --x` option outside quotes, or -1. */
function optionStart(s: string): number {
  let quote = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '-' && /\s/.test(s[i - 1]!) && /[-A-Za-z]/.test(s[i + 1] ?? '')) return i;
  }
  return -1;
}

const INCLUDE_OPTS: Record<string, 'requirement' | 'constraint'> = {
  '-r': 'requirement',
  '--requirement': 'requirement',
  '-c': 'constraint',
  '--constraint': 'constraint',
};

function resolveInclude(source: string, raw: string): string {
  const arg = raw.replace(/\\/g, '/');
  if (arg.startsWith('/') || /^[A-Za-z]:\//.test(arg)) return posix.normalize(arg);
  const dir = posix.dirname(source.replace(/\\/g, '/'));
  return posix.normalize(posix.join(dir, arg));
}

function looksLikeUrlOrPath(req: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(req) || /^file:/i.test(req)) return 'URL or VCS requirement';
  if (/^(git|hg|svn|bzr)\+/i.test(req)) return 'VCS requirement';
  if (/^[.~/\\]/.test(req) || /^[A-Za-z]:[\\/]/.test(req)) return 'local path requirement';
  const head = /^[^\s;<>=!~[(]+/.exec(req)?.[0] ?? '';
  if (head.includes('/') || head.includes('\\')) return 'local path requirement';
  if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar)$/i.test(head)) return 'archive requirement';
  return undefined;
}

// The option and requirement splits below are loops, not one regex: a name run followed by `.*`
// is retried with each shorter name when the rest fails (quadratic). They keep that regex's
// results, including failing where `.` would stop at a line terminator.
const TERMINATOR = /[\n\r\u2028\u2029]/;

/** `--opt=value`, `--opt value`, `-rfile`: as /^(--?[A-Za-z][A-Za-z-]*)(?:=|\s+)?(.*)$/. */
function splitOption(text: string): { opt: string; arg: string } | undefined {
  const opt = /^--?[A-Za-z][A-Za-z-]*/.exec(text)?.[0];
  if (opt === undefined) return undefined;
  const rest = text.slice(opt.length);
  const arg = rest.startsWith('=') ? rest.slice(1) : rest.replace(/^\s+/, '');
  return TERMINATOR.test(arg) ? undefined : { opt, arg };
}

/** `name [extras] rest`: as /^([^\s[<>=!~;(@]+)\s*(?:\[([^\]]*)\])?\s*(.*)$/. */
function splitRequirement(body: string): { name: string; extras: string | undefined; rest: string } | undefined {
  const name = /^[^\s[<>=!~;(@]+/.exec(body)?.[0];
  if (name === undefined) return undefined;
  let rest = body.slice(name.length).replace(/^\s+/, '');
  let extras: string | undefined;
  const close = rest.startsWith('[') ? rest.indexOf(']') : -1;
  if (close !== -1) {
    extras = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^\s+/, '');
  }
  return TERMINATOR.test(rest) ? undefined : { name, extras, rest };
}

export function extractRequirements(file: { path: string; content: string }): RequirementsResult {
  const packages: RequirementPackage[] = [];
  const issues: ScanIssue[] = [];
  const includes: RequirementInclude[] = [];
  const dev = isDevRequirementsPath(file.path);

  for (const { line, text } of logicalLines(file.content)) {
    if (text.startsWith('-')) {
      const o = splitOption(text);
      const opt = o?.opt ?? text;
      let arg = (o?.arg ?? '').trim();
      // `-rfile.txt` / `-cfile.txt`: short option glued to its value
      let kind = INCLUDE_OPTS[opt];
      if (!kind && /^-[rc]\S/.test(text)) {
        kind = INCLUDE_OPTS[text.slice(0, 2)];
        arg = text.slice(2).trim();
      }
      if (kind) {
        arg = arg.replace(/^["']|["']$/g, '');
        if (!arg) issues.push(unparsable(file.path, `${opt} without a file name`, line));
        else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(arg))
          issues.push(skipped(file.path, `skipped remote ${kind} file ${arg}: not followed`, line));
        else includes.push({ kind, path: resolveInclude(file.path, arg), raw: arg, line });
      } else if (opt === '-e' || opt === '--editable' || /^-e\S/.test(text)) {
        issues.push(skipped(file.path, `skipped editable requirement ${arg || text.slice(2)}: not a registry package`, line));
      }
      // every other option (--index-url, --hash on its own, --pre, ...) says nothing about packages
      continue;
    }

    const optAt = optionStart(text);
    const req = (optAt < 0 ? text : text.slice(0, optAt)).trim();
    const opts = optAt < 0 ? '' : text.slice(optAt);
    const hashes = [...opts.matchAll(/--hash(?:=|\s+)(\S+)/g)].map((h) => h[1]!);

    const urlKind = looksLikeUrlOrPath(req);
    if (urlKind) {
      issues.push(skipped(file.path, `skipped ${urlKind} ${req}: not a registry package`, line));
      continue;
    }

    const semi = req.indexOf(';');
    const body = (semi < 0 ? req : req.slice(0, semi)).trim();
    const marker = semi < 0 ? undefined : req.slice(semi + 1).trim();

    const nm = splitRequirement(body);
    const name = nm?.name ?? '';
    if (!nm || !NAME.test(name)) {
      issues.push(unparsable(file.path, `not a requirement: ${text.slice(0, 120)}`, line));
      continue;
    }
    let rest = nm.rest.trim();
    if (rest.startsWith('@')) {
      issues.push(skipped(file.path, `skipped direct reference ${name} ${rest.slice(0, 120)}: not a registry package`, line));
      continue;
    }
    const extras = nm.extras
      ?.split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();

    let version = '*';
    let pinned = false;
    if (rest !== '') {
      const clauses = rest.split(',').map((c) => c.trim());
      const parsed = clauses.map((c) => CLAUSE.exec(c));
      if (parsed.some((p) => !p)) {
        issues.push(unparsable(file.path, `bad version specifier for ${name}: ${rest.slice(0, 120)}`, line));
        continue;
      }
      const exact = parsed.find((p) => (p![1] === '==' && !p![2]!.endsWith('.*')) || p![1] === '===');
      if (exact) {
        version = exact[2]!;
        pinned = true;
      } else {
        version = clauses.map((c) => c.replace(/\s+/g, '')).join(',');
      }
    }

    const pkg: RequirementPackage = pypiPackage({ name, version, pinned, direct: true, dev, source: file.path, line });
    if (extras && extras.length > 0) pkg.extras = extras;
    if (marker) pkg.marker = marker;
    if (hashes.length > 0) pkg.hashes = hashes;
    packages.push(pkg);
  }
  return { packages, issues, includes };
}

export const extractor: Extractor = {
  id: 'pypi/requirements',
  ecosystem: 'PyPI',
  accepts: isRequirementsPath,
  extract: extractRequirements,
};

/**
 * Follow a requirements file's includes as pip does, with a reader the scanner supplies
 * (returns undefined for a file it does not have). `-r` files add their requirements; `-c`
 * files only constrain: a requirement left unpinned by the requirement files becomes pinned
 * when a constraints file pins that name (pip installs exactly that), and constraint-only
 * names are not packages. Each file is read once (cycle guard); a missing include is an issue.
 * Packages keep the `source` and `line` of the requirement line.
 */
export function collectRequirements(
  entry: string,
  read: (path: string) => string | undefined,
): { packages: RequirementPackage[]; issues: ScanIssue[]; files: string[] } {
  const seen = new Set<string>();
  const reqs: RequirementPackage[] = [];
  const cons: RequirementPackage[] = [];
  const issues: ScanIssue[] = [];
  const walk = (path: string, kind: 'requirement' | 'constraint', from?: RequirementInclude & { source: string }) => {
    if (seen.has(path)) return;
    seen.add(path);
    const content = read(path);
    if (content === undefined) {
      if (from) issues.push(unparsable(from.source, `${from.raw} (${path}) not found`, from.line));
      else issues.push(unparsable(path, 'requirements file not found'));
      return;
    }
    const r = extractRequirements({ path, content });
    (kind === 'requirement' ? reqs : cons).push(...r.packages);
    issues.push(...r.issues);
    for (const inc of r.includes) {
      // a file included by a constraints file only constrains
      walk(inc.path, kind === 'constraint' ? 'constraint' : inc.kind, { ...inc, source: path });
    }
  };
  walk(entry, 'requirement');
  const pins = new Map<string, string>();
  for (const c of cons) if (c.pinned && !pins.has(c.name)) pins.set(c.name, c.version);
  const packages = reqs.map((p) => {
    const v = pins.get(p.name);
    if (p.pinned || v === undefined) return p;
    return { ...pypiPackage({ ...p, version: v, pinned: true }), ...pick(p) };
  });
  return { packages, issues, files: [...seen] };
}

function pick(p: RequirementPackage): Partial<RequirementPackage> {
  const o: Partial<RequirementPackage> = {};
  if (p.extras) o.extras = p.extras;
  if (p.marker) o.marker = p.marker;
  if (p.hashes) o.hashes = p.hashes;
  return o;
}
