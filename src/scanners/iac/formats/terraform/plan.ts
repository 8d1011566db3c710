/**
 * `terraform show -json` plan files → one CloudLoad. Attributes are the planned `after` values
 * (what apply will create), with `after_unknown` leaves as Unknown; refs come from the
 * configuration's `references`. Each resource points at its `resource "type" "name"` block when
 * that configuration is present next to the plan or under the scan root, else at its object in
 * the plan JSON.
 */
import { lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { isWithin } from '../../../../core/paths.js';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ScanIssue } from '../../../../core/scanner.js';
import type { CloudLoad, Unresolved } from '../../model/load.js';
import { lineOf, type Resource } from '../../model/resource.js';
import { Unknown, isObject, type ObjectValue, type UnknownOrigin, type Value } from '../../model/value.js';
import type { Block, Body, Expr } from './ast.js';
import { hclParser, parseHcl } from './hcl.js';
import { readJson, tfJsonBody } from './json.js';

const SCANNER = 'iac';
/** .tf / .tf.json files larger than this are not read for line mapping. */
const MAX_TF_BYTES = 4 * 1024 * 1024;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const obj = (v: Json | undefined): JsonObject | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined);
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const text = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Cheap test for `terraform show -json` output, true for broken plans too (so that the loader
 * reports them): a JSON object naming format_version near its start and planned_values or
 * resource_changes.
 */
export function looksLikeTerraformPlan(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\{/.test(head) && head.includes('"format_version"') && (text.includes('"planned_values"') || text.includes('"resource_changes"'));
}

// ------------------------------------------------------------------ addresses

/** `module.a["x"].module.b[0]` → ['a', 'b']: module call names, instance keys dropped. */
export function moduleCallPath(moduleAddress: string): string[] {
  const parts = splitAddress(moduleAddress);
  const out: string[] = [];
  parts.forEach((p, i) => {
    const next = parts[i + 1];
    if (p === 'module' && next !== undefined && !next.startsWith('[')) out.push(next);
  });
  return out;
}

/** Splits an address into dot-separated names and `[key]` parts, keeping quoted keys whole. */
function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let i = 0;
  while (i < address.length) {
    const c = address[i]!;
    if (c === '.') {
      if (cur) parts.push(cur);
      cur = '';
      i++;
    } else if (c === '[') {
      if (cur) parts.push(cur);
      cur = '';
      let j = i + 1;
      if (address[j] === '"') {
        j++;
        while (j < address.length && address[j] !== '"') j += address[j] === '\\' ? 2 : 1;
        j++;
      }
      const close = address.indexOf(']', j);
      const end = close < 0 ? address.length : close + 1;
      parts.push(address.slice(i, end));
      i = end;
    } else {
      cur += c;
      i++;
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

/**
 * A configuration reference (`aws_subnet.a.id`, `aws_subnet.a[0]`, `data.aws_ami.x.id`,
 * `var.x`) → the base address of the managed resource it names, or undefined.
 */
function referencedResource(ref: string): string | undefined {
  const parts = splitAddress(ref);
  const [first, second] = parts;
  if (!first || !second || second.startsWith('[')) return undefined;
  if (['var', 'local', 'each', 'count', 'path', 'terraform', 'module', 'self', 'data'].includes(first)) return undefined;
  return `${first}.${second}`;
}

// ------------------------------------------------------------------ configuration

interface ModuleConfig {
  resources: Map<string, JsonObject>;
  calls: Map<string, { source?: string; module?: ModuleConfig }>;
}

function readModuleConfig(m: JsonObject | undefined): ModuleConfig {
  const cfg: ModuleConfig = { resources: new Map(), calls: new Map() };
  if (!m) return cfg;
  for (const r of arr(m.resources)) {
    const ro = obj(r);
    const addr = text(ro?.address);
    if (ro && addr) cfg.resources.set(addr, ro);
  }
  for (const [name, c] of Object.entries(obj(m.module_calls) ?? {})) {
    const co = obj(c);
    const source = text(co?.source);
    cfg.calls.set(name, { ...(source !== undefined ? { source } : {}), module: readModuleConfig(obj(co?.module)) });
  }
  return cfg;
}

function moduleAt(root: ModuleConfig, path: readonly string[]): ModuleConfig | undefined {
  let m: ModuleConfig | undefined = root;
  for (const name of path) m = m?.calls.get(name)?.module;
  return m;
}

/** Every `references` entry anywhere inside an expression (nested blocks are arrays of expression objects). */
function collectReferences(e: Json | undefined, out: string[]): void {
  if (Array.isArray(e)) for (const x of e) collectReferences(x, out);
  const o = obj(e);
  if (!o) return;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'references') for (const r of arr(v)) typeof r === 'string' && out.push(r);
    else if (k !== 'constant_value') collectReferences(v, out);
  }
}

/** Top-level attribute → referenced resource addresses, in the resource's module instance space. */
function refsOf(config: JsonObject | undefined, modulePrefix: string): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  for (const [attr, expr] of Object.entries(obj(config?.expressions) ?? {})) {
    const raw: string[] = [];
    collectReferences(expr, raw);
    const addrs = new Set<string>();
    for (const r of raw) {
      const a = referencedResource(r);
      if (a) addrs.add(modulePrefix ? `${modulePrefix}.${a}` : a);
    }
    if (addrs.size) refs.set(attr, [...addrs]);
  }
  return refs;
}

