/**
 * Code (typically an install script) that downloads a program or archive over plain `http://` and
 * saves, extracts, marks executable or runs it: anyone on the network path (public Wi-Fi, a proxy,
 * a compromised router) can swap the file and get code execution on every machine that installs
 * the package. Reported at the URL literal:
 *   - a URL naming an artifact (`.jar`, `.exe`, `.tar.gz`, `.zip`, `.sh` …), or
 *   - a URL that says it is a download (`downloads.` host, `/releases/`, a `downloadUrl` variable) in
 *     a file that fetches over HTTP and writes, extracts, chmods or executes what it gets; one only
 *     named as a URL (`baseUrl`, `href`) must be fetched by a call whose answer is the one saved, or
 *   - `curl`/`wget` of an http:// URL in a command line.
 * Plain HTTP API calls whose answer is parsed as data are not this rule (no artifact, no disk).
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, memberName, unwrap } from '../ir/api-names.js';
import { type CallSite, type FileFacts, type N, enclosingFunction, factsOf, functionName, hitAt, lastName, namesIn, targetOf, words } from './ast-facts.js';
import { walk } from '../parse/walk.js';

/** A whole-string http:// URL and its host. */
// Linear: the host stops at the first of /:?# and the rest must start with it (no split to retry).
const HTTP_URL = /^http:\/\/([^/\s:?#]+)(?:[/:?#]\S*)?$/i;
/** Hosts that are this machine or a private network. */
const LOCAL_IP = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+)$/i;
/** Domains (and their subdomains) of documentation examples, local names and XML/schema namespaces. */
const NOT_DOWNLOAD_DOMAINS = [
  'local', 'localhost', 'test', 'invalid', 'example', 'internal', 'lan', 'example.com', 'example.org', 'example.net',
  'w3.org', 'purl.org', 'xmlns.com', 'json-schema.org', 'ns.adobe.com', 'opengis.net', 'xml.org', 'docbook.org',
  'relaxng.org', 'jabber.org', 'openid.net', 'ogp.me', 'schemas.microsoft.com', 'schemas.xmlsoap.org', 'schemas.openxmlformats.org',
];

function localHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOCAL_IP.test(h) || NOT_DOWNLOAD_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}
/** File types that are programs or archives (checked against the end of the URL's path). */
const ARTIFACT = /\.(?:jar|war|exe|msi|zip|tar|tgz|tbz2?|txz|gz|bz2|xz|7z|rar|dmg|pkg|deb|rpm|apk|appimage|sh|ps1|bat|cmd|bin|dll|so|dylib|whl|node|crx|vsix|xpi|iso|img|run)$/i;
/** Words in a URL or a variable name that say "a file to install". */
const DOWNLOAD_WORDS = new Set([
  'download', 'downloads', 'release', 'releases', 'dist', 'bin', 'binary', 'binaries', 'installer', 'install', 'mirror',
  'mirrors', 'artifact', 'artifacts', 'tarball', 'archive', 'executable', 'executables', 'driver', 'jar', 'exe', 'zip',
  'setup', 'packages', 'files',
]);
/** Names of variables and properties that hold a URL to fetch from. */
const URL_WORDS = new Set(['url', 'uri', 'host', 'base', 'cdn', 'server', 'origin', 'endpoint', 'source', 'src', 'remote', 'location', 'href']);
/** HTTP clients by API path, and download helpers by name. */
// One pattern per depth: apiMatches compares segment by segment, so a dotted alternative inside braces never matches.
const FETCH_API = ['{http,https}.{get,request}', 'follow-redirects.{http,https}.{get,request}'];
const FETCH_MODULES = /^(?:fetch|node-fetch|axios|got|request|needle|superagent|download|nugget|wget-improved|node-wget|make-fetch-happen|undici|phin|simple-get|hyperquest)(?:\.|$)/;
const FETCH_NAME = /^(?:download|downloadFile|downloadTo|fetchBinary|fetchFile|httpGet|getBinary)$/;
/** Calls that put the response on disk, unpack it, make it executable or run it (by API path). */
const DISK_API = [
  '{fs,fs-extra,graceful-fs}.{createWriteStream,writeFile,writeFileSync,outputFile,outputFileSync,chmod,chmodSync}',
  // `fs/promises` and `fs.promises` both resolve to fs.promises.*.
  '{fs,fs-extra,graceful-fs}.promises.{writeFile,chmod}',
  '{child_process,cross-spawn,execa}.{exec,execSync,execFile,execFileSync,spawn,spawnSync}', '{cross-spawn,execa}',
  '{tar,unzipper,decompress,extract-zip,adm-zip,yauzl,tar-fs,targz,gunzip-maybe,zlib}.*', '{decompress,extract-zip,targz}',
];
const DISK_NAME = /^(?:createWriteStream|chmod|chmodSync|extractAllTo|extractAll|untar|unzip)$/;
/** Test files: a URL there is an expected value, not a download. */
const TEST_PATH = /(?:^|\/)(?:test|tests|__tests__|spec|specs|__mocks__|fixtures?)\/|[._-](?:test|spec)\.[cm]?[jt]sx?$/i;
/**
 * A shell download of an http:// URL inside a command line: curl/wget as a command (followed by a
 * space, not `curl, wget` in prose) and a URL with a host. Not linear (each curl/wget rescans its
 * line); bounded by the 2,000-character cap on the strings it is run on.
 */
