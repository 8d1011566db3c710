import { PackageURL } from 'packageurl-js';
import type { ScanIssue } from '../../../../core/scanner.js';
import { packageKey, type Extractor, type ExtractResult, type Package } from '../../package.js';

/**
 * Gemfile.lock (and `gems.locked`), as Bundler writes it: sections start at column 0 in capitals.
 *
 * - Source sections `GEM`, `GIT`, `PATH` and `PLUGIN SOURCE`: two-space option lines
 *   (`remote:`, `revision:`, `branch:`, `tag:`, `ref:`, `glob:`, `specs:`), four-space specs
 *   `name (version)` and under each spec its six-space dependencies `name` / `name (requirement)`.
 * - `PLATFORMS`, `DEPENDENCIES` (what the Gemfile asks for: these names are direct; a `!` suffix
 *   means the gem comes from a non-default source such as GIT or PATH), `RUBY VERSION`,
 *   `CHECKSUMS` and `BUNDLED WITH`.
 *
 * A spec version may carry the platform the gem was built for: `nokogiri (1.15.4-x86_64-linux)`.
 * Like Bundler, the version is everything before the first `-` (RubyGems writes prerelease
 * versions with dots, `1.0.0.rc1`), so that spec is nokogiri 1.15.4. The same gem locked for
 * several platforms is one package (first line); the purl carries the `platform` qualifier only
 * when a single non-`ruby` platform was locked.
 *
 * Gems in `PATH` sections are the project's own code (usually `remote: .` from `gemspec`): they are
 * roots, not packages, and what they depend on is direct. Gemfile.lock does not record groups, so
 * dev is always false; nor licences.
 */

const RUBYGEMS_ORG = /^https?:\/\/rubygems\.org\/?$/;
const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const OTHER_SECTIONS = new Set(['PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS']);

interface Spec {
  name: string;
  version: string;
  platforms: Set<string>;
  deps: string[];
  line: number;
  section: string;
  remotes: string[];
  revision?: string;
}

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function purlFor(s: Spec): string {
  const qualifiers: Record<string, string> = {};
  const platforms = [...s.platforms];
  if (platforms.length === 1 && platforms[0] !== 'ruby') qualifiers.platform = platforms[0]!;
  if (s.section === 'GIT' && s.remotes[0]) {
    qualifiers.vcs_url = `git+${s.remotes[0]}${s.revision ? `@${s.revision}` : ''}`;
  } else if (s.remotes.length > 0 && !s.remotes.some((r) => RUBYGEMS_ORG.test(r))) {
    qualifiers.repository_url = s.remotes[0]!;
  }
  return new PackageURL('gem', undefined, s.name, s.version, qualifiers, undefined).toString();
}