// ------------------------------------------------------------------ values

/**
 * Plain JSON → model values, with `after_unknown` true leaves turned into Unknown. Each Unknown
 * carries the refs of the top-level attribute it sits in: what the value will come from.
 */
interface UnknownSite {
  address: string;
  refs: Map<string, string[]>;
  /** Where an unknown at this attribute path is reported. */
  origin: (path: string) => UnknownOrigin;
  found: string[];
}

function withUnknowns(after: Json | undefined, unknown: Json | undefined, site: UnknownSite, path: string): Value {
  if (unknown === true) {
    site.found.push(path);
    return new Unknown(`${site.address}.${path} is known only after apply`, site.origin(path), site.refs.get(path.split('.')[0]!) ?? []);
  }
  if (Array.isArray(after)) {
    const u = Array.isArray(unknown) ? unknown : [];
    return after.map((v, i) => withUnknowns(v, u[i], site, `${path}.${i}`));
  }
  const ao = obj(after);
  if (ao) {
    const uo = obj(unknown) ?? {};
    const out: ObjectValue = {};
    const sub = (k: string): string => (path ? `${path}.${k}` : k);
    for (const [k, v] of Object.entries(ao)) out[k] = withUnknowns(v, uo[k], site, sub(k));
    // Attributes computed at apply time are missing from `after` (or null) and true in after_unknown.
    for (const [k, v] of Object.entries(uo)) if (v === true && (out[k] === undefined || out[k] === null)) out[k] = withUnknowns(undefined, v, site, sub(k));
    return out;
  }
  return after === undefined ? null : (after as Value);
}

// ------------------------------------------------------------------ source lines

interface BlockLoc {
  file: string;
  block: Block;
}

/** The resource blocks of the .tf files in one directory, by `type.name`; cached per directory. */
class ConfigIndex {
  private readonly dirs = new Map<string, Map<string, BlockLoc>>();

  constructor(
    private readonly root: string,
    private readonly sources: Map<string, string>,
    private readonly parse: (src: string, name: string) => Body | undefined,
  ) {}

  find(dir: string, type: string, name: string): BlockLoc | undefined {
    return this.blocks(dir).get(`${type}.${name}`);
  }

  private blocks(dir: string): Map<string, BlockLoc> {
    let m = this.dirs.get(dir);
    if (m) return m;
    m = new Map();
    this.dirs.set(dir, m);
    // Real paths: a symlinked directory inside the root may lead out of it.
    let real: string;
    try {
      real = realpathSync(dir);
      if (!isWithin(realpathSync(this.root), real)) return m;
    } catch {
      return m;
    }
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json')).sort();
    } catch {
      return m;
    }
    for (const n of names) {
      const abs = join(dir, n);
      let src: string;
      try {
        // lstat: a symlinked .tf could point outside the scan root; it is not followed.
        const st = lstatSync(abs);
        if (!st.isFile() || st.size > MAX_TF_BYTES) continue;
        src = readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      const body = this.parse(src, n);
      if (!body) continue;
      const rel = relative(this.root, abs).split('\\').join('/');
      let used = false;
      for (const b of body.blocks) {
        const [type, name] = b.labels;
        if (b.type !== 'resource' || !type || !name || m.has(`${type}.${name}`)) continue;
        m.set(`${type}.${name}`, { file: rel, block: b });
        used = true;
      }
      if (used) this.sources.set(rel, src);
    }
    return m;
  }
}

