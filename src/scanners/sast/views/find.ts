/**
 * Where a project's view templates are: `views/` folders next to (or above) the scanned sources,
 * and folders the code names (`app.set('views', path.join(__dirname, 'pages'))`, Fastify's and
 * koa-ejs's `root:`, koa-views' `views(dir)`, hapi vision's `path:`), found by a text search of
 * the few files that configure an app.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { Syntax } from './syntaxes.js';

/** Template extensions and their syntaxes; `.html` is sniffed as any of three. */
export const TEMPLATE_SYNTAX: Readonly<Record<string, readonly Syntax[]>> = {
  '.ejs': ['ejs'],
  '.eta': ['eta'],
  '.pug': ['pug'],
  '.jade': ['pug'],
  '.hbs': ['handlebars'],
  '.handlebars': ['handlebars'],
  '.mustache': ['mustache'],
  '.njk': ['nunjucks'],
  '.nunjucks': ['nunjucks'],
  '.swig': ['nunjucks'],
  '.twig': ['twig'],
  '.liquid': ['liquid'],
  '.html': ['ejs', 'handlebars', 'nunjucks'],
  '.htm': ['ejs', 'handlebars', 'nunjucks'],
};

/** Templates bigger than this are not read (generated or vendored). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
const MAX_TEMPLATES = 3000;
const MAX_DEPTH = 8;
/** Scanned files that may configure the app's views: read for a views folder. */
const CONFIG_NAME = /^(?:app|server|index|main|www|express|koa|fastify|hapi|config|bootstrap|start|setup|plugins?|views?|render(?:er)?)$/i;
const MAX_CONFIG_BYTES = 256 * 1024;

export interface ViewFile {
  abs: string;
  /** Root-relative, `/`-separated (shown in findings). */
  rel: string;
  /** The views folder it is under. */
  dir: string;
  /** Relative to that folder without the extension: `users/show`. */
  name: string;
  ext: string;
}

const isDir = (p: string, memo: Map<string, boolean>): boolean => {
  let v = memo.get(p);
  if (v === undefined) {
    // No exception for a missing path: most folders have no views/ (thrown errors cost 10x the stat).
    v = statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
    memo.set(p, v);
  }
  return v;
};

/**
 * A scanned file that may set up the app's views: `app`, `server`, `express`, … up to 4 folders
 * deep, `index` up to 2 (a service has one per module), or anything under `config/`. Apps are
 * configured near the top; reading every module's index would cost a read per module.
 */
function isConfigFile(rel: string): boolean {
  const slash = rel.lastIndexOf('/');
  const dot = rel.lastIndexOf('.');
  const name = rel.slice(slash + 1, dot > slash ? dot : undefined);
  const inConfig = rel.startsWith('config/') || rel.includes('/config/');
  if (!inConfig && !CONFIG_NAME.test(name)) return false; // most files stop here, before counting folders
  const depth = folderDepth(rel) - 1;
  return !inConfig && name.toLowerCase() === 'index' ? depth <= 2 : depth <= 4;
}
const MAX_CONFIG_FILES = 40;
/** Folders deeper than this are not checked for a views/ child. */
const MAX_VIEWS_PARENT_DEPTH = 3;

/** Folders in a root-relative folder path: '' 0, `src` 1, `src/app` 2. */
function folderDepth(d: string): number {
  if (!d) return 0;
  let n = 1;
  for (let k = d.indexOf('/'); k >= 0; k = d.indexOf('/', k + 1)) n++;
  return n;
}

export interface ViewConfig {
  dirs: string[];
  /** Syntaxes the configuration renders without escaping (swig/nunjucks `autoescape: false`, Handlebars `noEscape: true`). */
  escapingOff: Set<Syntax>;
}

/**
 * Views folders: `views` in the folder of every scanned file and each folder above it up to the
 * root, plus those named in configuration code. `files` are root-relative paths; without them the
 * tree is walked a few levels deep for `views` folders.
 */
export function findViews(root: string, files?: readonly string[]): ViewConfig {
  const absRoot = resolve(root);
  const found = new Set<string>();
  const escapingOff = new Set<Syntax>();
  const memo = new Map<string, boolean>();
  if (files) {
    const seen = new Set<string>();
    let configs = 0;
    for (const f of files) {
      // Folders as root-relative strings ('' is the root): one stat per distinct folder, no path joins per file.
      let d = f.slice(0, Math.max(0, f.lastIndexOf('/')));
      while (!seen.has(d)) {
        seen.add(d);
        if (d.startsWith('..') || d.startsWith('/')) break; // outside the root
        // views/ sits near an app's top (`views`, `src/views`, `packages/web/src/views`): deeper folders are modules.
        if (folderDepth(d) <= MAX_VIEWS_PARENT_DEPTH && isDir(d ? join(absRoot, d, 'views') : join(absRoot, 'views'), memo)) {
          found.add(d ? join(absRoot, d, 'views') : join(absRoot, 'views'));
        }
        if (!d) break;
        d = d.slice(0, Math.max(0, d.lastIndexOf('/')));
      }
      if (configs < MAX_CONFIG_FILES && isConfigFile(f)) {
        configs++;
        const c = readConfig(absRoot, f);
        for (const v of c.dirs) if (isDir(v, memo)) found.add(v);
        for (const x of c.escapingOff) escapingOff.add(x);
      }
    }
  } else {
    walk(absRoot, 0, (d, e) => {
      if (e.isDirectory() && e.name === 'views') found.add(join(d, e.name));
    }, 4);
  }
  return { dirs: [...found].sort(), escapingOff };
}