export function extractGemfileLock(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  if (content.trim() === '') return { packages: [], issues: [issue(path, 'Gemfile.lock is empty')] };

  const lines = content.split(/\r?\n/);
  const specs: Spec[] = [];
  const direct = new Set<string>();
  const seenSections = new Set<string>();
  let section: string | undefined;
  // Per source section.
  let remotes: string[] = [];
  let revision: string | undefined;
  let inSpecs = false;
  let current: Spec | undefined;

  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    if (/^(<{7}|={7}|>{7})/.test(text)) {
      // Both sides of the conflict are read; the issue says the file is not what Bundler resolved.
      if (text.startsWith('<')) issues.push(issue(path, 'Gemfile.lock has an unresolved merge conflict', line));
      return;
    }
    if (/^[A-Z][A-Z ]*$/.test(text)) {
      section = text.trim();
      seenSections.add(section);
      remotes = [];
      revision = undefined;
      inSpecs = false;
      current = undefined;
      return;
    }
    if (section === undefined) {
      issues.push(issue(path, `Gemfile.lock: line outside any section: "${text.trim().slice(0, 80)}"`, line));
      return;
    }
    const indent = /^ */.exec(text)![0].length;
    const body = text.slice(indent);

    if (SOURCE_SECTIONS.has(section)) {
      if (indent === 2) {
        const opt = /^([a-z_]+):(?: (.*))?$/.exec(body);
        if (!opt) {
          issues.push(issue(path, `Gemfile.lock: bad ${section} option line "${body.slice(0, 80)}"`, line));
          return;
        }
        inSpecs = opt[1] === 'specs';
        if (opt[1] === 'remote' && opt[2]) remotes.push(opt[2]);
        if (opt[1] === 'revision' && opt[2]) revision = opt[2];
        return;
      }
      if (indent === 4 && inSpecs) {
        const m = /^([^\s()!]+) \(([^()\s]+)\)$/.exec(body);
        if (!m) {
          current = undefined;
          issues.push(issue(path, `Gemfile.lock: bad spec line "${body.slice(0, 80)}" (expected "name (version)")`, line));
          return;
        }
        const dash = m[2]!.indexOf('-');
        const version = dash < 0 ? m[2]! : m[2]!.slice(0, dash);
        const platform = dash < 0 ? 'ruby' : m[2]!.slice(dash + 1);
        if (version === '' || platform === '') {
          current = undefined;
          issues.push(issue(path, `Gemfile.lock: bad version in spec line "${body}"`, line));
          return;
        }
        current = {
          name: m[1]!,
          version,
          platforms: new Set([platform]),
          deps: [],
          line,
          section,
          remotes: [...remotes],
          revision,
        };
        specs.push(current);
        return;
      }
      if (indent === 6 && inSpecs) {
        const m = /^([^\s()!]+)(?: \(([^()]*)\))?$/.exec(body);
        if (!m) {
          issues.push(issue(path, `Gemfile.lock: bad dependency line "${body.slice(0, 80)}"`, line));
          return;
        }
        // A dependency of a spec we could not read is dropped with it.
        current?.deps.push(m[1]!);
        return;
      }
      issues.push(issue(path, `Gemfile.lock: unexpected indentation in ${section}: "${body.slice(0, 80)}"`, line));
      return;
    }

    if (section === 'DEPENDENCIES') {
      const m = /^([^\s()!]+)(?: \(([^()]*)\))?(!)?$/.exec(body);
      if (indent !== 2 || !m) {
        issues.push(issue(path, `Gemfile.lock: bad DEPENDENCIES line "${body.slice(0, 80)}"`, line));
        return;
      }
      direct.add(m[1]!);
      return;
    }
    // PLATFORMS, RUBY VERSION, BUNDLED WITH, CHECKSUMS and sections newer than this parser: nothing we need.
  });

  const known = [...seenSections].filter((s) => SOURCE_SECTIONS.has(s) || OTHER_SECTIONS.has(s));
  if (known.length === 0) {
    return { packages: [], issues: [issue(path, 'not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section', 1)] };
  }
  if (!seenSections.has('DEPENDENCIES') && specs.length > 0) {
    issues.push(issue(path, 'Gemfile.lock has no DEPENDENCIES section (truncated?): direct dependencies are unknown'));
  }

  // Dedupe platform variants: one package per name and version.
  const byKey = new Map<string, Spec>();
  const roots: Spec[] = [];
  for (const s of specs) {
    if (s.section === 'PATH') {
      roots.push(s);
      continue;
    }
    const key = packageKey(s);
    const seen = byKey.get(key);
    if (seen) {
      for (const p of s.platforms) seen.platforms.add(p);
      for (const d of s.deps) if (!seen.deps.includes(d)) seen.deps.push(d);
    } else {
      byKey.set(key, s);
    }
  }
  const keysByName = new Map<string, string[]>();
  for (const [key, s] of byKey) keysByName.set(s.name, [...(keysByName.get(s.name) ?? []), key]);
  // A requirement resolves by name; gems missing from the lock (bundler itself, other platforms' gems) are skipped.
  const resolve = (name: string) => {
    const keys = keysByName.get(name);
    return keys?.length === 1 ? keys[0] : undefined;
  };
  const directKeys = new Set<string>();
  for (const name of direct) {
    const k = resolve(name);
    if (k) directKeys.add(k);
  }
  for (const r of roots) {
    if (!direct.has(r.name) && seenSections.has('DEPENDENCIES')) continue;
    for (const d of r.deps) {
      const k = resolve(d);
      if (k) directKeys.add(k);
    }
  }

  const packages: Package[] = [];
  for (const [key, s] of byKey) {
    let purl: string;
    try {
      purl = purlFor(s);
    } catch (e) {
      issues.push(issue(path, `Gemfile.lock: ${s.name} (${s.version}): ${(e as Error).message}`, s.line));
      continue;
    }
    packages.push({
      ecosystem: 'RubyGems',
      name: s.name,
      version: s.version,
      purl,
      direct: directKeys.has(key),
      dev: false,
      pinned: true,
      source: path,
      line: s.line,
      dependsOn: [...new Set(s.deps.map(resolve).filter((k): k is string => k !== undefined && k !== key))],
    });
  }
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'rubygems/gemfile-lock',
  ecosystem: 'RubyGems',
  accepts: (path) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return base === 'Gemfile.lock' || base === 'gems.locked';
  },
  extract: extractGemfileLock,
};
