import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { PackageURL } from 'packageurl-js';
import type { ScanIssue } from '../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../types.js';
import { baseName, langIssue } from './common.js';

/**
 * Java archives (JAR, WAR, EAR, and the same zip layout as Jenkins `.jpi`/`.hpi` plugins and
 * `.par`) read from memory with yauzl, nothing extracted to disk.
 *
 * Identity of each archive, strongest first:
 *   1. every `META-INF/maven/<group>/<artifact>/pom.properties` (groupId, artifactId, version):
 *      one per bundled artifact, so a shaded jar reports each artifact it carries;
 *   2. else `META-INF/MANIFEST.MF` main section: version from `Implementation-Version` or
 *      `Bundle-Version`, artifact from the file name, group from `Implementation-Vendor-Id`
 *      or the `Bundle-SymbolicName` prefix before `.<artifact>` (weaker: jars are free to
 *      write anything there);
 *   3. else the file name `artifact-1.2.3.jar`.
 * Without a group the name is the artifact alone, which never matches a Maven advisory
 * (`group:artifact`) but still lists the jar in the inventory.
 *
 * Archives inside archives (WEB-INF/lib, BOOT-INF/lib, lib/, an EAR's modules) are read the
 * same way down to MAX_DEPTH, each under a size cap, with a budget on the bytes inflated per
 * top-level file so a zip bomb cannot exhaust memory. Packages keep the top-level file as
 * `source` (the file that exists in the image); issues name the nested path `a.war!/x.jar`.
 */
const ARCHIVE = /\.(?:jar|war|ear|jpi|hpi|par)$/i;
const MAX_BYTES = 256 << 20;
const MAX_DEPTH = 3;
/** Largest nested archive read into memory. */
const MAX_NESTED_BYTES = 64 << 20;
/** Largest pom.properties / MANIFEST.MF read. */
const MAX_META_BYTES = 1 << 20;
/** Inflated bytes per top-level file, all nesting levels together. */
const MAX_TOTAL_INFLATED = 512 << 20;
/** Nested archives opened per top-level file: a zip of thousands of empty jars is not a real app. */
const MAX_ARCHIVES = 4096;
const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
const MANIFEST = /^META-INF\/MANIFEST\.MF$/i;

interface Walk {
  /** Top-level file path in the image: every package's `source`. */
  source: string;
  issues: ScanIssue[];
  budget: number;
  /** Nested archives still allowed. */
  archivesLeft: number;
}

class TooBig extends Error {}

/** `key=value` / `key: value` lines; `#` and `!` comments. Enough for Maven's generated files. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // key, then one separator (`=`, `:` or whitespace) with blanks around it: sliced, not one
    // regex with two adjacent blank runs (that backtracks quadratically on long blank runs).
    const key = /^[^=:\s]+/.exec(line)?.[0];
    if (!key) continue;
    let rest = line.slice(key.length).trimStart();
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1);
    out.set(key, rest.trim());
  }
  return out;
}

/** Main-section attributes of a JAR manifest (continuation lines start with one space). */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // end of the main section
    if (line.startsWith(' ')) {
      if (last !== undefined) out.set(last, out.get(last)! + line.slice(1));
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) {
      last = undefined;
      continue;
    }
    last = line.slice(0, i).trim().toLowerCase();
    out.set(last, line.slice(i + 1).trim());
  }
  return out;
}

/** `commons-lang3-3.12.0.jar` → commons-lang3 / 3.12.0; `guava-31.1-jre.jar` → guava / 31.1-jre. */
export function nameFromFileName(path: string): { artifact: string; version?: string } {
  const stem = baseName(path).slice(0, 255).replace(ARCHIVE, '');
  // Greedy name: the version is the last `-<digit>` run (`log4j-1.2-api-2.17.1`), with
  // optional `-QUALIFIER` parts (`-SNAPSHOT`, `-jre`, `-RELEASE`).
  const m = /^(.+)-(\d[\w.]*(?:-[A-Za-z][\w.]*)*)$/.exec(stem);
  return m ? { artifact: m[1]!, version: m[2]! } : { artifact: stem };
}

function mavenPurl(group: string | undefined, artifact: string, version: string): string {
  try {
    return new PackageURL('maven', group || undefined, artifact, version, undefined, undefined).toString();
  } catch {
    return `pkg:maven/${group ? encodeURIComponent(group) + '/' : ''}${encodeURIComponent(artifact)}@${encodeURIComponent(version)}`;
  }
}

function mavenPackage(w: Walk, group: string | undefined, artifact: string, version: string): ImagePackage {
  const name = group ? `${group}:${artifact}` : artifact;
  return {
    ecosystem: 'Maven',
    name,
    version,
    purl: mavenPurl(group, artifact, version),
    direct: false,
    dev: false,
    // An unresolved `${...}` placeholder is not a version.
    pinned: /^\d/.test(version) && !version.includes('${'),
    source: w.source,
  };
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number, w: Walk): Promise<Buffer> {
  if (entry.uncompressedSize > cap || entry.uncompressedSize > w.budget) throw new TooBig(`${entry.uncompressedSize} bytes`);
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > cap || n > w.budget) {
      stream.destroy();
      throw new TooBig(`over ${Math.min(cap, w.budget)} bytes`);
    }
    chunks.push(c as Buffer);
  }
  w.budget -= n;
  return Buffer.concat(chunks);
}

/** A size cap hit is a skip; anything else (bad deflate data, a size the header does not match) a damaged entry. yauzl does not check CRCs. */
function entryIssue(at: string, err: unknown, tooBig: string): ScanIssue {
  if (err instanceof TooBig) return langIssue(at, tooBig, 'skipped-size');
  return langIssue(at, `unreadable zip entry (${(err as Error).message})`);
}