/** Object keys written as `name`, `"name"` or a one-part template. */
function keyName(e: Expr): string | undefined {
  if (e.k === 'var') return e.name;
  if (e.k === 'lit' && typeof e.v === 'string') return e.v;
  if (e.k === 'tpl' && e.parts.length === 1 && e.parts[0]!.k === 'str') return e.parts[0]!.s;
  return undefined;
}

function exprLines(e: Expr, path: string, out: Map<string, number>): void {
  if (e.k === 'object') {
    for (const it of e.items) {
      const k = keyName(it.key);
      if (k === undefined) continue;
      out.set(`${path}.${k}`, it.line);
      exprLines(it.val, `${path}.${k}`, out);
    }
  } else if (e.k === 'tuple') {
    e.items.forEach((it, i) => {
      out.set(`${path}.${i}`, it.line);
      exprLines(it, `${path}.${i}`, out);
    });
  }
}

/** The value of an expression written as a plain literal (`22`, `"tcp"`, `["a", "b"]`), else undefined. */
function literal(e: Expr): Json | undefined {
  if (e.k === 'lit') return e.v;
  if (e.k === 'tpl') return e.parts.length === 1 && e.parts[0]!.k === 'str' ? e.parts[0]!.s : e.parts.length === 0 ? '' : undefined;
  if (e.k === 'tuple') {
    const items = e.items.map(literal);
    return items.every((x) => x !== undefined) ? (items as Json[]) : undefined;
  }
  return undefined;
}

/** Planned value vs literal, with the string/number/bool conversions Terraform applied. */
function sameValue(planned: Json | undefined, lit: Json): boolean {
  if (Array.isArray(lit)) return Array.isArray(planned) && planned.length === lit.length && lit.every((x, i) => sameValue(planned[i], x));
  if (lit === null || typeof lit === 'object') return false;
  return planned !== undefined && planned !== null && typeof planned !== 'object' && String(planned) === String(lit);
}

/**
 * Which static block produced each planned element of one block type. Set-typed blocks
 * (security group rules) come back in Terraform's set order, not source order, so a block is
 * matched by the literal attributes it writes; without a literal match, same position when the
 * counts agree.
 */
function matchBlocks(blocks: readonly Block[], elements: readonly Json[]): (Block | undefined)[] {
  const used = new Set<Block>();
  const matches = (b: Block, el: Json): boolean => {
    const o = obj(el);
    if (!o) return false;
    let compared = 0;
    for (const a of b.body.attrs) {
      const lit = literal(a.expr);
      if (lit === undefined) continue;
      compared++;
      if (!sameValue(o[a.name], lit)) return false;
    }
    return compared > 0;
  };
  const out = elements.map((el) => {
    const b = blocks.find((x) => !used.has(x) && matches(x, el));
    if (b) used.add(b);
    return b;
  });
  if (blocks.length === elements.length) {
    out.forEach((b, i) => {
      const same = blocks[i]!;
      if (!b && !used.has(same)) {
        out[i] = same;
        used.add(same);
      }
    });
  }
  return out;
}

/**
 * Attribute path → line, as the plan shapes values: nested blocks are lists, so the second
 * planned `ingress` element is `ingress.1`; `after` is the planned value of this body. A
 * `dynamic` block whose type has no static blocks beside it produced every element, so each maps
 * to the `content` lines; mixed with static blocks, only the block name is mapped (which element
 * came from where is not sure).
 */
