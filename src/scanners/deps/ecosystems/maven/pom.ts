import { PackageURL } from 'packageurl-js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ScanIssue } from '../../../../core/scanner.js';
import type { Extractor, ExtractResult, Package } from '../../package.js';
import { lineFinder } from '../../text-lines.js';

/**
 * pom.xml (https://maven.apache.org/pom.html): the dependencies one POM declares, resolved with
 * what that same file says and nothing else.
 *
 * - `<dependencies>` of the project and of each `<profile>` (a profile may be active in the build
 *   that ships, so its dependencies are reported too). Plugins and their dependencies are build
 *   tooling and are not read.
 * - `${...}` is interpolated from `<properties>` and from the project model: `project.version`,
 *   `project.groupId`, `project.artifactId`, `project.parent.{groupId,artifactId,version}` (with
 *   the old `pom.` and bare `version` spellings). A project without its own version or groupId
 *   inherits the parent's, which the `<parent>` element states.
 * - `<dependencyManagement>` in the same file supplies a missing version and scope (matched on
 *   groupId, artifactId, type and classifier). Its entries are constraints, not packages.
 * - The parent POM and imported BOMs are not fetched: a dependency whose version (or a property it
 *   uses) is not in this file is an issue and is skipped. Rampart never guesses a version.
 * - Scope `test` → dev. `provided` → not dev: the code runs against it in production (the
 *   container or platform supplies it), so its vulnerabilities are live. `system` → not dev.
 * - Versions: `1.2.3` (Maven's "soft" requirement, which is what a direct dependency resolves to)
 *   and `[1.2.3]` (hard) are exact; a range (`[1.0,2.0)`, `(,1.0]`, `[1.0,1.2),[1.5,)`) and the
 *   `LATEST` / `RELEASE` meta-versions are returned as written with pinned=false.
 * - Every dependency declared in a POM is direct; a POM records no transitive graph (dependsOn is
 *   left out) and no licences of its dependencies.
 *
 * Lines come from fast-xml-parser's `captureMetaData`: every element object carries its start
 * offset in the original text, which gives the line of its `<dependency>` tag. A file that is not
 * well-formed XML (truncated, say) is an issue; the `<dependency>` elements that were closed before
 * the damage are still read.
 */

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const ARRAYS = new Set(['dependency', 'profile']);
const MAX_DEPTH = 20;

type Node = Record<string | symbol, unknown>;

interface Model {
  groupId?: string;
  artifactId?: string;
  version?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string };
  properties: Map<string, string>;
}

interface DepSpec {
  groupId?: string;
  artifactId?: string;
  version?: string;
  scope?: string;
  type: string;
  classifier: string;
  node: Node;
}

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a leaf element; undefined when absent or not plain text. */
function text(n: Node | undefined, key: string): string | undefined {
  const v = n?.[key];
  return typeof v === 'string' ? v.trim() : undefined;
}

function child(n: Node | undefined, key: string): Node | undefined {
  const v = n?.[key];
  return isNode(v) ? v : undefined;
}

function list(n: Node | undefined, key: string): Node[] {
  const v = n?.[key];
  if (Array.isArray(v)) return v.filter(isNode);
  return isNode(v) ? [v] : [];
}

function meta(n: Node): { startIndex?: number; endIndex?: number } {
  const m = n[META];
  return isNode(m) ? (m as { startIndex?: number; endIndex?: number }) : {};
}

type Resolved = { value: string } | { missing: string; circular?: boolean };