const NONE: ViewConfig = { dirs: [], escapingOff: new Set() };

/** Folders a configuration file names as its views root, and template engines it turns escaping off for. */
export function readConfig(absRoot: string, relFile: string): ViewConfig {
  const abs = join(absRoot, relFile);
  let text: string;
  try {
    if (statSync(abs).size > MAX_CONFIG_BYTES) return NONE;
    text = readFileSync(abs, 'utf8');
  } catch {
    return NONE;
  }
  const escapingOff = new Set<Syntax>();
  if (/swig|nunjucks/.test(text) && activeMatch(text, /\bautoescape['"]?\s*:\s*false\b/g)) escapingOff.add('nunjucks');
  if (/handlebars|\bhbs\b/.test(text) && activeMatch(text, /\bnoEscape['"]?\s*:\s*true\b/g)) escapingOff.add('handlebars');
  if (!/views|view'|vision|koa-ejs/.test(text)) return { dirs: [], escapingOff };
  const out: string[] = [];
  const fileDir = dirname(abs);
  const add = (arg: string | undefined) => {
    if (arg === undefined) return;
    const parts = [...arg.matchAll(/['"`]([^'"`\n]{0,200})['"`]/g)].map((m) => m[1]!);
    if (!parts.length) return;
    const base = /__dirname|import\.meta/.test(arg) ? fileDir : absRoot;
    if (arg.trimStart().startsWith('[')) for (const p of parts) out.push(resolve(base, p));
    else out.push(resolve(base, ...parts.map((p) => p.replace(/^\//, ''))));
  };
  // Express: app.set('views', X)
  for (const m of text.matchAll(/\.set\(\s*['"]views['"]\s*,/g)) add(argument(text, m.index + m[0].length));
  // koa-views: views(X, …)
  if (/koa-views/.test(text)) for (const m of text.matchAll(/\bviews\(/g)) add(argument(text, m.index + m[0].length));
  // @fastify/view, point-of-view, koa-ejs: { root: X }; hapi vision: { path: X, relativeTo: __dirname }
  if (/@fastify\/view|point-of-view|koa-ejs|@ladjs\/koa-views/.test(text)) for (const m of text.matchAll(/\broot\s*:/g)) add(argument(text, m.index + m[0].length));
  if (/vision/.test(text)) {
    for (const m of text.matchAll(/\bpath\s*:/g)) {
      const a = argument(text, m.index + m[0].length);
      // `relativeTo: __dirname` makes the path relative to this file.
      add(a && /relativeTo\s*:\s*__dirname/.test(text) && !/__dirname/.test(a) ? `__dirname, ${a}` : a);
    }
  }
  return { dirs: out.slice(0, 20), escapingOff };
}

/** A match of `re` (global) on a line that is not commented out (`// autoescape: false // the fix` is not). */
function activeMatch(text: string, re: RegExp): boolean {
  for (const m of text.matchAll(re)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index).trimStart();
    if (!before.startsWith('//') && !before.startsWith('*') && !before.startsWith('/*')) return true;
  }
  return false;
}

/** The text of one argument starting at `from`: up to a comma or closing bracket outside brackets (at most 300 characters). */
function argument(text: string, from: number): string | undefined {
  let depth = 0;
  const end = Math.min(text.length, from + 300);
  for (let k = from; k < end; k++) {
    const ch = text[k]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      k++;
      while (k < end && text[k] !== ch) k += text[k] === '\\' ? 2 : 1;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) return text.slice(from, k);
      depth--;
    } else if (ch === ',' && depth === 0) return text.slice(from, k);
  }
  return undefined;
}

/** Template files under the views folders (a folder inside another is listed once). */
export function listViews(absRoot: string, dirs: readonly string[]): ViewFile[] {
  const out: ViewFile[] = [];
  const taken = new Set<string>();
  for (const dir of dirs) {
    walk(dir, 0, (d, e) => {
      if (!e.isFile() || out.length >= MAX_TEMPLATES) return;
      const ext = extname(e.name).toLowerCase();
      if (!TEMPLATE_SYNTAX[ext]) return;
      const abs = join(d, e.name);
      if (taken.has(abs)) return;
      taken.add(abs);
      const name = relative(dir, abs).split(sep).join('/');
      out.push({ abs, rel: relative(absRoot, abs).split(sep).join('/'), dir, name: name.slice(0, name.length - ext.length), ext });
    }, MAX_DEPTH);
  }
  return out;
}

function walk(dir: string, depth: number, visit: (dir: string, e: Dirent) => void, maxDepth: number): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    visit(dir, e);
    if (e.isDirectory() && depth < maxDepth) walk(join(dir, e.name), depth + 1, visit, maxDepth);
  }
}