function bodyLines(body: Body, prefix: string, out: Map<string, number>, after: Json | undefined): void {
  for (const a of body.attrs) {
    out.set(prefix + a.name, a.line);
    exprLines(a.expr, prefix + a.name, out);
  }
  const value = obj(after);
  const byType = new Map<string, Block[]>();
  const dynamic = new Map<string, Block>();
  for (const b of body.blocks) {
    if (['lifecycle', 'provisioner', 'connection'].includes(b.type)) continue;
    const name = b.type === 'dynamic' ? b.labels[0] : b.type;
    if (!name) continue;
    if (!out.has(prefix + name)) out.set(prefix + name, b.line);
    if (b.type === 'dynamic') {
      if (!dynamic.has(name)) dynamic.set(name, b);
    } else (byType.get(name) ?? byType.set(name, []).get(name)!).push(b);
  }
  for (const [name, statics] of byType) {
    if (dynamic.has(name)) continue;
    const elements = arr(value?.[name]);
    // Without a planned value (attribute unknown) the source order is all there is.
    const picked = elements.length ? matchBlocks(statics, elements) : statics;
    picked.forEach((b, i) => {
      if (!b) return;
      out.set(`${prefix}${name}.${i}`, b.line);
      bodyLines(b.body, `${prefix}${name}.${i}.`, out, elements[i]);
    });
  }
  for (const [name, d] of dynamic) {
    const content = d.body.blocks.find((c) => c.type === 'content');
    if (byType.has(name) || !content) continue;
    arr(value?.[name]).forEach((el, i) => {
      out.set(`${prefix}${name}.${i}`, content.line);
      bodyLines(content.body, `${prefix}${name}.${i}.`, out, el);
    });
  }
}

// ------------------------------------------------------------------ plan JSON positions

/**
 * Line span of every JSON object that has an "address" string member, first occurrence of each
 * address kept, found by one linear pass over the text (plans are often a single line; then
 * every span is line 1).
 */
function addressSpans(src: string): Map<string, { line: number; endLine: number }> {
  const spans = new Map<string, { line: number; endLine: number }>();
  const stack: { line: number; isObject: boolean; expectKey: boolean; lastKey?: string; address?: string }[] = [];
  let line = 1;
  let i = 0;
  const readString = (): string => {
    const start = i;
    i++;
    while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(src.slice(start, i)) as string;
    } catch {
      return '';
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === '"') {
      const top = stack[stack.length - 1];
      const s = readString();
      if (top?.expectKey) {
        top.lastKey = s;
        top.expectKey = false;
      } else if (top?.isObject && top.lastKey === 'address') top.address ??= s;
    } else if (c === '{') {
      stack.push({ line, isObject: true, expectKey: true });
      i++;
    } else if (c === '[') {
      stack.push({ line, isObject: false, expectKey: false });
      i++;
    } else if (c === '}' || c === ']') {
      const top = stack.pop();
      if (c === '}' && top?.address !== undefined && !spans.has(top.address)) spans.set(top.address, { line: top.line, endLine: line });
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.isObject) top.expectKey = true;
      i++;
    } else i++;
  }
  return spans;
}

// ------------------------------------------------------------------ loader

interface Instance {
  address: string;
  moduleAddress: string;
  type: string;
  name: string;
  after: Json | undefined;
  afterUnknown: Json | undefined;
}

/** `module.a["x"].aws_vpc.main[0]` → `module.a["x"]`: for plans whose changes carry no module_address. */
function moduleOf(address: string, type: string, name: string): string {
  const at = address.lastIndexOf(`.${type}.${name}`);
  return at > 0 ? address.slice(0, at) : '';
}

/** resource_changes (what apply will leave) or, without them, planned_values. Managed resources only. */
function instances(plan: JsonObject): Instance[] {
  const out: Instance[] = [];
  const changes = arr(plan.resource_changes);
  if (changes.length > 0) {
    for (const c of changes) {
      const co = obj(c);
      const change = obj(co?.change);
      const address = text(co?.address);
      const type = text(co?.type);
      const name = text(co?.name);
      if (!co || !change || !address || !type || !name || co.mode === 'data' || co.deposed !== undefined) continue;
      // A resource being destroyed has no `after`: nothing of it will exist.
      if (!obj(change.after)) continue;
      out.push({ address, moduleAddress: text(co.module_address) ?? moduleOf(address, type, name), type, name, after: change.after, afterUnknown: change.after_unknown });
    }
    return out;
  }
  const walk = (m: JsonObject | undefined, moduleAddress: string): void => {
    if (!m) return;
    for (const r of arr(m.resources)) {
      const ro = obj(r);
      const address = text(ro?.address);
      const type = text(ro?.type);
      const name = text(ro?.name);
      if (!ro || !address || !type || !name || ro.mode === 'data') continue;
      out.push({ address, moduleAddress, type, name, after: ro.values ?? {}, afterUnknown: undefined });
    }
    for (const cm of arr(m.child_modules)) {
      const cmo = obj(cm);
      walk(cmo, text(cmo?.address) ?? moduleAddress);
    }
  };
  walk(obj(obj(plan.planned_values)?.root_module), '');
  return out;
}

