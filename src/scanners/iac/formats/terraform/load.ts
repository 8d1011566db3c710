import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isRegularFileWithin, isWithin } from '../../../../core/paths.js';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { ScanIssue } from '../../../../core/scanner.js';
import type { CloudLoad, TerraformLoadOptions } from '../../model/load.js';
import type { Resource } from '../../model/resource.js';
import { emptyBody, type ParsedFile } from './ast.js';
import { collectDecls } from './decls.js';
import { newEvalState } from './eval.js';
import { callFunction, FunctionError, type FunctionContext } from './functions.js';
import { hclParser, parseHcl, parseHclExpression } from './hcl.js';
import { JsonSyntaxError, readJson, tfJsonBody } from './json.js';
import { ModuleInstance, type Host, type ModuleCode } from './module.js';
import { rootDirs } from './roots.js';
import { renderTemplate } from './templatefile.js';
import { rootInputs, type VarFile } from './tfvars.js';
import { unresolvedOf } from './unresolved.js';

/**
 * Loads Terraform: groups files by directory into modules, picks the root modules (directories
 * no other scanned module calls), evaluates each root with its local child modules, and returns
 * one CloudLoad per root. Never throws: problems become warnings on the load.
 */
export async function loadTerraform(files: { path: string; absPath: string }[], opts: TerraformLoadOptions): Promise<CloudLoad[]> {
  try {
    const parser = await hclParser();
    return new Loader(parser, opts).run(files);
  } catch (e) {
    const path = files[0]?.path ?? '.';
    return [{ resources: [], issues: [{ path, kind: 'other', scanner: 'iac', message: `Terraform loader failed: ${e instanceof Error ? e.message : String(e)}` }], unresolved: [], sources: new Map() }];
  }
}

const isTfFile = (name: string) => name.endsWith('.tf') || name.endsWith('.tf.json');
const toPosix = (p: string) => p.split(sep).join('/');
const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
/** Terraform treats only ./ and ../ prefixes as local paths; everything else is a registry, git or remote address. */
const isLocalSource = (s: string) => s.startsWith('./') || s.startsWith('../') || s.startsWith('.\\') || s.startsWith('..\\');
/** count/for_each expansion stops here per root (count = 1e9 must not hang the scan). */
const MAX_INSTANCES = 100_000;

interface ModuleFiles {
  code: ModuleCode;
  files: ParsedFile[];
}