const SHELL_FETCH = /\b(?:curl|wget)\s[^\n]*?\bhttp:\/\/([a-z0-9][^/\s:'"?#,;)]*)/i;

/** The literal text of the string the literal is a part of (`'http://h/' + v + '.jar'` → `http://h/*.jar`). */
function builtText(lit: N, f: FileFacts): { text: string; top: N } {
  let top = lit;
  for (let i = 0; i < 16; i++) {
    const p = f.parent.get(top);
    if (!p || !((p.type === 'BinaryExpression' && p.operator === '+') || p.type === 'TemplateLiteral' || p.type === 'ParenthesizedExpression')) break;
    top = p;
  }
  const parts: string[] = [];
  const visit = (n: N, depth: number): void => {
    if (depth > 16) return;
    const u = unwrap(n);
    if (u.type === 'Literal' && typeof u.value === 'string') parts.push(u.value);
    else if (u.type === 'BinaryExpression' && u.operator === '+') {
      visit(u.left, depth + 1);
      visit(u.right, depth + 1);
    } else if (u.type === 'TemplateLiteral') {
      (u.quasis as N[]).forEach((q, i) => {
        parts.push(String(q.value.cooked ?? ''));
        if (i < u.expressions.length) parts.push('*');
      });
    } else parts.push('*');
  };
  visit(top, 0);
  return { text: parts.join(''), top };
}

/** The path of a URL text, without query and fragment. */
function urlPath(text: string): string {
  const afterHost = text.replace(/^http:\/\/[^/]*/i, '');
  const cut = afterHost.search(/[?#]/);
  return cut < 0 ? afterHost : afterHost.slice(0, cut);
}

function hasDownloadWord(text: string): boolean {
  return text.toLowerCase().split(/[^a-z0-9]+/).some((w) => DOWNLOAD_WORDS.has(w));
}

function isFetch(c: CallSite): boolean {
  if (c.name !== undefined && FETCH_NAME.test(c.name)) return true;
  const path = c.path;
  return path !== undefined && (FETCH_API.some((p) => apiMatches(p, path)) || FETCH_MODULES.test(path));
}

function isDisk(c: CallSite): boolean {
  if (c.name !== undefined && DISK_NAME.test(c.name)) return true;
  const path = c.path;
  return path !== undefined && DISK_API.some((p) => apiMatches(p, path));
}

/** Does the file fetch over HTTP and write, unpack, chmod or run something? */
function downloadsToDisk(f: FileFacts): boolean {
  let fetches = false;
  let disk = false;
  for (const c of f.calls) {
    if (!fetches) fetches = isFetch(c);
    if (!disk) disk = isDisk(c);
    if (fetches && disk) return true;
  }
  return false;
}

const within = (n: N, outer: N): boolean => n.start >= outer.start && n.end <= outer.end;

/** `res.json()`, `JSON.parse(x)`, `JSON.stringify(x)`: the answer handled as data, not saved as a file. */
function parsedAsData(n: N): boolean {
  const u = unwrap(n);
  if (u.type === 'AwaitExpression') return parsedAsData(u.argument);
  if (u.type !== 'CallExpression') return false;
  const c = unwrap(u.callee);
  if (c.type !== 'MemberExpression') return false;
  const m = memberName(c);
  return m === 'json' || ((m === 'parse' || m === 'stringify') && lastName(c.object) === 'JSON');
}

/**
 * Fetch calls whose answer is what gets written, unpacked, chmodded or run: a disk call inside the
 * fetch or its chain (`http.get(u, (res) => res.pipe(fs.createWriteStream(d)))`, `.then(…)`), a disk
 * call around it, or one given the variable holding the answer (or one made from it, not parsed as JSON).
 */
function savingFetches(f: FileFacts): CallSite[] {
  const disks = f.calls.filter(isDisk);
  if (disks.length === 0) return [];
  return f.calls.filter((c) => {
    if (!isFetch(c)) return false;
    let chain = c.node;
    for (let i = 0; i < 16; i++) {
      const p = f.parent.get(chain);
      if (!p || !((p.type === 'MemberExpression' && p.object === chain) || (p.type === 'CallExpression' && p.callee === chain) || p.type === 'AwaitExpression' || p.type === 'ParenthesizedExpression')) break;
      chain = p;
    }
    if (disks.some((d) => d !== c && (within(d.node, chain) || within(chain, d.node)))) return true;
    const held = new Set(targetOf(chain, f).names);
    if (held.size === 0) return false;
    // Names are followed only inside the function that fetched (another function's `res` is another value).
    const fn = enclosingFunction(chain, f);
    const here = (n: N): boolean => !fn || within(n, fn);
    // Variables made from the answer (`const buf = Buffer.from(await res.arrayBuffer())`), two steps.
    for (let step = 0; step < 2; step++) {
      for (const d of f.declarators) {
        if (d.init && d.id.type === 'Identifier' && here(d) && !parsedAsData(d.init) && namesIn(d.init, 100).some((nm) => held.has(nm))) held.add(d.id.name);
      }
    }
    return disks.some((d) => {
      if (!here(d.node)) return false;
      const args = (d.node.arguments as N[]).filter((a) => !parsedAsData(a));
      if (args.some((a) => namesIn(a, 100).some((nm) => held.has(nm)))) return true;
      // `res.pipe(fs.createWriteStream(dest))`: the disk call is an argument of a call on the answer.
      const p = f.parent.get(d.node);
      return p?.type === 'CallExpression' && p.callee !== d.node && namesIn(p.callee, 50).some((nm) => held.has(nm));
    });
  });
}

/** Is the URL (where it is built, or the variable or function returning it) an argument of a fetch that saves its answer? */
function fedToSavingFetch(top: N, f: FileFacts, saving: CallSite[]): boolean {
  const t = targetOf(top, f);
  let holder = t.variable;
  if (!holder && t.returned) {
    const fn = enclosingFunction(top, f);
    holder = fn ? functionName(fn, f) : undefined;
  }
  return saving.some((c) => (c.node.arguments as N[]).some((a) => within(top, a) || (holder !== undefined && namesIn(a, 100).includes(holder))));
}

/**
 * Scripts run at install or build time: install.js, postinstall.mjs, lib/data/install-hook.js,
 * scripts/preinstall.js. Tested on the base name in two linear steps: one regex with a run on both
 * sides of "install" would backtrack quadratically on long names.
 */
function isInstallScript(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^[\w.-]+\.[cm]?js$/i.test(base) && base.toLowerCase().includes('install');
}

/** Is this fetch's target plainly this machine or an https URL (which node's http module refuses anyway)? */
function localOrTls(arg: N | undefined, f: FileFacts): boolean {
  if (!arg) return true;
  const u = unwrap(arg);
  const text = u.type === 'Literal' && typeof u.value === 'string' ? u.value : undefined;
  if (text !== undefined) {
    const m = /^([a-z]+):\/\/([^/\s:?#]+)/i.exec(text);
    return !m || m[1]!.toLowerCase() !== 'http' || localHost(m[2]!);
  }
  if (u.type === 'ObjectExpression') {
    for (const q of u.properties as N[]) {
      if (q.type !== 'Property') continue;
      const k = (q.key as N).type === 'Identifier' ? (q.key as N).name : (q.key as N).value;
      const v = unwrap(q.value as N);
      if ((k === 'host' || k === 'hostname') && v.type === 'Literal' && typeof v.value === 'string' && localHost(v.value)) return true;
    }
  }
  return false;
}

/**
 * An install or build-time script that fetches with node's own `http` module (never TLS) and saves
 * what it gets: data or code swapped on the network path lands in every installation.
 */
function plainHttpInstall(f: FileFacts): AstHit[] {
  if (!downloadsToDisk(f)) return [];
  const out: AstHit[] = [];
  for (const c of f.calls) {
    if (!c.path || !apiMatches('http.{get,request}', c.path) || localOrTls((c.node.arguments as N[])[0], f)) continue;
    out.push(hitAt(c.node, 'this install script downloads with node\'s http module (no TLS) and saves the answer: anyone on the network path can swap what every installation gets. Use https and check a pinned checksum'));
  }
  return out;
}

export const insecureDownload: AstRule = {
  meta: {
    id: 'sast/js/insecure-download',
    title: 'Program or archive downloaded over plain HTTP',
    severity: 'high',
    cwe: [494, 319],
    description:
      'A program, archive or script is downloaded from an http:// URL and saved, unpacked, made executable or run ' +
      '(typically by an install script). Plain HTTP has no integrity: anyone on the network path can replace the file ' +
      'and run code on every machine that installs or starts the application.',
    remediation:
      'Download over https:// and verify the file against a checksum or signature pinned in the package (not one ' +
      'fetched from the same server) before extracting, chmod-ing or running it.',
    references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://cwe.mitre.org/data/definitions/319.html'],
  },
  check(file, api) {
    if (TEST_PATH.test(file.path)) return [];
    const install = isInstallScript(file.path);
    if (!install && !/http:\/\//i.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    // The http:// URLs are reported where they are written; an install script with none of them found
    // (the URL built from parts or kept in another module) is reported at its fetches.
    if (!/http:\/\//i.test(file.source)) return install ? plainHttpInstall(f) : out;
    let disk: boolean | undefined;
    let saving: CallSite[] | undefined;
    walk(file.program, (node) => {
      const n = node as N;
      let s: string | undefined;
      if (n.type === 'Literal' && typeof n.value === 'string') s = n.value;
      else if (n.type === 'TemplateElement') s = String(n.value.cooked ?? '');
      if (s === undefined || s.length > 2000 || !/http:\/\//i.test(s)) return true;
      const shell = SHELL_FETCH.exec(s);
      if (shell && !localHost(shell[1]!)) {
        out.push(hitAt(n, `a command line downloads from http://${shell[1]} without TLS; anyone on the network path can swap the file. Use https:// and check a pinned checksum`));
        return true;
      }
      const m = HTTP_URL.exec(s);
      if (!m || localHost(m[1]!)) return true;
      // A template's first part stands for the whole template.
      const lit = n.type === 'TemplateElement' ? (f.parent.get(n) ?? n) : n;
      const { text, top } = builtText(lit, f);
      const path = urlPath(text);
      let why: string | undefined;
      if (ARTIFACT.test(path)) why = `names a file to install (${path.slice(path.lastIndexOf('.'))})`;
      else if (disk ??= downloadsToDisk(f)) {
        // A file that fetches and saves, unpacks or runs: its http:// URLs are where the files come from,
        // unless the URL is plainly something else (a home page or a link shown to the user).
        const names = targetOf(top, f).names;
        const says = hasDownloadWord(m[1]!) || hasDownloadWord(path) || names.some((nm) => words(nm).some((w) => DOWNLOAD_WORDS.has(w)));
        // A name that only says "URL" (`baseUrl`, `href`) could be an API's or a link's: it must be
        // fetched by a call whose answer this file saves, unpacks or runs.
        const urlNamed = !says && names.some((nm) => words(nm).some((w) => URL_WORDS.has(w)));
        if (says || (urlNamed && fedToSavingFetch(top, f, (saving ??= savingFetches(f))))) why = 'is downloaded and written to disk, unpacked or run by this file';
      }
      if (why) out.push(hitAt(n, `http://${m[1]} ${why}, without TLS: anyone on the network path can swap the file. Use https:// and check a pinned checksum or signature`));
      return true;
    });
    return install && out.length === 0 ? plainHttpInstall(f) : out;
  },
};