/** Directory of the module at `callPath`, following local `source`s from a root directory; undefined for remote modules. */
function moduleDir(rootDir: string, config: ModuleConfig, callPath: readonly string[]): string | undefined {
  let dir = rootDir;
  let m: ModuleConfig | undefined = config;
  for (const name of callPath) {
    const call: { source?: string; module?: ModuleConfig } | undefined = m?.calls.get(name);
    const src = call?.source;
    if (!src || !(src.startsWith('./') || src.startsWith('../'))) return undefined;
    dir = resolve(dir, src);
    m = call.module;
  }
  return dir;
}

export async function loadTerraformPlan(path: string, src: string, opts: { root: string }): Promise<CloudLoad> {
  const absPath = isAbsolute(path) ? path : resolve(opts.root, path);
  const file = (isAbsolute(path) ? relative(opts.root, path) : path).split('\\').join('/');
  const issues: ScanIssue[] = [];
  const unresolved: Unresolved[] = [];
  const sources = new Map<string, string>([[file, src]]);
  const resources: Resource[] = [];
  const fail = (message: string): CloudLoad => {
    issues.push({ path: file, kind: 'unparsable', scanner: SCANNER, message: `${file}: ${message}` });
    return { resources, issues, unresolved, sources };
  };

  let plan: JsonObject | undefined;
  try {
    plan = obj(JSON.parse(src) as Json);
  } catch (e) {
    return fail(`invalid plan JSON: ${(e as Error).message}`);
  }
  if (!plan || !('format_version' in plan)) return fail('not a Terraform plan (no format_version)');
  if (!('resource_changes' in plan) && !('planned_values' in plan)) return fail('Terraform plan has neither resource_changes nor planned_values');

  const config = readModuleConfig(obj(obj(plan.configuration)?.root_module));
  const parser = await hclParser();
  const index = new ConfigIndex(opts.root, sources, (t, name) => {
    if (!name.endsWith('.json')) return parseHcl(parser, t).body;
    try {
      return tfJsonBody(parser, readJson(t));
    } catch {
      // A broken .tf.json only costs its line mapping; the loader for .tf files reports it.
      return undefined;
    }
  });
  const rootDirs = [...new Set([dirname(absPath), opts.root])];
  let spans: Map<string, { line: number; endLine: number }> | undefined;

  for (const inst of instances(plan)) {
    const callPath = moduleCallPath(inst.moduleAddress);
    const modCfg = moduleAt(config, callPath);
    const resCfg = modCfg?.resources.get(`${inst.type}.${inst.name}`);
    const refs = refsOf(resCfg, inst.moduleAddress);

    let loc: BlockLoc | undefined;
    for (const rd of rootDirs) {
      const dir = moduleDir(rd, config, callPath);
      loc = dir ? index.find(dir, inst.type, inst.name) : undefined;
      if (loc) break;
    }
    const lines = new Map<string, number>();
    let at: { file: string; line: number; endLine: number };
    if (loc) {
      bodyLines(loc.block.body, '', lines, inst.after);
      at = { file: loc.file, line: loc.block.line, endLine: loc.block.endLine };
    } else {
      spans ??= addressSpans(src);
      const s = spans.get(inst.address);
      at = { file, line: s?.line ?? 1, endLine: s?.endLine ?? s?.line ?? 1 };
    }

    const resource: Resource = {
      type: inst.type,
      name: inst.name,
      address: inst.address,
      source: 'plan',
      file: at.file,
      line: at.line,
      endLine: at.endLine,
      attrs: {},
      lines,
      refs,
    };
    const site: UnknownSite = { address: inst.address, refs, found: [], origin: (p) => ({ file: at.file, line: lineOf(resource, p) }) };
    const attrs = withUnknowns(inst.after, inst.afterUnknown, site, '');
    if (isObject(attrs)) resource.attrs = attrs;
    for (const p of site.found) unresolved.push({ ...site.origin(p), what: `${inst.address}.${p}`, reason: 'known only after apply' });
    resources.push(resource);
  }
  return { resources, issues, unresolved, sources };
}
