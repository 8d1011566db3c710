import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import parseSpdx from 'spdx-expression-parse';
import type { Finding } from '../../core/finding.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import type { Severity } from '../../core/severity.js';
import type { Package } from './package.js';

/*
 * Licences: free text and legacy metadata -> SPDX license expressions, installed metadata
 * (node_modules, Python dist-info) -> licence, and the allow/deny policy -> findings.
 * A licence that cannot be named with certainty is unknown (undefined), never guessed:
 * "BSD" alone could be 2-, 3- or 4-clause, "Apache Software License" names no version.
 */

const require = createRequire(import.meta.url);
const LICENSE_IDS = require('spdx-license-ids') as string[];
const DEPRECATED_IDS = require('spdx-license-ids/deprecated') as string[];

/** Lower-case id -> canonical id, current ids winning over deprecated ones. */
const ID_BY_LOWER = new Map<string, string>();
for (const id of [...DEPRECATED_IDS, ...LICENSE_IDS]) ID_BY_LOWER.set(id.toLowerCase(), id);

/** Deprecated GNU-family ids and their current equivalents (SPDX 3.0 renamed them to -only/-or-later). */
const DEPRECATED_REPLACEMENT: Record<string, string> = {
  'GPL-1.0': 'GPL-1.0-only',
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-3.0': 'GPL-3.0-only',
  'LGPL-2.0': 'LGPL-2.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3.0': 'LGPL-3.0-only',
  'AGPL-1.0': 'AGPL-1.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'GFDL-1.1': 'GFDL-1.1-only',
  'GFDL-1.2': 'GFDL-1.2-only',
  'GFDL-1.3': 'GFDL-1.3-only',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-only WITH GCC-exception-2.0',
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-only WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-only WITH Bison-exception-2.2',
  'GPL-2.0-with-font-exception': 'GPL-2.0-only WITH Font-exception-2.0',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-only WITH GCC-exception-3.1',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-only WITH Autoconf-exception-3.0',
};

/** The npm convention for "no licence is granted" (not an SPDX id; kept as a LicenseRef so a policy sees it). */
export const UNLICENSED_REF = 'LicenseRef-UNLICENSED';

/**
 * Free-text names as package metadata writes them -> SPDX. Keys pass through `aliasKey`, so case,
 * punctuation, "license"/"licence", "version", "the", "GNU" and a trailing ".0" do not matter.
 * Versionless family names (BSD, GPL, Apache Software License, LGPL) are deliberately absent.
 */
