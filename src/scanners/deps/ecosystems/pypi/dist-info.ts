import { createRequire } from 'node:module';
import parseSpdx from 'spdx-expression-parse';
import type { ExtractResult } from '../../package.js';
import { normalizeName, pypiPackage, unparsable } from './common.js';

/**
 * Installed-package metadata (Core Metadata, the `*.dist-info/METADATA` and `*.egg-info/PKG-INFO`
 * files): email-style `Key: value` headers up to the first blank line, continuation lines
 * indented. A helper, not a lockfile extractor: the licence feature and the image scanner read
 * installed packages with it.
 *
 * Licence, in order: `License-Expression` (Metadata 2.4, already SPDX), else `License` when it
 * is an SPDX expression or a well-known name (`Apache 2.0`, `MIT License`), else the
 * `License :: ...` classifiers that name one licence (several are joined with OR: a project
 * listing two licences is offered under either). A declared licence that maps to no SPDX id is
 * returned in `licenseDeclared` only.
 */
export interface DistInfo {
  /** PEP 503 normalised. */
  name: string;
  version: string;
  /** SPDX expression, when the metadata gives or implies one. */
  license?: string;
  /** The licence text as declared (expression, License field or classifiers), normalised or not. */
  licenseDeclared?: string;
  licenseFrom?: 'License-Expression' | 'License' | 'Classifier';
}

const require = createRequire(import.meta.url);
const SPDX_IDS: string[] = require('spdx-license-ids/index.json') as string[];
const ID_BY_LOWER = new Map(SPDX_IDS.map((id) => [id.toLowerCase(), id]));
/** Exception ids, from the list spdx-expression-parse itself validates against. */
const EXCEPTION_BY_LOWER = new Map<string, string>();
try {
  const fromParser = createRequire(require.resolve('spdx-expression-parse'));
  for (const id of fromParser('spdx-exceptions/index.json') as string[]) EXCEPTION_BY_LOWER.set(id.toLowerCase(), id);
} catch {
  /* exceptions then keep the case they are written in */
}

/** Classifier (after `License :: `) → SPDX id, for classifiers that name one licence and version. */
const CLASSIFIERS: Record<string, string> = {
  'OSI Approved :: MIT License': 'MIT',
  'OSI Approved :: MIT No Attribution License (MIT-0)': 'MIT-0',
  'OSI Approved :: Apache Software License': 'Apache-2.0',
  'OSI Approved :: ISC License (ISCL)': 'ISC',
  'OSI Approved :: GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'OSI Approved :: GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'OSI Approved :: GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'OSI Approved :: GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'OSI Approved :: GNU Affero General Public License v3': 'AGPL-3.0-only',
  'OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)': 'MPL-1.1',
  'OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'OSI Approved :: Python Software Foundation License': 'PSF-2.0',
  'OSI Approved :: The Unlicense (Unlicense)': 'Unlicense',
  'OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)': 'EPL-1.0',
  'OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'OSI Approved :: Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'OSI Approved :: zlib/libpng License': 'Zlib',
  'OSI Approved :: Universal Permissive License (UPL)': 'UPL-1.0',
  'OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)': 'EUPL-1.2',
  'OSI Approved :: Historical Permission Notice and Disclaimer (HPND)': 'HPND',
  'OSI Approved :: Artistic License 2.0': 'Artistic-2.0',
  'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication': 'CC0-1.0',
};

/** Common free-text `License:` values → SPDX id. */
const NAMES: Record<string, string> = {
  'mit license': 'MIT',
  'the mit license': 'MIT',
  'mit licence': 'MIT',
  'apache 2': 'Apache-2.0',
  'apache 2.0': 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'apache license version 2.0': 'Apache-2.0',
  'apache software license 2.0': 'Apache-2.0',
  'asl 2.0': 'Apache-2.0',
  'bsd-3': 'BSD-3-Clause',
  '3-clause bsd': 'BSD-3-Clause',
  'new bsd': 'BSD-3-Clause',
  'new bsd license': 'BSD-3-Clause',
  'bsd 3-clause': 'BSD-3-Clause',
  'bsd-2': 'BSD-2-Clause',
  '2-clause bsd': 'BSD-2-Clause',
  'simplified bsd': 'BSD-2-Clause',
  'bsd 2-clause': 'BSD-2-Clause',
  'isc license': 'ISC',
  'gplv2': 'GPL-2.0-only',
  'gplv2+': 'GPL-2.0-or-later',
  'gplv3': 'GPL-3.0-only',
  'gplv3+': 'GPL-3.0-or-later',
  'lgplv3': 'LGPL-3.0-only',
  'lgplv3+': 'LGPL-3.0-or-later',
  'mpl 2.0': 'MPL-2.0',
  'mpl-2': 'MPL-2.0',
  'mozilla public license 2.0': 'MPL-2.0',
  'psf': 'PSF-2.0',
  'psf license': 'PSF-2.0',
  'python software foundation license': 'PSF-2.0',
  'unlicense': 'Unlicense',
  'the unlicense': 'Unlicense',
};

