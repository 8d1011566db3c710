import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, GO_VERSION, goPackage, isLocalPath, skipped, unparsable } from './common.js';

/**
 * go.mod (https://go.dev/ref/mod#go-mod-file). Every `require` (single line or block) is a
 * package; `// indirect` makes it transitive (direct: false). The main module (`module`) is
 * not a package. `go`, `toolchain`, `godebug`, `tool`, `ignore`, `exclude` and `retract` say
 * nothing about which versions are built and are read only for `goVersion`/`toolchain`.
 *
 * `replace`: a requirement replaced by another module (`old [v] => new vN`) is reported as the
 * replacement (name and version of `new`; `replaces` names the original), at the require line;
 * a version-specific replace wins over a path-wide one. A requirement replaced by a local
 * directory (`=> ../fork`) is skipped with a `kind: 'other'` issue.
 *
 * Since Go 1.17 (`go 1.17` or later) go.mod lists every module that provides a package to the
 * build, indirect ones included, so go.mod alone is the build list; see `combineGoModSum` in
 * go-sum.ts for older files.
 */
export interface GoPackage extends Package {
  /** `path@version` of the required module this one replaces. */
  replaces?: string;
}

export interface GoModResult extends ExtractResult {
  packages: GoPackage[];
  /** The main module's path. */
  module?: string;
  /** The `go` directive (`1.22`, `1.21.0`). */
  goVersion?: string;
  /** The `toolchain` directive (`go1.22.1`). */
  toolchain?: string;
}

interface Token {
  text: string;
}

interface Stmt {
  verb: string;
  args: string[];
  comment: string;
  line: number;
}

/** Split one line into tokens (quoted strings unquoted) and its `//` comment. */
function tokenize(line: string): { tokens: Token[]; comment: string } | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') return { tokens, comment: line.slice(i + 2).trim() };
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) return undefined;
      try {
        tokens.push({ text: JSON.parse(line.slice(i, j + 1)) as string });
      } catch {
        return undefined;
      }
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = line.indexOf('`', i + 1);
      if (j < 0) return undefined;
      tokens.push({ text: line.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ text: c });
      i++;
      continue;
    }
    if (c === '=' && line[i + 1] === '>') {
      tokens.push({ text: '=>' });
      i += 2;
      continue;
    }
    let j = i;
    while (j < line.length && !/[\s"`()]/.test(line[j]!) && !(line[j] === '/' && line[j + 1] === '/') && !(line[j] === '=' && line[j + 1] === '>')) j++;
    if (j === i) j = i + 1; // never stall on a character no rule above takes
    tokens.push({ text: line.slice(i, j) });
    i = j;
  }
  return { tokens, comment: '' };
}

const BLOCK_VERBS = new Set(['require', 'replace', 'exclude', 'retract', 'godebug', 'tool', 'ignore']);
const KNOWN = new Set(['module', 'go', 'toolchain', ...BLOCK_VERBS]);

export function extractGoMod(file: { path: string; content: string }): GoModResult {
  const issues: ScanIssue[] = [];
  const stmts: Stmt[] = [];
  const lines = file.content.replace(/^\uFEFF/, '').split('\n');
  let block: { verb: string; line: number } | undefined;
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const t = tokenize(raw);
    if (!t) {
      issues.push(unparsable(file.path, 'unterminated quoted string', line));
      return;
    }
    const words = t.tokens.map((x) => x.text);
    if (words.length === 0) return;
    if (block) {
      if (words[0] === ')') {
        block = undefined;
        return;
      }
      stmts.push({ verb: block.verb, args: words, comment: t.comment, line });
      return;
    }
    const verb = words[0]!;
    if (words[1] === '(') {
      if (words[2] === ')') return; // `require ()`
      if (!BLOCK_VERBS.has(verb)) issues.push(unparsable(file.path, `unknown block ${verb} (`, line));
      block = { verb, line };
      return;
    }
    stmts.push({ verb, args: words.slice(1), comment: t.comment, line });
  });
  if (block) issues.push(unparsable(file.path, `${block.verb} block opened here is never closed (truncated file?)`, block.line));

  const result: GoModResult = { packages: [], issues };
  const requires: { path: string; version: string; indirect: boolean; line: number }[] = [];
  const replaces: { old: string; oldVersion?: string; target: string; version?: string; line: number }[] = [];
  for (const s of stmts) {
    switch (s.verb) {
      case 'module':
        if (s.args[0]) result.module = s.args[0];
        else issues.push(unparsable(file.path, 'module directive without a path', s.line));
        break;
      case 'go':
        if (s.args[0]) result.goVersion = s.args[0];
        break;
      case 'toolchain':
        if (s.args[0]) result.toolchain = s.args[0];
        break;
      case 'require': {
        const [path, version] = s.args;
        if (!path || !version || s.args.length !== 2) {
          issues.push(unparsable(file.path, `require needs a module path and a version: ${s.args.join(' ')}`, s.line));
        } else if (!GO_VERSION.test(version)) {
          issues.push(unparsable(file.path, `require ${path}: ${version} is not a module version`, s.line));
        } else {
          requires.push({ path, version, indirect: /^indirect(;|$)/.test(s.comment), line: s.line });
        }
        break;
      }
      case 'replace': {
        const arrow = s.args.indexOf('=>');
        const left = arrow < 0 ? [] : s.args.slice(0, arrow);
        const right = arrow < 0 ? [] : s.args.slice(arrow + 1);
        if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
          issues.push(unparsable(file.path, `replace needs \`old [version] => new [version]\`: ${s.args.join(' ')}`, s.line));
          break;
        }
        const target = right[0]!;
        if (right.length === 1 && !isLocalPath(target)) {
          issues.push(unparsable(file.path, `replace ${left[0]} => ${target}: a module replacement needs a version`, s.line));
          break;
        }
        const r: (typeof replaces)[number] = { old: left[0]!, target, line: s.line };
        if (left[1]) r.oldVersion = left[1];
        if (right[1]) r.version = right[1];
        replaces.push(r);
        break;
      }
      case 'exclude':
      case 'retract':
      case 'godebug':
      case 'tool':
      case 'ignore':
        break;
      default:
        if (!KNOWN.has(s.verb)) issues.push(skipped(file.path, `unknown go.mod directive ${s.verb}: ignored`, s.line));
    }
  }

  for (const req of requires) {
    const rep =
      replaces.find((r) => r.old === req.path && r.oldVersion === req.version) ??
      replaces.find((r) => r.old === req.path && r.oldVersion === undefined);
    if (!rep) {
      result.packages.push(goPackage({ name: req.path, version: req.version, direct: !req.indirect, source: file.path, line: req.line }));
      continue;
    }
    if (isLocalPath(rep.target) || rep.version === undefined) {
      issues.push(skipped(file.path, `skipped ${req.path}@${req.version}: replaced by local directory ${rep.target} (line ${rep.line})`, req.line));
      continue;
    }
    const p: GoPackage = goPackage({ name: rep.target, version: rep.version, direct: !req.indirect, source: file.path, line: req.line });
    p.replaces = `${req.path}@${req.version}`;
    result.packages.push(p);
  }
  if (!result.module) issues.push(unparsable(file.path, 'no module directive'));
  return result;
}

export const extractor: Extractor = {
  id: 'go/go-mod',
  ecosystem: 'Go',
  accepts: (path) => baseName(path) === 'go.mod',
  extract: extractGoMod,
};