/** Replaces every `${name}`; reports the first name this file cannot supply. */
export function interpolate(raw: string, model: Model): Resolved {
  const builtin = (name: string): string | undefined => {
    switch (name) {
      case 'project.version':
      case 'pom.version':
      case 'version':
        return model.version ?? model.parent?.version;
      case 'project.groupId':
      case 'pom.groupId':
      case 'groupId':
        return model.groupId ?? model.parent?.groupId;
      case 'project.artifactId':
      case 'pom.artifactId':
      case 'artifactId':
        return model.artifactId;
      case 'project.parent.version':
      case 'parent.version':
        return model.parent?.version;
      case 'project.parent.groupId':
      case 'parent.groupId':
        return model.parent?.groupId;
      case 'project.parent.artifactId':
      case 'parent.artifactId':
        return model.parent?.artifactId;
      default:
        return undefined;
    }
  };
  const resolve = (s: string, seen: string[]): Resolved => {
    let out = '';
    let last = 0;
    for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
      const name = m[1]!.trim();
      if (seen.includes(name) || seen.length >= MAX_DEPTH) return { missing: name, circular: true };
      // `project.*` (and `pom.*`, `parent.*`) names the model; other names are properties first,
      // then the deprecated bare model aliases (`version`, `groupId`).
      const value = name.startsWith('project.') || name.startsWith('pom.') || name.startsWith('parent.')
        ? builtin(name) ?? model.properties.get(name)
        : model.properties.get(name) ?? builtin(name);
      if (value === undefined) return { missing: name };
      const inner = resolve(value, [...seen, name]);
      if ('missing' in inner) return inner;
      out += s.slice(last, m.index) + inner.value;
      last = m.index! + m[0].length;
    }
    return { value: out + s.slice(last) };
  };
  return resolve(raw, []);
}

/** `[1.2.3]` → exact; `1.2.3` → exact; ranges and LATEST/RELEASE → not pinned. */
export function mavenVersion(v: string): { version: string; pinned: boolean } {
  const hard = /^\[\s*([^,[\]()\s]+)\s*\]$/.exec(v);
  if (hard) return { version: hard[1]!, pinned: true };
  if (/[[\](),]/.test(v) || v === 'LATEST' || v === 'RELEASE') return { version: v, pinned: false };
  return { version: v, pinned: true };
}

function readDep(n: Node): DepSpec {
  return {
    groupId: text(n, 'groupId'),
    artifactId: text(n, 'artifactId'),
    version: text(n, 'version'),
    scope: text(n, 'scope'),
    type: text(n, 'type') || 'jar',
    classifier: text(n, 'classifier') ?? '',
    node: n,
  };
}