/** A valid SPDX expression, with ids in their canonical case; undefined when it is not one. */
export function spdxExpression(text: string): string | undefined {
  const t = text.trim();
  if (!t || t.length > 200 || t.includes('\n')) return undefined;
  const fixed = t.replace(/[A-Za-z0-9.+-]+/g, (tok) => {
    if (/^(and|or|with)$/i.test(tok)) return tok.toUpperCase();
    const plus = tok.endsWith('+') ? '+' : '';
    const id = ID_BY_LOWER.get((plus ? tok.slice(0, -1) : tok).toLowerCase());
    return id ? id + plus : (EXCEPTION_BY_LOWER.get(tok.toLowerCase()) ?? tok);
  });
  try {
    parseSpdx(fixed);
    return fixed;
  } catch {
    return undefined;
  }
}

function licenseFromText(text: string): string | undefined {
  const t = text.trim();
  return spdxExpression(t) ?? NAMES[t.toLowerCase().replace(/\s+/g, ' ')];
}

function classifierLicense(c: string): string | undefined {
  const rest = c.replace(/^License\s*::\s*/, '').trim();
  const known = CLASSIFIERS[rest];
  if (known) return known;
  // `... (EPL-2.0)`: a parenthesised SPDX id
  const paren = /\(([^()]+)\)\s*$/.exec(rest)?.[1];
  return paren ? ID_BY_LOWER.get(paren.toLowerCase()) : undefined;
}

/** Headers of a Core Metadata text: repeated keys keep every value, in order. */
export function parseCoreMetadataHeaders(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '') break; // a whitespace-only line is a continuation (setuptools indents blank licence lines)
    if (/^[ \t]/.test(line)) {
      if (last && last.length > 0) last[last.length - 1] += '\n' + line.replace(/^[ \t]+\|?/, '').trim();
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) {
      last = undefined;
      continue;
    }
    const key = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    last = out.get(key) ?? [];
    last.push(value);
    out.set(key, last);
  }
  return out;
}

/** Name, version and licence from METADATA / PKG-INFO text; undefined without Name and Version. */
export function readDistInfoMetadata(text: string): DistInfo | undefined {
  const h = parseCoreMetadataHeaders(text);
  const name = h.get('name')?.[0];
  const version = h.get('version')?.[0];
  if (!name || !version) return undefined;
  const info: DistInfo = { name: normalizeName(name), version };

  const expr = h.get('license-expression')?.[0]?.trim();
  if (expr) {
    info.licenseFrom = 'License-Expression';
    info.licenseDeclared = expr;
    const spdx = spdxExpression(expr);
    if (spdx) info.license = spdx;
    return info;
  }
  const lic = h.get('license')?.[0]?.trim();
  if (lic && !/^(unknown|none|n\/a|)$/i.test(lic)) {
    const spdx = licenseFromText(lic);
    if (spdx) {
      info.license = spdx;
      info.licenseFrom = 'License';
      info.licenseDeclared = lic;
      return info;
    }
  }
  const classifiers = (h.get('classifier') ?? []).filter((c) => /^License\s*::/.test(c));
  const ids = [...new Set(classifiers.map(classifierLicense).filter((x): x is string => x !== undefined))];
  if (ids.length > 0) {
    info.license = ids.join(' OR ');
    info.licenseFrom = 'Classifier';
    info.licenseDeclared = classifiers.join('; ');
    return info;
  }
  if (lic && !/^(unknown|none|n\/a)$/i.test(lic)) {
    info.licenseFrom = 'License';
    info.licenseDeclared = lic;
  } else if (classifiers.length > 0) {
    info.licenseFrom = 'Classifier';
    info.licenseDeclared = classifiers.join('; ');
  }
  return info;
}

/** `site-packages/foo-1.0.dist-info/METADATA` or `foo.egg-info/PKG-INFO`. */
export function isDistInfoMetadataPath(path: string): boolean {
  return /(^|[\\/])[^\\/]+\.dist-info[\\/]METADATA$/.test(path) || /(^|[\\/])[^\\/]+\.egg-info[\\/]PKG-INFO$/.test(path);
}

/** One installed package as a Package (direct and dev unknown: false), for image and site-packages scans. */
export function distInfoPackage(file: { path: string; content: string }): ExtractResult {
  const info = readDistInfoMetadata(file.content);
  if (!info) return { packages: [], issues: [unparsable(file.path, 'metadata without Name and Version')] };
  const p = pypiPackage({ name: info.name, version: info.version, direct: false, dev: false, source: file.path, line: 1 });
  if (info.license) p.license = info.license;
  return { packages: [p], issues: [] };
}