/**
 * Reads one archive (top-level or nested); problems become issues naming `display`. Returns the
 * archive's own packages first, then its nested archives' in entry order.
 */
async function walkArchive(buf: Buffer, display: string, depth: number, w: Walk): Promise<ImagePackage[]> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings: false: an odd entry name must not abort the whole archive (we never extract).
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch (err) {
    w.issues.push(langIssue(display, `not a readable zip archive (${(err as Error).message})`));
    return [];
  }
  const nested: ImagePackage[][] = [];
  const poms: { group: string; artifact: string; props: Map<string, string> }[] = [];
  let manifest: Map<string, string> | undefined;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (name.endsWith('/')) continue;
      const pom = POM_PROPERTIES.exec(name);
      const isManifest = MANIFEST.test(name);
      const isArchive = ARCHIVE.test(name);
      if (!pom && !isManifest && !isArchive) continue;
      const at = `${display}!/${name}`;
      if (entry.isEncrypted() || !entry.canDecodeFileData()) {
        w.issues.push(langIssue(at, 'skipped: encrypted or unsupported compression', 'other'));
        continue;
      }
      if (isArchive) {
        if (w.archivesLeft <= 0) {
          if (w.archivesLeft-- === 0) w.issues.push(langIssue(at, `skipped: more than ${MAX_ARCHIVES} nested archives in ${w.source}; the rest are not read`, 'skipped-size'));
          continue;
        }
        if (depth >= MAX_DEPTH) {
          w.issues.push(langIssue(at, `skipped: archives nested deeper than ${MAX_DEPTH} levels are not read`, 'skipped-size'));
          continue;
        }
        let inner: Buffer;
        try {
          inner = await readEntry(zip, entry, MAX_NESTED_BYTES, w);
        } catch (err) {
          w.issues.push(entryIssue(at, err, `skipped nested archive: ${(err as Error).message} is over the size limit (${MAX_NESTED_BYTES} bytes each, ${MAX_TOTAL_INFLATED} per file)`));
          continue;
        }
        w.archivesLeft--;
        nested.push(await walkArchive(inner, at, depth + 1, w));
        continue;
      }
      let data: Buffer;
      try {
        data = await readEntry(zip, entry, MAX_META_BYTES, w);
      } catch (err) {
        w.issues.push(entryIssue(at, err, `skipped: ${(err as Error).message} is over the ${MAX_META_BYTES}-byte limit`));
        continue;
      }
      if (pom) poms.push({ group: pom[1]!, artifact: pom[2]!, props: parseProperties(data.toString('utf8')) });
      else manifest = parseManifest(data.toString('utf8'));
    }
  } catch (err) {
    w.issues.push(langIssue(display, `damaged zip archive (${(err as Error).message})`));
    // What was read before the damage still counts.
  } finally {
    if (zip.isOpen) zip.close();
  }
  return [...identify(display, poms, manifest, w), ...nested.flat()];
}

function identify(display: string, poms: { group: string; artifact: string; props: Map<string, string> }[], manifest: Map<string, string> | undefined, w: Walk): ImagePackage[] {
  const found: ImagePackage[] = [];
  for (const p of poms) {
    const version = p.props.get('version');
    if (!version) {
      w.issues.push(langIssue(`${display}!/META-INF/maven/${p.group}/${p.artifact}/pom.properties`, 'pom.properties without a version'));
      continue;
    }
    found.push(mavenPackage(w, p.props.get('groupId') || p.group, p.props.get('artifactId') || p.artifact, version));
  }
  if (found.length > 0) return found;

  const file = nameFromFileName(display);
  const version = manifest?.get('implementation-version') || manifest?.get('bundle-version') || file.version;
  if (!version) {
    w.issues.push(langIssue(display, 'no Maven metadata, manifest version or versioned file name: archive not identified', 'other'));
    return [];
  }
  let group = manifest?.get('implementation-vendor-id') || undefined;
  if (!group) {
    const bsn = manifest?.get('bundle-symbolicname')?.split(';')[0]?.trim();
    if (bsn && bsn.endsWith(`.${file.artifact}`)) group = bsn.slice(0, -file.artifact.length - 1);
  }
  return [mavenPackage(w, group, file.artifact, version)];
}

export async function analyzeJavaArchive(path: string, content: Buffer): Promise<AnalyzerOutput> {
  const w: Walk = { source: path, issues: [], budget: MAX_TOTAL_INFLATED, archivesLeft: MAX_ARCHIVES };
  const packages = new Map<string, ImagePackage>();
  // The same artifact bundled twice (two WARs in an EAR sharing a lib) is one package of this file.
  for (const p of await walkArchive(content, path, 0, w)) if (!packages.has(`${p.name}@${p.version}`)) packages.set(`${p.name}@${p.version}`, p);
  const out: AnalyzerOutput = {};
  if (packages.size > 0) out.packages = [...packages.values()];
  if (w.issues.length > 0) out.issues = w.issues;
  return out;
}

export const javaAnalyzer: Analyzer = {
  id: 'lang/java-archive',
  maxBytes: MAX_BYTES,
  wants: (e) => e.type === 'file' && ARCHIVE.test(e.path),
  analyze: async (f) => {
    try {
      return await analyzeJavaArchive(f.path, f.content);
    } catch (err) {
      // The contract: never throw. Anything unforeseen becomes an issue on the file.
      return { issues: [langIssue(f.path, `unreadable Java archive (${(err as Error).message})`)] };
    }
  },
};
