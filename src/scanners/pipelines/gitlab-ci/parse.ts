import { posix } from 'node:path';
import type { ScanIssue } from '../../../core/scanner.js';
import { get, parseYamlFile, posOf, str, type Pos, type YEntry, type YMap, type YNode, type YScalar } from './tree.js';

export { get, posIn, posInLine, posOf, str } from './tree.js';
export type { Pos, YEntry, YMap, YNode, YScalar, YSeq } from './tree.js';

/** Top-level keys that are keywords, not jobs. */
export const GLOBAL_KEYWORDS = new Set([
  'default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache',
  'before_script', 'after_script', 'spec', 'types',
]);

/** Keys a job inherits from `default:` (and the deprecated top-level forms). */
const DEFAULT_KEYS = [
  'image', 'services', 'before_script', 'after_script', 'cache', 'artifacts', 'tags', 'retry',
  'timeout', 'interruptible', 'hooks', 'id_tokens', 'identity',
];

export type IncludeKind = 'local' | 'project' | 'remote' | 'template' | 'component';

export interface Include {
  kind: IncludeKind;
  /** Path, project, URL, template name or component address. */
  target: string;
  /** `ref:` of a project include. */
  ref?: string;
  refNode?: YNode;
  /** `integrity:` of a remote include. */
  integrity?: string;
  files: string[];
  node: YNode;
  /** File holding the include. */
  from: string;
}

export interface Job {
  name: string;
  pos: Pos;
  /** The job after `extends:` and `default:` are applied. */
  map: YMap;
  /** Global variables merged with the job's own, job winning. */
  variables: Map<string, YEntry>;
  /** `extends:` names a template this file and its local includes do not define: keys may be missing. */
  unresolvedExtends: boolean;
}

export interface Pipeline {
  path: string;
  /** Top level after local includes are merged in (the main file wins). */
  top: YMap;
  includes: Include[];
  jobs: Job[];
  /** Every job and hidden template, before `extends:` (for `!reference`). */
  raw: Map<string, YMap>;
  globalVariables: Map<string, YEntry>;
  workflowRules?: YNode;
}

export type Reader = (path: string) => string | undefined;

const MAX_INCLUDE_DEPTH = 10;

function asList(n: YNode | undefined): YNode[] {
  if (!n) return [];
  return n.kind === 'seq' ? n.items : [n];
}

function strings(n: YNode | undefined): string[] {
  return asList(n).map(str).filter((s): s is string => s !== undefined);
}

/** The `include:` entries of one file, in GitLab's long form. */
export function readIncludes(top: YMap): Include[] {
  const out: Include[] = [];
  const from = top.src.path;
  for (const item of asList(get(top, 'include'))) {
    if (item.kind === 'scalar') {
      const s = str(item);
      if (!s) continue;
      const kind: IncludeKind = /^https?:\/\//i.test(s) ? 'remote' : 'local';
      out.push({ kind, target: s, files: kind === 'local' ? [s] : [], node: item, from });
      continue;
    }
    if (item.kind !== 'map') continue;
    const local = str(get(item, 'local'));
    const project = str(get(item, 'project'));
    const remote = str(get(item, 'remote'));
    const template = str(get(item, 'template'));
    const component = str(get(item, 'component'));
    if (local !== undefined) out.push({ kind: 'local', target: local, files: [local], node: item, from });
    else if (project !== undefined) {
      const refNode = get(item, 'ref');
      const ref = str(refNode);
      out.push({
        kind: 'project', target: project, files: strings(get(item, 'file')), node: item, from,
        ...(ref !== undefined ? { ref } : {}), ...(refNode ? { refNode } : {}),
      });
    } else if (remote !== undefined) {
      const integrity = str(get(item, 'integrity'));
      out.push({ kind: 'remote', target: remote, files: [], node: item, from, ...(integrity !== undefined ? { integrity } : {}) });
    } else if (template !== undefined) out.push({ kind: 'template', target: template, files: [], node: item, from });
    else if (component !== undefined) out.push({ kind: 'component', target: component, files: [], node: item, from });
  }
  return out;
}

