import { PackageURL } from 'packageurl-js';
import { spdxExpression } from '../../deps/ecosystems/pypi/dist-info.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { baseName, langIssue } from './common.js';

/**
 * Installed gems: the `specifications/<name>-<version>[-<platform>].gemspec` files RubyGems
 * writes into every gem directory (`usr/lib/ruby/gems/3.1.0/specifications`,
 * `usr/local/bundle/specifications`, `var/lib/gems/*`, Debian's
 * `usr/share/rubygems-integration/all/specifications`) and `specifications/default/` for the
 * gems bundled with Ruby. A project's own `*.gemspec` (next to its sources) is not installed
 * and is passed over.
 *
 * The gemspec is Ruby code; it is never run. RubyGems writes installed specs in a fixed shape
 * (`s.name = "rack".freeze`, `s.version = "2.2.8"`, `s.licenses = ["MIT".freeze]`), so the
 * assignments are read line by line as string literals (`Gem::Version.new("1.2.3")` too). When
 * the text gives no name or version, the file name (which RubyGems derives from them) is used.
 */
const SPEC = /(?:^|\/)specifications\/(?:default\/)?[^/]+\.gemspec$/;
const MAX_BYTES = 1 << 20;

/** `recv.attr = value` at the start of a line. */
// The value starts with a non-space (or is absent), so a value that fails is not retried with
// each shorter whitespace run after `=` (quadratic on a long one).
const ASSIGN = /^\s*\w+\.(name|version|platform|licenses?)\s*=\s*(\S.*)?$/;
/** The `# stub: <name> <version> <platform> <paths>` comment RubyGems puts at the top. */
const STUB = /^#\s*stub:\s+(\S+)\s+(\S+)(?:\s+(\S+))?/;
/** Closing delimiter of the `%q` / `%Q` brackets read. */
const CLOSE = new Map([['{', '}'], ['(', ')']]);

/**
 * The Ruby string literals of one line, left to right: double- or single-quoted (with
 * escapes), `%q{}` / `%q()` / `%Q{}` / `%Q()` (brackets nest, as in Ruby), escapes removed.
 * A hand scanner, not a regex: each character is read once, where an alternation of the
 * literal forms retried every `"` or `%q{` of a long unterminated run to the end of the line
 * (quadratic on a 1 MB gemspec line). An unterminated literal ends the line's literals: Ruby
 * reads the rest of the line as inside it.
 */
function literals(rhs: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rhs.length) {
    const c = rhs[i]!;
    let open: string | undefined;
    let close: string;
    let start: number;
    if (c === '"' || c === "'") {
      close = c;
      start = i + 1;
    } else if (c === '%' && (rhs[i + 1] === 'q' || rhs[i + 1] === 'Q') && CLOSE.has(rhs[i + 2] ?? '')) {
      open = rhs[i + 2]!;
      close = CLOSE.get(open)!;
      start = i + 3;
    } else {
      i++;
      continue;
    }
    const end = literalEnd(rhs, start, open, close);
    if (end === -1) break;
    out.push(rhs.slice(start, end).replace(/\\(.)/g, '$1'));
    i = end + 1;
  }
  return out;
}

/** Index of the delimiter closing a literal whose text starts at `from`, or -1 when unterminated. */
function literalEnd(s: string, from: number, open: string | undefined, close: string): number {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    const ch = s[j];
    if (ch === '\\') j++;
    else if (ch === '\n') return -1;
    else if (ch === open) depth++;
    else if (ch === close) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

const TERMINATOR = /[\n\r\u2028\u2029]/;

/** `rack-2.2.8.gemspec` → rack, 2.2.8; `nokogiri-1.15.4-x86_64-linux.gemspec` → ..., platform. */
function fromFileName(path: string): { name: string; version: string; platform?: string } | undefined {
  const stem = baseName(path).replace(/\.gemspec$/, '');
  // As /^(.+?)-(\d[^-]*)(?:-(.+))?$/ (`.` stops at line terminators), but a loop over the dashes:
  // that regex rescans the rest of a long name from each one (quadratic).
  const firstTerm = stem.search(TERMINATOR);
  let lastTerm = -1;
  for (const t of ['\n', '\r', '\u2028', '\u2029']) lastTerm = Math.max(lastTerm, stem.lastIndexOf(t));
  for (let i = stem.indexOf('-', 1); i !== -1; i = stem.indexOf('-', i + 1)) {
    if (firstTerm !== -1 && firstTerm < i) return undefined;
    if (!/\d/.test(stem.charAt(i + 1))) continue;
    const name = stem.slice(0, i);
    const j = stem.indexOf('-', i + 2);
    if (j === -1) return { name, version: stem.slice(i + 1) };
    if (j + 1 < stem.length && lastTerm <= j) return { name, version: stem.slice(i + 1, j), platform: stem.slice(j + 1) };
  }
  return undefined;
}

function gemPurl(name: string, version: string, platform?: string): string {
  const qualifiers = platform && platform !== 'ruby' ? { platform } : undefined;
  try {
    return new PackageURL('gem', undefined, name, version, qualifiers, undefined).toString();
  } catch {
    return `pkg:gem/${encodeURIComponent(name)}@${encodeURIComponent(version)}`;
  }
}

export function analyzeGemspec(path: string, content: Buffer): AnalyzerOutput {
  const found: { name?: string; version?: string; platform?: string; licenses?: string[]; line?: number } = {};
  let stub: RegExpExecArray | null = null;
  const lines = content.toString('utf8').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (i < 5 && !stub) stub = STUB.exec(line);
    const m = ASSIGN.exec(line);
    if (!m) continue;
    const values = literals(m[2] ?? '');
    const attr = m[1]!;
    if (attr === 'license' || attr === 'licenses') {
      if (!found.licenses && values.length > 0) found.licenses = values;
      continue;
    }
    const key = attr as 'name' | 'version' | 'platform';
    if (found[key] === undefined && values[0] !== undefined && values[0] !== '') {
      found[key] = values[0];
      if (key === 'name') found.line = i + 1;
    }
  }
  const file = fromFileName(path);
  const name = found.name ?? stub?.[1] ?? file?.name;
  const version = found.version ?? stub?.[2] ?? file?.version;
  if (!name || !version) return { issues: [langIssue(path, 'gemspec without a readable name and version')] };
  const platform = found.platform ?? (stub?.[3] && stub[3] !== 'ruby' ? stub[3] : undefined) ?? file?.platform;

  const pkg: ImagePackage = {
    ecosystem: 'RubyGems',
    name,
    version,
    purl: gemPurl(name, version, platform),
    direct: false,
    dev: false,
    pinned: /^\d/.test(version),
    source: path,
  };
  if (found.line !== undefined) pkg.line = found.line;
  if (found.licenses) {
    const ids = found.licenses.map((l) => spdxExpression(l));
    // Several licences in a gemspec mean the gem is offered under any of them.
    if (ids.every((x): x is string => x !== undefined)) pkg.license = [...new Set(ids)].map((x) => (/\s/.test(x) && ids.length > 1 ? `(${x})` : x)).join(' OR ');
  }
  if (platform && platform !== 'ruby') pkg.arch = platform;
  return { packages: [pkg] };
}

export const rubyAnalyzer: Analyzer = {
  id: 'lang/gemspec',
  maxBytes: MAX_BYTES,
  wants: (e) => e.type === 'file' && SPEC.test(e.path),
  analyze: (f) => analyzeGemspec(f.path, f.content),
};