const ALIASES: Array<[string[], string]> = [
  [['MIT License', 'The MIT License', 'MIT/X11', 'X11/MIT', 'Expat', 'Expat License', 'MIT Expat'], 'MIT'],
  [['MIT No Attribution'], 'MIT-0'],
  [['ISC License', 'ISC License (ISCL)', 'ISCL'], 'ISC'],
  [
    [
      'Apache 2.0',
      'Apache 2',
      'Apache2',
      'Apache License 2.0',
      'Apache License, Version 2.0',
      'Apache License Version 2',
      'Apache Software License 2.0',
      'Apache Software License, Version 2.0',
      'Apache Public License 2.0',
      'ASL 2.0',
      'ASF 2.0',
      'AL 2.0',
    ],
    'Apache-2.0',
  ],
  [['Apache License 1.1', 'Apache Software License 1.1', 'ASL 1.1'], 'Apache-1.1'],
  [['Apache License 1.0'], 'Apache-1.0'],
  [
    [
      'BSD 3-Clause',
      'BSD 3 Clause',
      'BSD-3',
      'BSD3',
      '3-Clause BSD',
      '3-Clause BSD License',
      'New BSD',
      'New BSD License',
      'Modified BSD',
      'Modified BSD License',
      'Revised BSD License',
      'BSD 3-Clause "New" or "Revised" License',
    ],
    'BSD-3-Clause',
  ],
  [
    [
      'BSD 2-Clause',
      'BSD 2 Clause',
      'BSD-2',
      'BSD2',
      '2-Clause BSD',
      '2-Clause BSD License',
      'Simplified BSD',
      'Simplified BSD License',
      'FreeBSD License',
      'BSD 2-Clause "Simplified" License',
    ],
    'BSD-2-Clause',
  ],
  [['BSD 4-Clause', 'BSD 4 Clause', 'Original BSD License', 'BSD 4-Clause "Original" or "Old" License'], 'BSD-4-Clause'],
  [['BSD Zero Clause License', 'Zero-Clause BSD', '0-Clause BSD'], '0BSD'],
  [['GPLv1', 'GPL v1', 'GNU General Public License v1'], 'GPL-1.0-only'],
  [
    ['GPLv2', 'GPL v2', 'GPL-2', 'GPL 2.0', 'GNU GPL v2', 'GNU General Public License v2', 'GNU General Public License v2 (GPLv2)', 'GNU General Public License version 2'],
    'GPL-2.0-only',
  ],
  [
    ['GPLv2+', 'GPL v2+', 'GPL 2.0+', 'GPL v2 or later', 'GNU General Public License v2 or later (GPLv2+)', 'GNU General Public License v2 or later'],
    'GPL-2.0-or-later',
  ],
  [
    ['GPLv3', 'GPL v3', 'GPL-3', 'GPL 3.0', 'GNU GPL v3', 'GNU General Public License v3', 'GNU General Public License v3 (GPLv3)', 'GNU General Public License version 3'],
    'GPL-3.0-only',
  ],
  [
    ['GPLv3+', 'GPL v3+', 'GPL 3.0+', 'GPL v3 or later', 'GNU General Public License v3 or later (GPLv3+)', 'GNU General Public License v3 or later'],
    'GPL-3.0-or-later',
  ],
  [['LGPLv2', 'LGPL v2', 'GNU Lesser General Public License v2 (LGPLv2)', 'GNU Library General Public License v2'], 'LGPL-2.0-only'],
  [['LGPLv2+', 'LGPL v2+', 'GNU Lesser General Public License v2 or later (LGPLv2+)'], 'LGPL-2.0-or-later'],
  [['LGPLv2.1', 'LGPL v2.1', 'LGPL 2.1', 'GNU Lesser General Public License v2.1', 'GNU Lesser General Public License version 2.1'], 'LGPL-2.1-only'],
  [['LGPLv2.1+', 'LGPL v2.1+', 'LGPL 2.1+', 'GNU Lesser General Public License v2.1 or later'], 'LGPL-2.1-or-later'],
  [['LGPLv3', 'LGPL v3', 'LGPL 3.0', 'GNU Lesser General Public License v3 (LGPLv3)', 'GNU Lesser General Public License v3'], 'LGPL-3.0-only'],
  [['LGPLv3+', 'LGPL v3+', 'LGPL 3.0+', 'GNU Lesser General Public License v3 or later (LGPLv3+)'], 'LGPL-3.0-or-later'],
  [['AGPLv3', 'AGPL v3', 'AGPL 3.0', 'GNU Affero General Public License v3', 'GNU Affero General Public License v3 (AGPLv3)'], 'AGPL-3.0-only'],
  [['AGPLv3+', 'AGPL v3+', 'AGPL 3.0+', 'GNU Affero General Public License v3 or later (AGPLv3+)'], 'AGPL-3.0-or-later'],
  [['MPL 2.0', 'MPL2', 'MPL-2', 'Mozilla Public License 2.0', 'Mozilla Public License 2.0 (MPL 2.0)'], 'MPL-2.0'],
  [['MPL 1.1', 'Mozilla Public License 1.1', 'Mozilla Public License 1.1 (MPL 1.1)'], 'MPL-1.1'],
  [['MPL 1.0', 'Mozilla Public License 1.0 (MPL)'], 'MPL-1.0'],
  [['EPL 1.0', 'Eclipse Public License 1.0', 'Eclipse Public License - v 1.0'], 'EPL-1.0'],
  [['EPL 2.0', 'Eclipse Public License 2.0', 'Eclipse Public License - v 2.0', 'Eclipse Public License v2.0'], 'EPL-2.0'],
  [['EDL 1.0', 'Eclipse Distribution License 1.0', 'Eclipse Distribution License - v 1.0'], 'BSD-3-Clause'],
  [['CDDL 1.0', 'Common Development and Distribution License 1.0', 'Common Development and Distribution License 1.0 (CDDL-1.0)'], 'CDDL-1.0'],
  [['CDDL 1.1', 'Common Development and Distribution License 1.1'], 'CDDL-1.1'],
  [['PSF', 'PSFL', 'PSF License', 'Python Software Foundation License', 'Python Software Foundation License 2.0'], 'PSF-2.0'],
  [['The Unlicense', 'Unlicense (Unlicense)'], 'Unlicense'],
  [['CC0', 'CC0 1.0', 'CC0 1.0 Universal', 'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'Creative Commons Zero v1.0 Universal'], 'CC0-1.0'],
  [['CC BY 4.0', 'Creative Commons Attribution 4.0', 'Creative Commons Attribution 4.0 International'], 'CC-BY-4.0'],
  [['CC BY-SA 4.0', 'Creative Commons Attribution Share Alike 4.0', 'Creative Commons Attribution-ShareAlike 4.0 International'], 'CC-BY-SA-4.0'],
  [['zlib License', 'zlib/libpng', 'zlib/libpng License'], 'Zlib'],
  [['Boost', 'Boost Software License', 'Boost Software License 1.0', 'Boost Software License 1.0 (BSL-1.0)'], 'BSL-1.0'],
  [['Do What The F*ck You Want To Public License'], 'WTFPL'],
  [['Artistic License 2.0', 'Artistic 2.0'], 'Artistic-2.0'],
  [['SIL Open Font License 1.1', 'SIL Open Font License 1.1 (OFL-1.1)', 'OFL 1.1'], 'OFL-1.1'],
  [['Historical Permission Notice and Disclaimer (HPND)', 'Historical Permission Notice and Disclaimer'], 'HPND'],
  [['Universal Permissive License (UPL)', 'Universal Permissive License 1.0'], 'UPL-1.0'],
  [['European Union Public Licence 1.2 (EUPL 1.2)', 'European Union Public Licence 1.2', 'EUPL 1.2'], 'EUPL-1.2'],
  [['European Union Public Licence 1.1 (EUPL 1.1)', 'EUPL 1.1'], 'EUPL-1.1'],
];

/** Values that mean "no information". */
const NO_INFO = new Set(['', 'unknown', 'none', 'noassertion', 'other', 'n/a', 'na', 'null', 'undefined', 'license', 'see license', 'custom']);

function aliasKey(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/licence/g, 'license')
      .replace(/\([^()]*\)/g, ' ') // "(ISCL)", "(GPLv3)": abbreviations repeat the name
      .replace(/["',;_]/g, ' ')
      .replace(/-/g, ' ')
      // Whitespace collapsed first so the patterns below start with one space, not a run that
      // would be rescanned from each of its offsets (quadratic on a long run).
      .replace(/\s+/g, ' ')
      .replace(/ or (?:any )?later(?: version)?\b/g, '+')
      .replace(/([a-z])v(?=\d)/g, '$1 ') // gplv3 -> gpl 3
      .replace(/([a-z])(\d)/g, '$1 $2') // apache2 -> apache 2, cc0 -> cc 0
      .replace(/\b(?:the|license|version|gnu|v)\b/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/ \+/g, '+')
      .trim()
      .replace(/(^|[^.\d])(\d+)(?=\+?$)/, '$1$2.0') // trailing "2" == "2.0"
  );
}

const ALIAS_BY_KEY = new Map<string, string>();
for (const [names, id] of ALIASES) {
  for (const n of names) {
    const k = aliasKey(n);
    const prior = ALIAS_BY_KEY.get(k);
    if (prior !== undefined && prior !== id) throw new Error(`licence alias "${n}" maps to both ${prior} and ${id}`);
    ALIAS_BY_KEY.set(k, id);
  }
}

type Ast = parseSpdx.Info;

function isConjunction(a: Ast): a is parseSpdx.ConjunctionInfo {
  return 'conjunction' in a;
}

/** Canonical text of a parsed expression; deprecated GNU ids become -only/-or-later. */
function formatAst(a: Ast): string {
  if (isConjunction(a)) {
    const op = a.conjunction.toUpperCase();
    const side = (c: Ast) => (isConjunction(c) && c.conjunction !== a.conjunction ? `(${formatAst(c)})` : formatAst(c));
    return `${side(a.left)} ${op} ${side(a.right)}`;
  }
  let id = a.license;
  let plus = a.plus === true;
  const replacement = DEPRECATED_REPLACEMENT[id];
  if (replacement !== undefined) {
    id = plus && replacement.endsWith('-only') ? replacement.replace(/-only$/, '-or-later') : replacement;
    plus = false;
  }
  return `${id}${plus ? '+' : ''}${a.exception ? ` WITH ${a.exception}` : ''}`;
}

function canonicalId(token: string): string | undefined {
  if (/^(LicenseRef|DocumentRef)-/i.test(token)) return token;
  return ID_BY_LOWER.get(token.toLowerCase());
}

/** Parse an SPDX expression, forgiving case in ids and operators; undefined when it is not one. */
function parseExpression(text: string): Ast | undefined {
  const fixed = text
    .replace(/\s+/g, ' ')
    .split(/(\(|\)|\s)/)
    .map((tok) => {
      if (/^(and|or|with)$/i.test(tok)) return tok.toUpperCase();
      const plus = tok.endsWith('+') ? '+' : '';
      const id = canonicalId(plus ? tok.slice(0, -1) : tok);
      return id !== undefined ? id + plus : tok;
    })
    .join('');
  try {
    return parseSpdx(fixed);
  } catch {
    return undefined;
  }
}

function stripClassifier(s: string): string {
  // PyPI trove classifiers: "License :: OSI Approved :: MIT License"
  let out = s.replace(/^license\s*::\s*/i, '');
  for (;;) {
    const next = out.replace(/^(?:osi approved|dfsg approved|fsf approved)\s*::\s*/i, '');
    if (next === out) break;
    out = next;
  }
  return out.trim();
}

function single(text: string): string | undefined {
  const id = canonicalId(text.replace(/\+$/, ''));
  if (id !== undefined) {
    const ast = parseExpression(text);
    if (ast) return formatAst(ast);
  }
  return ALIAS_BY_KEY.get(aliasKey(text));
}

/**
 * A licence string as metadata writes it -> a canonical SPDX license expression, or undefined
 * when it cannot be named with certainty. Accepts SPDX ids in any case, expressions
 * ("mit or apache-2.0", "(MIT AND Zlib)"), deprecated ids ("GPL-2.0+" -> "GPL-2.0-or-later"),
 * Cargo's legacy "MIT/Apache-2.0", PyPI classifiers and the common free-text names.
 */
export function normalizeLicense(raw: string | null | undefined): string | undefined {
  if (raw == null) return undefined;
  let text = raw.trim().replace(/^["']|["']$/g, '').trim();
  if (text.length > 200) return undefined; // a licence text pasted into the field: not a name
  if (NO_INFO.has(text.toLowerCase())) return undefined;
  if (/^unlicensed$/i.test(text)) return UNLICENSED_REF;
  if (/^see licen[sc]e in\b/i.test(text)) return undefined;
  text = stripClassifier(text);
  if (NO_INFO.has(text.toLowerCase())) return undefined;

  const one = single(text);
  if (one !== undefined) return one;

  const ast = parseExpression(text);
  if (ast) return formatAst(ast);

  // Cargo's deprecated "MIT/Apache-2.0" means OR.
  if (/^[^\s()/]+(?:\s*\/\s*[^\s()/]+)+$/.test(text)) {
    const parts = text.split('/').map((p) => single(p.trim()));
    if (parts.every((p): p is string => p !== undefined)) return normalizeLicense(parts.map(wrap).join(' OR '));
  }

  // Free text joined by and/or: "MIT or Apache 2.0", "Apache License 2.0 and MIT License".
  if (!/[()]/.test(text) && /\s(?:or|and)\s/i.test(text)) {
    const pieces = text.split(/\s+(or|and)\s+/i);
    const out: string[] = [];
    for (let i = 0; i < pieces.length; i += 1) {
      const piece = pieces[i]!;
      if (i % 2 === 1) {
        out.push(piece.toUpperCase());
        continue;
      }
      const n = single(piece.trim());
      if (n === undefined) return undefined;
      out.push(wrap(n));
    }
    const joined = parseExpression(out.join(' '));
    return joined ? formatAst(joined) : undefined;
  }
  return undefined;
}

function wrap(expr: string): string {
  return /\s(?:AND|OR)\s/.test(expr) ? `(${expr})` : expr;
}

/**
 * package.json `license` / legacy `licenses` as npm has allowed over the years: a string,
 * `{ type, url }`, or an array of either (an array lists alternatives: OR).
 */
export function normalizeLicenseField(value: unknown): string | undefined {
  if (typeof value === 'string') return normalizeLicense(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) => normalizeLicenseField(v));
    if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
    const uniq = [...new Set(parts as string[])];
    return uniq.length === 1 ? uniq[0] : normalizeLicense(uniq.map(wrap).join(' OR '));
  }
  if (value !== null && typeof value === 'object') {
    const t = (value as { type?: unknown }).type;
    return typeof t === 'string' ? normalizeLicense(t) : undefined;
  }
  return undefined;
}

/** The SPDX ids and LicenseRefs an expression mentions (WITH exceptions left out). */
export function licenseIds(expression: string): string[] {
  const ast = parseExpression(expression);
  if (!ast) return [];
  const out: string[] = [];
  const walk = (a: Ast) => {
    if (isConjunction(a)) {
      walk(a.left);
      walk(a.right);
    } else out.push(a.license + (a.plus ? '+' : ''));
  };
  walk(ast);
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------------
// Installed metadata

/** Reads licences from what is installed under one project root; caches directory listings. */
export interface InstalledLicenseReader {
  read(pkg: Pick<Package, 'ecosystem' | 'name' | 'version'>): string | undefined;
}

const PY_VENV_NAMES = ['.venv', 'venv', 'env', '.env', 'virtualenv'];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(p: string): string[] {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
}

function readJson(p: string): unknown {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** PEP 503 name normalisation. */
function pyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Every site-packages directory of a virtualenv at the top of the project (best effort). */
function sitePackagesDirs(root: string): string[] {
  const venvs = new Set<string>();
  for (const n of PY_VENV_NAMES) if (isDir(join(root, n))) venvs.add(join(root, n));
  for (const entry of listDir(root)) {
    const p = join(root, entry);
    if (!venvs.has(p) && isDir(p)) {
      try {
        statSync(join(p, 'pyvenv.cfg'));
        venvs.add(p);
      } catch {
        /* not a venv */
      }
    }
  }
  const out: string[] = [];
  for (const v of venvs) {
    for (const lib of ['lib', 'lib64']) {
      for (const py of listDir(join(v, lib))) {
        const sp = join(v, lib, py, 'site-packages');
        if (/^python\d/.test(py) && isDir(sp)) out.push(sp);
      }
    }
    const win = join(v, 'Lib', 'site-packages');
    if (isDir(win)) out.push(win);
  }
  return out;
}

/** RFC 822-style header block of a core-metadata file. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: { key: string; idx: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the body (long description) follows
    if (/^[ \t]/.test(line) && last) {
      const list = headers.get(last.key)!;
      list[last.idx] += `\n${line.trim()}`;
      continue;
    }
    const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const list = headers.get(key) ?? [];
    list.push(m[2]!);
    headers.set(key, list);
    last = { key, idx: list.length - 1 };
  }
  return headers;
}

/** Licence from a dist-info METADATA: License-Expression, then a short License, then one classifier licence. */
export function licenseFromCoreMetadata(text: string): string | undefined {
  const h = parseCoreMetadata(text);
  const expr = h.get('license-expression')?.[0];
  if (expr) {
    const n = normalizeLicense(expr);
    if (n) return n;
  }
  const lic = h.get('license')?.[0];
  if (lic && !lic.includes('\n')) {
    const n = normalizeLicense(lic);
    if (n) return n;
  }
  const fromClassifiers = new Set<string>();
  for (const c of h.get('classifier') ?? []) {
    if (!/^license\s*::/i.test(c)) continue;
    const n = normalizeLicense(c);
    if (n === undefined) return undefined; // one unknown classifier makes the whole set uncertain
    fromClassifiers.add(n);
  }
  // Several licence classifiers do not say whether they are alternatives or all apply: unknown.
  return fromClassifiers.size === 1 ? [...fromClassifiers][0] : undefined;
}

export function createInstalledLicenseReader(root: string): InstalledLicenseReader {
  let distInfo: Map<string, string> | undefined; // "name@version" -> METADATA path

  function pythonIndex(): Map<string, string> {
    if (distInfo) return distInfo;
    distInfo = new Map();
    for (const sp of sitePackagesDirs(root)) {
      for (const entry of listDir(sp)) {
        const m = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
        if (!m) continue;
        const key = `${pyName(m[1]!)}@${m[2]!.toLowerCase()}`;
        if (!distInfo.has(key)) distInfo.set(key, join(sp, entry, 'METADATA'));
      }
    }
    return distInfo;
  }

  return {
    read(pkg) {
      if (pkg.ecosystem === 'npm') {
        const manifest = readJson(join(root, 'node_modules', ...pkg.name.split('/'), 'package.json'));
        if (manifest === null || typeof manifest !== 'object') return undefined;
        const m = manifest as { version?: unknown; license?: unknown; licenses?: unknown };
        // Another version installed than the lockfile pins: its licence says nothing about ours.
        if (typeof m.version === 'string' && m.version !== pkg.version) return undefined;
        return normalizeLicenseField(m.license ?? m.licenses);
      }
      if (pkg.ecosystem === 'PyPI') {
        const path = pythonIndex().get(`${pyName(pkg.name)}@${pkg.version.toLowerCase()}`);
        if (!path) return undefined;
        try {
          return licenseFromCoreMetadata(readFileSync(path, 'utf8'));
        } catch {
          return undefined;
        }
      }
      return undefined; // Cargo.lock, go.sum, ... record no licence: unknown
    },
  };
}

/** One-off read; use `createInstalledLicenseReader` for many packages of one root. */
export function readInstalledLicense(root: string, pkg: Pick<Package, 'ecosystem' | 'name' | 'version'>): string | undefined {
  return createInstalledLicenseReader(root).read(pkg);
}

// ---------------------------------------------------------------------------------------------
// Policy

export const LICENSE_DENIED_RULE: RuleMeta = {
  id: 'deps/license/denied',
  title: 'Dependency under a denied licence',
  severity: 'high',
  cwe: [],
  description:
    "A dependency's declared licence is on the project's deny list (licenses.deny). For an expression with OR, " +
    'the finding is raised only when every alternative is denied; with AND, when any part is.',
  remediation:
    'Replace the dependency with one under an acceptable licence, obtain a different licence from its authors, ' +
    'or, after legal review, remove the licence from licenses.deny or waive this finding with a reason.',
  references: ['https://spdx.org/licenses/', 'https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/'],
  tags: ['license'],
};

export const LICENSE_NOT_ALLOWED_RULE: RuleMeta = {
  id: 'deps/license/not-allowed',
  title: 'Dependency under a licence not on the allow list',
  severity: 'medium',
  cwe: [],
  description:
    "The project has an allow list (licenses.allow) and a dependency's declared licence is not on it. For an " +
    'expression with OR, one allowed alternative is enough; with AND, every part must be allowed. Packages whose ' +
    'licence is unknown are counted, never reported as not allowed.',
  remediation:
    'Replace the dependency, or, after legal review, add the licence to licenses.allow or waive this finding with a reason.',
  references: ['https://spdx.org/licenses/', 'https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/'],
  tags: ['license'],
};

export const LICENSE_RULES: readonly RuleMeta[] = [LICENSE_DENIED_RULE, LICENSE_NOT_ALLOWED_RULE];

export interface LicensePolicy {
  /** SPDX ids (or free-text names, normalised); a trailing `*` matches a prefix (`AGPL-*`). */
  allow?: readonly string[];
  deny?: readonly string[];
  deniedSeverity?: Severity;
  notAllowedSeverity?: Severity;
}

export interface LicensePolicyResult {
  findings: Finding[];
  /** Packages whose licence is unknown: no finding, but the report says how many. */
  unknown: Package[];
  /** Packages whose licence is known and was checked. */
  checked: number;
}

type Matcher = (leaf: string) => boolean;

/**
 * Policy entries name licences, not grant wordings: "GPL-3.0" (or GPL-3.0-only) matches
 * GPL-3.0-only, GPL-3.0-or-later and GPL-3.0+ alike, so a deny list cannot be sidestepped by an
 * "or later" grant and an allow list does not need both spellings.
 */
function versionFamily(expr: string): string {
  return expr.toLowerCase().replace(/(-only|-or-later|\+)(?= with |$)/, '');
}

function matcher(entries: readonly string[]): Matcher | undefined {
  if (entries.length === 0) return undefined;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const e of entries) {
    const t = e.trim();
    if (t.endsWith('*')) prefixes.push(t.slice(0, -1).toLowerCase());
    else exact.add(versionFamily(normalizeLicense(t) ?? t));
  }
  return (leaf) => {
    const l = versionFamily(leaf);
    const id = l.split(' with ')[0]!;
    return exact.has(l) || exact.has(id) || prefixes.some((p) => id.startsWith(p));
  };
}

/** True when the licensee can comply choosing only licences that pass `ok` (OR: any side; AND: both). */
function satisfiable(a: Ast, ok: (leaf: string) => boolean): boolean {
  if (isConjunction(a)) {
    return a.conjunction === 'or' ? satisfiable(a.left, ok) || satisfiable(a.right, ok) : satisfiable(a.left, ok) && satisfiable(a.right, ok);
  }
  return ok(formatAst(a));
}

function policyFinding(rule: RuleMeta, severity: Severity, pkg: Package, license: string, why: string): Finding {
  const line = pkg.line ?? 0;
  return {
    ruleId: rule.id,
    scanner: 'deps',
    severity,
    title: rule.title,
    message: `${pkg.name}@${pkg.version} (${pkg.source}) is licensed ${license}, ${why}`,
    location: { path: pkg.source, startLine: line, startColumn: line > 0 ? 1 : 0, endLine: line, endColumn: 0 },
    cwe: [],
    fingerprint: fingerprint(rule.id, pkg.source, `${pkg.purl}\0${license}`),
    package: { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, purl: pkg.purl },
    evidence: { license },
  };
}

/**
 * Checks every package's licence against the allow/deny lists. A licence that is not a valid
 * SPDX expression (after normalisation) counts as unknown. Duplicate entries of one package in
 * one lockfile give one finding.
 */
export function licensePolicy(packages: readonly Package[], policy: LicensePolicy): LicensePolicyResult {
  const denied = matcher(policy.deny ?? []);
  const allowed = matcher(policy.allow ?? []);
  const findings: Finding[] = [];
  const unknown: Package[] = [];
  const seen = new Set<string>();
  let checked = 0;
  for (const pkg of packages) {
    const key = `${pkg.source}\0${pkg.purl}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const license = normalizeLicense(pkg.license);
    const ast = license === undefined ? undefined : parseExpression(license);
    if (license === undefined || ast === undefined) {
      unknown.push(pkg);
      continue;
    }
    checked += 1;
    if (denied && !satisfiable(ast, (leaf) => !denied(leaf))) {
      findings.push(
        policyFinding(LICENSE_DENIED_RULE, policy.deniedSeverity ?? LICENSE_DENIED_RULE.severity, pkg, license, 'which licenses.deny forbids'),
      );
      continue;
    }
    if (allowed && !satisfiable(ast, (leaf) => allowed(leaf) && !(denied?.(leaf) ?? false))) {
      findings.push(
        policyFinding(
          LICENSE_NOT_ALLOWED_RULE,
          policy.notAllowedSeverity ?? LICENSE_NOT_ALLOWED_RULE.severity,
          pkg,
          license,
          'which is not on licenses.allow',
        ),
      );
    }
  }
  return { findings, unknown, checked };
}