function parseXml(content: string): { doc?: Node; error?: { message: string; line?: number } } {
  let error: { message: string; line?: number } | undefined;
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    const { msg, line } = valid.err;
    // Elements still open at the end of input are reported as `Invalid '[...]' found.` at
    // line 1: name them and point at the end of the file instead.
    const open = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(msg);
    error = open
      ? {
          message: `ends inside ${[...open[1]!.matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`).join(' ')} (truncated?)`,
          line: content.trimEnd().split('\n').length,
        }
      : { message: msg.replace(/\s+/g, ' '), line };
  }
  try {
    const parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      captureMetaData: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      isArray: (name) => ARRAYS.has(name),
    });
    const doc = parser.parse(content) as unknown;
    return { doc: isNode(doc) ? doc : undefined, error };
  } catch (e) {
    return { error: error ?? { message: e instanceof Error ? e.message : String(e) } };
  }
}

export function extractPom(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  if (content.trim() === '') return { packages: [], issues: [issue(path, 'pom.xml is empty')] };

  const { doc, error } = parseXml(content);
  if (error) issues.push(issue(path, `pom.xml is not well-formed XML: ${error.message}`, error.line));
  const project = child(doc, 'project');
  if (!project) {
    if (!error) issues.push(issue(path, 'not a Maven POM: no <project> root element', 1));
    return { packages: [], issues };
  }
  const lineAt = lineFinder(content);
  const lineOf = (index: number | undefined) => (index === undefined ? undefined : lineAt(index));
  const complete = (n: Node) => !error || meta(n).endIndex !== undefined;

  const parentNode = child(project, 'parent');
  const model: Model = {
    groupId: text(project, 'groupId'),
    artifactId: text(project, 'artifactId'),
    version: text(project, 'version'),
    parent: parentNode
      ? { groupId: text(parentNode, 'groupId'), artifactId: text(parentNode, 'artifactId'), version: text(parentNode, 'version') }
      : undefined,
    properties: new Map(),
  };
  const props = child(project, 'properties');
  for (const [k, v] of Object.entries(props ?? {})) {
    if (typeof v === 'string') model.properties.set(k, v.trim());
  }
  const parentCoords = model.parent
    ? `${model.parent.groupId ?? '?'}:${model.parent.artifactId ?? '?'}:${model.parent.version ?? '?'}`
    : undefined;

  const value = (raw: string | undefined, what: string, line: number | undefined): string | undefined => {
    if (raw === undefined) return undefined;
    const r = interpolate(raw, model);
    if ('value' in r) return r.value;
    if (r.circular) {
      issues.push(issue(path, `pom.xml: ${what} uses \${${r.missing}}, whose definition refers to itself; skipped`, line));
      return undefined;
    }
    const from = parentCoords ? ` (it may come from the parent POM ${parentCoords}, which Rampart does not fetch)` : '';
    issues.push(issue(path, `pom.xml: ${what} uses \${${r.missing}}, which this file does not define${from}; skipped`, line));
    return undefined;
  };

  // dependencyManagement: versions and scopes by groupId:artifactId:type:classifier.
  const managed = new Map<string, { version?: string; scope?: string }>();
  const boms: string[] = [];
  for (const n of list(child(child(project, 'dependencyManagement'), 'dependencies'), 'dependency')) {
    const d = readDep(n);
    const line = lineOf(meta(n).startIndex);
    const g = value(d.groupId, 'a managed dependency groupId', line);
    const a = value(d.artifactId, 'a managed dependency artifactId', line);
    if (!g || !a) continue;
    if (d.scope === 'import') {
      boms.push(`${g}:${a}`);
      continue;
    }
    const key = `${g}:${a}:${d.type}:${d.classifier}`;
    if (!managed.has(key)) managed.set(key, { version: d.version, scope: d.scope });
  }

  const declared: DepSpec[] = [
    ...list(child(project, 'dependencies'), 'dependency'),
    ...list(child(project, 'profiles'), 'profile').flatMap((p) => list(child(p, 'dependencies'), 'dependency')),
  ].map(readDep);

  const packages: Package[] = [];
  const seen = new Set<string>();
  for (const d of declared) {
    const line = lineOf(meta(d.node).startIndex);
    if (!complete(d.node)) continue; // cut off by the damage already reported
    if (!d.groupId || !d.artifactId) {
      issues.push(issue(path, 'pom.xml: <dependency> without groupId or artifactId', line));
      continue;
    }
    const g = value(d.groupId, `groupId of ${d.groupId}:${d.artifactId}`, line);
    const a = value(d.artifactId, `artifactId of ${d.groupId}:${d.artifactId}`, line);
    if (!g || !a) continue;
    const name = `${g}:${a}`;
    const mgmt = managed.get(`${name}:${d.type}:${d.classifier}`);
    const rawVersion = d.version ?? mgmt?.version;
    if (rawVersion === undefined || rawVersion === '') {
      const where = [
        parentCoords ? `the parent POM ${parentCoords}` : undefined,
        boms.length > 0 ? `an imported BOM (${boms.join(', ')})` : undefined,
      ].filter(Boolean);
      const why = where.length > 0 ? `; it may come from ${where.join(' or ')}, which Rampart does not fetch` : '';
      issues.push(issue(path, `pom.xml: ${name} has no version in this file${why}; skipped`, line));
      continue;
    }
    const resolvedVersion = value(rawVersion, `the version of ${name}`, line);
    if (resolvedVersion === undefined) continue;
    if (resolvedVersion.trim() === '') {
      issues.push(issue(path, `pom.xml: ${name} has an empty version; skipped`, line));
      continue;
    }
    const { version, pinned } = mavenVersion(resolvedVersion.trim());
    const scope = d.scope ?? mgmt?.scope ?? 'compile';
    const qualifiers: Record<string, string> = {};
    if (d.classifier) qualifiers.classifier = d.classifier;
    if (d.type !== 'jar') qualifiers.type = d.type;
    let purl: string;
    try {
      purl = new PackageURL('maven', g, a, version, qualifiers, undefined).toString();
    } catch (e) {
      issues.push(issue(path, `pom.xml: ${name}: ${(e as Error).message}`, line));
      continue;
    }
    const id = `${name}@${version}:${d.type}:${d.classifier}:${scope}`;
    if (seen.has(id)) continue;
    seen.add(id);
    packages.push({
      ecosystem: 'Maven',
      name,
      version,
      purl,
      direct: true,
      dev: scope === 'test',
      pinned,
      source: path,
      line,
    });
  }
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'maven/pom',
  ecosystem: 'Maven',
  accepts: (path) => path === 'pom.xml' || path.endsWith('/pom.xml'),
  extract: extractPom,
};