class Loader {
  private readonly rootAbs: string;
  private readonly rootReal: string;
  /** Parsed modules by absolute directory: each file is parsed once, however often its module is called. */
  private readonly modules = new Map<string, ModuleFiles | null>();
  /** Parse issues by file, handed to the first load that uses the file. */
  private readonly parseIssues = new Map<string, ScanIssue>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly parser: Parser,
    private readonly opts: TerraformLoadOptions,
  ) {
    this.rootAbs = resolve(opts.root);
    this.rootReal = safeRealpath(this.rootAbs) ?? this.rootAbs;
  }

  run(files: { path: string; absPath: string }[]): CloudLoad[] {
    const byDir = new Map<string, { path: string; absPath: string }[]>();
    const seen = new Set<string>();
    for (const f of files) {
      // The same file listed twice would declare every resource twice.
      if (seen.has(f.path)) continue;
      seen.add(f.path);
      const d = dirOf(f.path);
      const l = byDir.get(d);
      if (l) l.push(f);
      else byDir.set(d, [f]);
    }
    const dirs = [...byDir.keys()].sort();
    for (const d of dirs) {
      const abs = resolve(this.rootAbs, d);
      // A module is its whole directory: files the scan did not list (one file scanned on its
      // own, an excluded sibling) still declare its variables and locals. The scanner reports
      // findings only for the files it was given.
      for (const n of this.opts.onlyGivenFiles ? [] : siblingsOf(abs)) {
        const path = d === '.' ? n : `${d}/${n}`;
        if (seen.has(path) || !isRegularFileWithin(this.rootReal, join(abs, n))) continue;
        seen.add(path);
        byDir.get(d)!.push({ path, absPath: join(abs, n) });
      }
      const list = byDir.get(d)!.sort((a, b) => (a.path < b.path ? -1 : 1));
      this.modules.set(abs, this.build(d, abs, list.map((f) => ({ path: f.path, abs: f.absPath }))));
    }
    const calls = new Map<string, string[]>();
    for (const d of dirs) {
      const m = this.modules.get(resolve(this.rootAbs, d));
      if (!m) continue;
      for (const decl of m.code.decls.modules.values()) {
        const src = decl.node.body.attrs.find((a) => a.name === 'source');
        if (src?.expr.k !== 'lit' || typeof src.expr.v !== 'string' || !isLocalSource(src.expr.v)) continue;
        const target = toPosix(relative(this.rootAbs, resolve(m.code.absDir, src.expr.v.replace(/\\/g, '/')))) || '.';
        if (byDir.has(target)) calls.set(d, [...(calls.get(d) ?? []), target]);
      }
    }
    const roots = rootDirs(dirs, calls);
    return roots.map((d) => {
      try {
        return this.evaluateRoot(d);
      } catch (e) {
        // One root failing (a bug, an exhausted stack) must not take the others with it.
        const path = d === '.' ? (this.modules.get(resolve(this.rootAbs, d))?.files[0]?.path ?? d) : d;
        return { resources: [], issues: [{ path, kind: 'other', scanner: 'iac', message: `Terraform module ${d} could not be evaluated: ${e instanceof Error ? e.message : String(e)}` }], unresolved: [], sources: new Map() };
      }
    });
  }

  private build(dir: string, absDir: string, files: { path: string; abs: string }[]): ModuleFiles {
    const parsed = files.map((f) => {
      try {
        return this.parseFile(f.path, f.abs);
      } catch (e) {
        // A file the parser chokes on costs that file only.
        this.parseIssues.set(f.path, { path: f.path, kind: 'unparsable', scanner: 'iac', message: `cannot parse ${f.path}: ${e instanceof Error ? e.message : String(e)}` });
        return { path: f.path, text: '', body: emptyBody() };
      }
    });
    return { code: { dir, absDir, decls: collectDecls(parsed) }, files: parsed };
  }

  private parseFile(path: string, abs: string): ParsedFile {
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      this.parseIssues.set(path, { path, kind: 'unreadable', scanner: 'iac', message: `cannot read ${path}` });
      return { path, text: '', body: emptyBody() };
    }
    if (path.endsWith('.json')) {
      try {
        return { path, text, body: tfJsonBody(this.parser, readJson(text)) };
      } catch (e) {
        const line = e instanceof JsonSyntaxError ? e.line : 1;
        this.parseIssues.set(path, { path, line, kind: 'unparsable', scanner: 'iac', message: `invalid Terraform JSON in ${path} at line ${line}: ${e instanceof Error ? e.message : String(e)}` });
        return { path, text, body: emptyBody(), errorLine: line };
      }
    }
    const r = parseHcl(this.parser, text);
    if (r.errorLine !== undefined) {
      this.parseIssues.set(path, {
        path,
        line: r.errorLine,
        kind: 'unparsable',
        scanner: 'iac',
        message: `invalid HCL in ${path} at line ${r.errorLine} (${r.errorMessage ?? 'syntax error'}); the blocks that parsed are still scanned`,
      });
    }
    return { path, text, body: r.body, errorLine: r.errorLine, errorMessage: r.errorMessage };
  }

  /** A child module directory read from disk (only inside the scan root). */
  private moduleAt(absDir: string): ModuleFiles | { error: string; kind: 'unparsable' | 'other' } {
    const cached = this.modules.get(absDir);
    if (cached) return cached;
    if (cached === null) return { error: 'module directory has no Terraform files', kind: 'other' };
    const rel = relative(this.rootAbs, absDir);
    if (!isWithin(this.rootAbs, absDir)) return { error: 'module source is outside the scan root', kind: 'other' };
    const real = safeRealpath(absDir);
    if (!real) return { error: `module directory ${toPosix(rel) || '.'} does not exist`, kind: 'other' };
    if (!isWithin(this.rootReal, real)) return { error: 'module source is outside the scan root', kind: 'other' };
    let names: string[];
    try {
      names = readdirSync(absDir).filter(isTfFile).sort();
    } catch {
      return { error: `module directory ${toPosix(rel)} cannot be read`, kind: 'other' };
    }
    const files = names.filter((n) => isRegularFileWithin(this.rootReal, join(absDir, n)));
    if (!files.length) {
      this.modules.set(absDir, null);
      return { error: `module directory ${toPosix(rel)} has no Terraform files`, kind: 'other' };
    }
    const dir = toPosix(rel) || '.';
    const m = this.build(dir, absDir, files.map((n) => ({ path: dir === '.' ? n : `${dir}/${n}`, abs: join(absDir, n) })));
    this.modules.set(absDir, m);
    return m;
  }

  private evaluateRoot(dir: string): CloudLoad {
    const rootAbsDir = resolve(this.rootAbs, dir);
    const root = this.modules.get(rootAbsDir)!;
    const issues: ScanIssue[] = [];
    const resources: Resource[] = [];
    const sources = new Map<string, string>();
    const useFiles = (m: ModuleFiles) => {
      for (const f of m.files) {
        if (sources.has(f.path)) continue;
        sources.set(f.path, f.text);
        const issue = this.parseIssues.get(f.path);
        if (issue) pushIssue(issue);
      }
    };
    const pushIssue = (i: ScanIssue) => {
      const key = `${i.path}:${i.line ?? 0}:${i.message}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      issues.push(i);
    };
    useFiles(root);
    // Terraform resolves relative file paths against the working directory: the root module.
    // Terraform refuses a template that renders itself; without this, one would recurse until
    // the stack or the clock ran out.
    const rendering: string[] = [];
    const fnContext: FunctionContext = {
      baseDir: rootAbsDir,
      root: this.rootAbs,
      renderTemplate: (text, vars, file) => {
        if (rendering.includes(file) || rendering.length >= MAX_TEMPLATE_NESTING) throw new FunctionError(`templatefile(): ${file} is rendered from within itself`);
        rendering.push(file);
        try {
          return renderTemplate(this.parser, text, vars, file, host.call);
        } finally {
          rendering.pop();
        }
      },
    };
    let budget = MAX_INSTANCES;
    let overBudget = false;
    const host: Host = {
      evalState: newEvalState(),
      rootDir: dir,
      rootAbsDir,
      module: (from, source) => {
        if (!isLocalSource(source)) return { error: `source "${source}" is not a local path (registry, git and remote modules are not fetched)`, kind: 'unresolved' };
        const m = this.moduleAt(resolve(from.absDir, source.replace(/\\/g, '/')));
        if ('error' in m) return m;
        useFiles(m);
        return m.code;
      },
      call: (name, args) => callFunction(name, args, fnContext),
      warn: (file, line, kind, message) => pushIssue({ path: file, line, kind, scanner: 'iac', message }),
      emit: (r) => resources.push(r),
      claim: (n, at) => {
        if (budget >= n) {
          budget -= n;
          return true;
        }
        if (!overBudget) pushIssue({ path: at.file, line: at.line, kind: 'other', scanner: 'iac', message: `more than ${MAX_INSTANCES} resource/module instances: the rest are not expanded (count/for_each treated as unknown)` });
        overBudget = true;
        return false;
      },
      parseExpression: (text) => parseHclExpression(this.parser, text),
    };
    const varFiles: VarFile[] = [];
    for (const name of ['terraform.tfvars', 'terraform.tfvars.json']) {
      const abs = join(rootAbsDir, name);
      if (isRegularFileWithin(this.rootReal, abs)) varFiles.push({ path: dir === '.' ? name : `${dir}/${name}`, absPath: abs });
    }
    let auto: string[] = [];
    try {
      auto = readdirSync(rootAbsDir)
        .filter((n) => (n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')) && isRegularFileWithin(this.rootReal, join(rootAbsDir, n)))
        .sort();
    } catch {
      auto = [];
    }
    for (const n of auto) varFiles.push({ path: dir === '.' ? n : `${dir}/${n}`, absPath: join(rootAbsDir, n) });
    for (const abs of this.opts.varFiles) {
      const rel = relative(this.rootAbs, abs);
      varFiles.push({ path: rel.startsWith('..') || isAbsolute(rel) ? abs : toPosix(rel), absPath: abs });
    }
    const varIssues: ScanIssue[] = [];
    const inputs = rootInputs(this.parser, this.opts.env, varFiles, (name, args) => callFunction(name, args), varIssues);
    varIssues.forEach(pushIssue);

    const instance = new ModuleInstance(host, root.code, '', inputs, []);
    instance.emitAll();
    return { resources, issues, unresolved: unresolvedOf(resources), sources };
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return existsSync(p) && statSync(p).isDirectory() ? realpathSync(p) : undefined;
  } catch {
    return undefined;
  }
}

function siblingsOf(absDir: string): string[] {
  try {
    return readdirSync(absDir).filter(isTfFile);
  } catch {
    return [];
  }
}

const MAX_TEMPLATE_NESTING = 8;
