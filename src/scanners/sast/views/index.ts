/**
 * The project's view templates read for the locals they output without escaping. Whether
 * `res.render('profile', { bio })` is XSS is decided in views/profile.ejs (`<%- bio %>` is raw,
 * `<%= bio %>` escaped); models/view-sinks.ts turns these into sinks on the render calls.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findViews, listViews, MAX_TEMPLATE_BYTES, TEMPLATE_SYNTAX, type ViewFile } from './find.js';
import { MAX_PATH } from './expr.js';
import { scanTemplate, type Include, type RawOutput, type Syntax, type TemplateScan } from './syntaxes.js';

export interface ViewLocal {
  /** The view's name as a render call gives it, without the extension: `users/show`. */
  view: string;
  /** Its extension, `.ejs` (a render call may name it). */
  ext: string;
  /** The view's template (root-relative). */
  viewFile: string;
  /** The local's member path, `user.bio`. */
  local: string;
  /** Where it is output raw: the view or a template it includes (root-relative). */
  file: string;
  line: number;
  /** The construct: `<%- %>`, `{{{ }}}`, `| safe`. */
  how: string;
}

/** Includes followed from a view (a partial including a partial …), and templates looked at per view. */
const MAX_INCLUDE_DEPTH = 6;
const MAX_INCLUDE_VISITS = 100;
/**
 * Each (view, local) becomes 9 render-call sinks (views/sinks.ts), compared at every render call and
 * hashed into the cache key: past this many, a generated or vendored tree of templates is not modelled further.
 */
const MAX_VIEW_LOCALS = 1000;
/** Raw outputs of one local kept per view (distinct lines). */
const MAX_LINES_PER_LOCAL = 4;

type PathMap = (path: string[]) => string[] | undefined;

/** A partial's path in the includer's terms: a member of the data given with it, else the includer's own local. */
function throughData(data: Record<string, string[] | null>, outer: PathMap): PathMap {
  return (path) => {
    if (!Object.hasOwn(data, path[0]!)) return outer(path);
    const to = data[path[0]!];
    return to ? outer([...to, ...path.slice(1)].slice(0, MAX_PATH)) : undefined;
  };
}

/**
 * Every (view, local) a project's templates output unescaped, in a stable order. Never throws: an
 * unreadable tree or a template the scanners cannot make sense of gives fewer sinks, not a failed scan.
 */
export function viewLocals(root: string, files?: readonly string[]): ViewLocal[] {
  try {
    return collect(root, files);
  } catch {
    return [];
  }
}

function collect(root: string, files?: readonly string[]): ViewLocal[] {
  const absRoot = resolve(root);
  const config = findViews(absRoot, files);
  const views = listViews(absRoot, config.dirs);
  if (!views.length) return [];
  const byAbs = new Map(views.map((v) => [v.abs, v]));
  const scans = new Map<string, TemplateScan>();
  for (const v of views) scans.set(v.abs, readScan(v, config.escapingOff));

  const out: ViewLocal[] = [];
  for (const v of views) {
    /** Per local, its raw outputs (each line is a finding of its own: `onclick="…<%- x %>"` and `<%- x %>`). */
    const seen = new Map<string, (RawOutput & { file: string })[]>();
    let budget = MAX_INCLUDE_VISITS;
    /** `toView` maps a path in `f` to the view's local it is (undefined: none), through the includes' data. */
    const visit = (f: ViewFile, depth: number, toView: PathMap): void => {
      if (depth > MAX_INCLUDE_DEPTH || budget-- <= 0) return;
      const scan = scans.get(f.abs)!;
      for (const o of scan.outputs) {
        const path = toView(o.path);
        const key = path?.join('.');
        if (!key) continue;
        const at = seen.get(key);
        if (!at) seen.set(key, [{ ...o, path: path!, file: f.rel }]);
        else if (at.length < MAX_LINES_PER_LOCAL && !at.some((x) => x.file === f.rel && x.line === o.line)) at.push({ ...o, path: path!, file: f.rel });
      }
      for (const inc of scan.includes) {
        const target = resolveInclude(f, inc.name, byAbs);
        if (target && target.abs !== f.abs) visit(target, depth + 1, inc.data ? throughData(inc.data, toView) : toView);
      }
    };
    visit(v, 0, (p) => p);
    for (const [local, os] of seen) {
      for (const o of os) if (out.length < MAX_VIEW_LOCALS) out.push({ view: v.name, ext: v.ext, viewFile: v.rel, local, file: o.file, line: o.line, how: o.how });
    }
  }
  return out;
}

function readScan(v: ViewFile, escapingOff: ReadonlySet<Syntax>): TemplateScan {
  let text: string;
  try {
    if (statSync(v.abs).size > MAX_TEMPLATE_BYTES) return { outputs: [], includes: [] };
    text = readFileSync(v.abs, 'utf8');
  } catch {
    return { outputs: [], includes: [] };
  }
  const outputs: RawOutput[] = [];
  const includes: Include[] = [];
  for (const syntax of TEMPLATE_SYNTAX[v.ext] ?? []) {
    const s = scanTemplate(text, syntax, escapingOff.has(syntax));
    outputs.push(...s.outputs);
    includes.push(...s.includes);
  }
  outputs.sort((a, b) => a.line - b.line);
  return { outputs, includes };
}

/** A partial's file: next to the includer, under the views folder, or its `partials/`; with or without an extension. */
function resolveInclude(from: ViewFile, name: string, byAbs: ReadonlyMap<string, ViewFile>): ViewFile | undefined {
  const bases = name.startsWith('/') ? [from.dir] : [dirname(from.abs), from.dir, join(from.dir, 'partials')];
  const rel = name.replace(/^\/+/, '');
  for (const base of bases) {
    const p = resolve(base, rel);
    const hit = byAbs.get(p) ?? byAbs.get(p + from.ext);
    if (hit) return hit;
    for (const ext of Object.keys(TEMPLATE_SYNTAX)) {
      const h = byAbs.get(p + ext);
      if (h) return h;
    }
  }
  return undefined;
}