function normaliseLocal(p: string, _from: string): string {
  // GitLab resolves local includes from the repository root, with or without a leading '/'.
  return posix.normalize(p.replace(/^\/+/, '')).replace(/^\.\//, '');
}

function mergeMaps(base: YMap, over: YMap, deep: boolean): YMap {
  const entries = new Map(base.entries);
  for (const [k, e] of over.entries) {
    const prev = entries.get(k);
    if (deep && prev && prev.value.kind === 'map' && e.value.kind === 'map') {
      entries.set(k, { ...e, value: mergeMaps(prev.value, e.value, true) });
    } else entries.set(k, e);
  }
  return { ...over, entries };
}

/**
 * Merges the local includes of `main` (recursively, depth ≤ 10, cycles refused) into one
 * top-level map. Keys of the including file win; jobs and templates are deep-merged as GitLab does.
 */
export function mergeLocalIncludes(
  path: string,
  content: string,
  read: Reader,
): { top?: YMap; includes: Include[]; issues: ScanIssue[]; files: string[] } {
  const issues: ScanIssue[] = [];
  const includes: Include[] = [];
  const files: string[] = [];
  const issue = (p: string, message: string, line?: number, kind: ScanIssue['kind'] = 'other'): void => {
    issues.push({ path: p, kind, scanner: 'pipelines', message, ...(line ? { line } : {}) });
  };
  const load = (p: string, text: string, stack: string[]): YMap | undefined => {
    const { root, issues: parseIssues } = parseYamlFile(p, text);
    issues.push(...parseIssues);
    if (!root) return undefined;
    const own = readIncludes(root);
    includes.push(...own);
    let merged: YMap | undefined;
    for (const inc of own) {
      if (inc.kind !== 'local') continue;
      const line = posOf(inc.node).line;
      const target = normaliseLocal(inc.target, p);
      if (target.includes('$')) {
        issue(p, `local include '${inc.target}' depends on a CI variable; not followed (unresolved)`, line);
        continue;
      }
      if (/[*?[]/.test(target)) {
        issue(p, `local include '${inc.target}' uses a wildcard; its files are audited on their own`, line);
        continue;
      }
      if (stack.includes(target)) {
        issue(p, `include cycle: ${[...stack, target].join(' -> ')}`, line);
        continue;
      }
      if (stack.length >= MAX_INCLUDE_DEPTH) {
        issue(p, `includes nested deeper than ${MAX_INCLUDE_DEPTH}; '${inc.target}' not followed`, line);
        continue;
      }
      const body = read(target);
      if (body === undefined) {
        issue(p, `local include '${inc.target}' not found`, line, 'unreadable');
        continue;
      }
      files.push(target);
      const sub = load(target, body, [...stack, target]);
      if (sub) merged = merged ? mergeMaps(merged, sub, true) : sub;
    }
    return merged ? mergeMaps(merged, root, true) : root;
  };
  const top = load(path, content, [normaliseLocal(path, path)]);
  return { ...(top ? { top } : {}), includes, issues, files };
}

function variablesOf(n: YNode | undefined): Map<string, YEntry> {
  return n?.kind === 'map' ? new Map(n.entries) : new Map();
}

/** The scalar value of a variable (`NAME: value` or `NAME: { value: ... }`). */
export function variableValue(e: YEntry): YScalar | undefined {
  const v = e.value.kind === 'map' ? get(e.value, 'value') : e.value;
  return v?.kind === 'scalar' ? v : undefined;
}

function inheritsAll(job: YMap, what: 'default' | 'variables'): boolean | string[] {
  const inh = get(get(job, 'inherit'), what);
  if (!inh) return true;
  if (inh.kind === 'scalar') return inh.value !== false;
  return strings(inh);
}

/** Builds the pipeline: local includes merged, `extends:` resolved, `default:` applied. */
export function parsePipeline(path: string, content: string, read: Reader): { pipeline?: Pipeline; issues: ScanIssue[] } {
  const { top, includes, issues } = mergeLocalIncludes(path, content, read);
  if (!top) return { issues };
  const raw = new Map<string, YMap>();
  for (const [k, e] of top.entries) {
    if (GLOBAL_KEYWORDS.has(k) || e.value.kind !== 'map') continue;
    raw.set(k, e.value);
  }
  const resolved = new Map<string, YMap>();
  const unresolved = new Set<string>();
  const resolve = (name: string, stack: string[]): YMap | undefined => {
    const done = resolved.get(name);
    if (done) return done;
    const own = raw.get(name);
    if (!own) return undefined;
    let base: YMap | undefined;
    for (const parent of strings(get(own, 'extends'))) {
      if (stack.includes(parent) || stack.length > 11) {
        issues.push({ path: posOf(own).path, kind: 'other', scanner: 'pipelines', line: posOf(own).line, message: `extends cycle or depth limit at '${name}' -> '${parent}'` });
        continue;
      }
      const p = resolve(parent, [...stack, parent]);
      if (!p || unresolved.has(parent)) unresolved.add(name);
      if (p) base = base ? mergeMaps(base, p, true) : p;
    }
    const out = base ? mergeMaps(base, own, true) : own;
    resolved.set(name, out);
    return out;
  };
  const defaults = get(top, 'default');
  const globalVariables = variablesOf(get(top, 'variables'));
  const jobs: Job[] = [];
  for (const [name, e] of top.entries) {
    if (GLOBAL_KEYWORDS.has(name) || name.startsWith('.') || e.value.kind !== 'map') continue;
    let map = resolve(name, [name]) ?? e.value;
    const inhDefault = inheritsAll(map, 'default');
    if (inhDefault !== false) {
      const entries = new Map(map.entries);
      for (const k of DEFAULT_KEYS) {
        if (entries.has(k)) continue;
        if (Array.isArray(inhDefault) && !inhDefault.includes(k)) continue;
        const d = defaults?.kind === 'map' ? defaults.entries.get(k) : undefined;
        const legacy = ['image', 'services', 'before_script', 'after_script', 'cache'].includes(k) ? top.entries.get(k) : undefined;
        const pick = d ?? legacy;
        if (pick) entries.set(k, pick);
      }
      map = { ...map, entries };
    }
    const inhVars = inheritsAll(map, 'variables');
    const variables = new Map<string, YEntry>();
    if (inhVars !== false) {
      for (const [k, v] of globalVariables) if (!Array.isArray(inhVars) || inhVars.includes(k)) variables.set(k, v);
    }
    for (const [k, v] of variablesOf(get(map, 'variables'))) variables.set(k, v);
    jobs.push({ name, pos: e.keyPos, map, variables, unresolvedExtends: unresolved.has(name) });
  }
  const wf = get(get(top, 'workflow'), 'rules');
  return {
    pipeline: { path, top, includes, jobs, raw, globalVariables, ...(wf ? { workflowRules: wf } : {}) },
    issues,
  };
}

/** A script line: the scalar holding it (for positions) and its text. */
export interface ScriptLine {
  node: YScalar;
  text: string;
  section: 'script' | 'before_script' | 'after_script';
}

/** Every script line of a job, `!reference [job, key]` tags resolved within the pipeline. */
export function scriptLines(p: Pipeline, job: Job): ScriptLine[] {
  const out: ScriptLine[] = [];
  const walk = (n: YNode | undefined, section: ScriptLine['section'], depth: number): void => {
    if (!n || depth > 10) return;
    if (n.tag === '!reference' && n.kind === 'seq') {
      const path = n.items.map(str);
      if (path.some((s) => s === undefined) || path.length < 2) return;
      let cur: YNode | undefined = p.raw.get(path[0]!) ?? get(p.top, path[0]!);
      for (const k of path.slice(1)) cur = get(cur, k!);
      walk(cur, section, depth + 1);
      return;
    }
    if (n.kind === 'seq') for (const it of n.items) walk(it, section, depth + 1);
    else if (n.kind === 'scalar' && typeof n.value === 'string') out.push({ node: n, text: n.value, section });
  };
  for (const s of ['before_script', 'script', 'after_script'] as const) walk(get(job.map, s), s, 0);
  return out;
}

/**
 * The top-level key (job, hidden template, `default`) whose text holds `node`, so a line a
 * template gives many jobs is one finding with a stable identity. Falls back to `fallback`.
 */
export function ownerOf(p: Pipeline, node: YNode, fallback: string): string {
  for (const [k, e] of p.top.entries) {
    const v = e.value;
    if (v.src === node.src && v.start <= node.start && node.end <= v.end) return k;
  }
  for (const [k, m] of p.raw) if (m.src === node.src && m.start <= node.start && node.end <= m.end) return k;
  return fallback;
}
