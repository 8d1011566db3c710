/**
 * The one module that knows the parser. Everything else in the SAST scanner sees ESTree nodes
 * (TS-ESTree for TypeScript) with UTF-16 `start`/`end` offsets, so another ESTree parser can
 * replace oxc here without touching the analysis.
 */
import { parseSync } from 'oxc-parser/src-js/bindings';
import { jsonParseAst } from 'oxc-parser/src-js/wrap';
import type { Program, Node } from '@oxc-project/types';
import type { OxcError } from 'oxc-parser';
import { LineIndex } from './lines.js';
import { looksMinified, syntaxDepth } from './shape.js';
import { parseRaw } from './raw-transfer.js';
import { componentCode, isTemplateSink } from '../vue/sfc.js';

export type { Program, Node };
export type Lang = 'js' | 'jsx' | 'ts' | 'tsx';

/** Deeper nesting than this (shape.ts syntaxDepth, in `else if` levels) is refused before parsing. */
export const MAX_NESTING = 1000;

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
}

export interface ParsedFile {
  path: string;
  lang: Lang;
  source: string;
  program: Program;
  lines: LineIndex;
  /** Syntax errors the parser recovered from; the program may be partial. */
  errors: ParseProblem[];
  /** Comments, for directives and pattern rules. */
  comments: { type: 'Line' | 'Block'; value: string; start: number; end: number }[];
  /** How the file was read when not as its extension says (TypeScript syntax in a .js file). */
  notice?: string;
}

export type ParseOutcome =
  | { ok: true; file: ParsedFile }
  | { ok: false; reason: 'minified' | 'too-deep' | 'flow' | 'syntax'; message: string; line?: number };

const EXT_LANG: Record<string, Lang> = {
  js: 'jsx', mjs: 'js', cjs: 'js', jsx: 'jsx', ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx',
  // Single-file components: their script blocks, in the language the block names (vue/sfc.ts).
  vue: 'ts', svelte: 'ts',
};

/** The language of a path by extension, or undefined when the SAST scanner does not read it. */
export function langOf(path: string): Lang | undefined {
  if (path.endsWith('.d.ts') || path.endsWith('.d.mts') || path.endsWith('.d.cts')) return undefined;
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  // Plain .js is parsed as JSX: React code in .js files is common and JSX is a superset here.
  return EXT_LANG[path.slice(dot + 1).toLowerCase()];
}

/**
 * The JS-shaped AST (types stripped) costs a third less to hand over from the parser. It drops
 * parameter properties (`constructor(private db: Db)`), parameter decorators (NestJS `@Body()`)
 * and field types (`repo: Repo`), which the analysis reads, so TypeScript files showing a
 * decorator call, a constructor with a parameter property, or a constructor and a typed field keep
 * the full AST.
 */
export function tsOnlyNodesNeeded(lang: Lang, source: string): boolean {
  if (lang !== 'ts' && lang !== 'tsx') return false;
  if (/@[A-Z]\w*\(/.test(source) || hasParameterProperty(source)) return true;
  // A field declared with a class type and assigned in a constructor (`private repo: Repo;`).
  return source.includes('constructor') && TYPED_FIELD.test(source);
}

/** A line declaring a field of a named type without a value: `private readonly db!: Db;`. */
const TYPED_FIELD = /^[ \t]*(?:(?:private|public|protected|readonly|declare|static|override)[ \t]+)*[\w$]+[!?]?[ \t]*:[ \t]*[A-Z][\w$]*[ \t]*(?:;[ \t]*)?$/m;

/** A modifier word that makes a constructor parameter a parameter property. */
const PARAM_MODIFIER = /(?:^|[(,\s])(?:public|private|protected|readonly|override)\s+[\w$[{]/;

/**
 * Does some `constructor(…)` list a parameter with an accessibility or readonly modifier? Text only:
 * a modifier in a type (`items: readonly string[]`) or in a comment also counts, which costs
 * speed, never a finding. Each parameter list is scanned once (search resumes after it).
 */
export function hasParameterProperty(source: string): boolean {
  for (let i = source.indexOf('constructor'); i >= 0; i = source.indexOf('constructor', i)) {
    i += 11;
    let j = i;
    while (j < source.length && (source[j] === ' ' || source[j] === '\t' || source[j] === '\n' || source[j] === '\r')) j++;
    if (source[j] !== '(') continue;
    let depth = 0;
    let k = j;
    for (; k < source.length; k++) {
      const c = source.charCodeAt(k);
      if (c === 40) depth++;
      else if (c === 41 && --depth === 0) break;
    }
    if (PARAM_MODIFIER.test(source.slice(j, k))) return true;
    i = k;
  }
  return false;
}

/**
 * Extension-less executables under a `bin/` folder are often Node scripts (`#!/usr/bin/env node`);
 * the scanner accepts them by path and reads them only when the first line says so.
 */
export function maybeNodeScript(path: string): boolean {
  return /(^|\/)bin\/[^/.]+$/.test(path);
}

/** Does the source start with a shebang that runs node? */
export function hasNodeShebang(source: string): boolean {
  if (!source.startsWith('#!')) return false;
  const nl = source.indexOf('\n');
  const first = source.slice(0, nl < 0 ? Math.min(source.length, 200) : Math.min(nl, 200));
  return /\bnode(js)?\b/.test(first);
}

export interface ParseOptions {
  /** Parse files that look minified or generated too (off by default: bundles are not sources). */
  includeMinified?: boolean;
  /**
   * How the AST comes over from the parser. Default: JSON for a thread's first few files, then raw
   * transfer (see rawTransferFromStart). 'raw' from the first file (tests), 'json' always (tests compare).
   */
  parser?: 'raw' | 'json';
}

/**
 * Raw transfer costs a thread about 10 ms once (two 5,000-line deserializer modules, the buffer)
 * and its deserializer runs unoptimised at first, so for a few small files (a test file, a small
 * project) JSON is cheaper. A thread switches once it has parsed this much source, or from its first
 * file after rawTransferFromStart().
 */
let rawAfterChars = 512 * 1024;
let charsParsed = 0;

/**
 * For a thread that will parse a large amount of source (the SAST workers, which run only for
 * large scans): raw transfer from the next file on. Starting with JSON there costs more than the
 * JSON hand-over itself: V8 optimises the analysis on the JSON-built trees' hidden classes, then
 * throws that code away and compiles it again once raw-transfer trees arrive (and once more when
 * the JSON trees' classes die).
 */
export function rawTransferFromStart(): void {
  rawAfterChars = 0;
}

/** RAMPART_SAST_PARSER=json forces the JSON hand-over everywhere, to rule raw transfer out when debugging. */
const FORCE_JSON = process.env['RAMPART_SAST_PARSER'] === 'json';

/**
 * Parses one file. Never throws for bad input: minified bundles, over-deep nesting, Flow files
 * and unrecoverable syntax errors come back as a reason the caller reports as a ScanIssue.
 */
export function parseSource(path: string, input: string, opts: ParseOptions = {}): ParseOutcome {
  // A .vue / .svelte component: its scripts and template sinks at their own lines (vue/sfc.ts).
  const component = componentCode(path, input);
  const source = component ? component.code : input;
  const lang = component ? component.lang : langOf(path) ?? 'js';
  if (!opts.includeMinified && looksMinified(source)) {
    return { ok: false, reason: 'minified', message: 'looks minified or generated; skipped (sast.includeMinified reads it)' };
  }
  // The parser recurses on the native stack: too deep a file is a segfault, not an exception.
  const depth = syntaxDepth(source, MAX_NESTING);
  if (depth > MAX_NESTING) {
    return {
      ok: false,
      reason: 'too-deep',
      message: `nests deeper than ${MAX_NESTING} levels (brackets, else-if, ?: or => chains, long operator chains); skipped`,
    };
  }
  const lines = new LineIndex(source);
  const options = { lang, astType: tsOnlyNodesNeeded(lang, source) ? 'ts' : 'js', preserveParens: false, showSemanticErrors: false } as const;
  const useRaw = opts.parser === 'raw' || (opts.parser === undefined && !FORCE_JSON && (charsParsed += source.length) >= rawAfterChars);
  const raw = useRaw ? parseRaw(path, source, options) : undefined;
  let program: Program | undefined;
  let rawErrors: OxcError[];
  let takeComments: () => ParsedFile['comments'];
  let programJson = '';
  if (raw) {
    program = raw.program;
    rawErrors = raw.errors;
    // Not the whole result: its module record would stay alive with the file.
    const rawComments = raw.comments;
    takeComments = () => rawComments;
  } else {
    // The native binding, not the package's parseSync: that wrapper also converts the module
    // record (imports/exports) and the comments into JS objects for every file, which costs a
    // third of the parse and most of what survives young-generation GCs. Only the program and the
    // errors are taken here; comments are taken if someone reads them.
    try {
      const result = parseSync(path, source, options);
      programJson = result.program;
      rawErrors = result.errors;
      takeComments = () => result.comments;
    } catch (e) {
      return { ok: false, reason: 'syntax', message: `parser failed: ${(e as Error).message}` };
    }
  }
  const errors: ParseProblem[] = rawErrors.map((e) => {
    const at = e.labels?.[0]?.start ?? 0;
    const pos = lines.position(at);
    return { message: e.message, line: pos.line, column: pos.column };
  });
  // Type annotations in a .js file (TypeScript written into .js, or Flow's TS-like subset): read
  // it as TypeScript rather than lose it, and say so. Only when that parse is clean.
  if (errors.length > 0 && (lang === 'js' || lang === 'jsx')) {
    const asTs = reparseAsTypeScript(path, source, lang, lines);
    if (asTs) {
      if (component) templateSinksLast(asTs.program);
      return { ok: true, file: asTs };
    }
  }
  if (errors.some((e) => e.message === 'Flow is not supported')) {
    return { ok: false, reason: 'flow', message: 'Flow type annotations are not supported; skipped (strip them with flow-remove-types to scan)' };
  }
  try {
    program ??= jsonParseAst(programJson);
  } catch (e) {
    return { ok: false, reason: 'syntax', message: `parser output unreadable: ${(e as Error).message}` };
  }
  if (errors.length > 0 && program.body.length === 0) {
    const first = errors[0]!;
    return { ok: false, reason: 'syntax', message: `syntax error: ${first.message}`, line: first.line };
  }
  if (component) templateSinksLast(program);
  const file = { path, lang, source, program, lines, errors } as ParsedFile;
  let comments: ParsedFile['comments'] | undefined;
  Object.defineProperty(file, 'comments', {
    enumerable: true,
    get: () => (comments ??= takeComments()),
  });
  return { ok: true, file };
}

/** A component's template sinks run after its scripts' statements: a template renders what the script set up. */
function templateSinksLast(program: Program): void {
  const body = program.body as unknown as { type: string }[];
  if (!body.some(isTemplateSink)) return;
  const ordered = [...body.filter((st) => !isTemplateSink(st)), ...body.filter(isTemplateSink)];
  for (let i = 0; i < ordered.length; i++) body[i] = ordered[i]!;
}

/** The file parsed as TSX, then TS; undefined unless one of them has no syntax error at all. */
function reparseAsTypeScript(path: string, source: string, from: Lang, lines: LineIndex): ParsedFile | undefined {
  for (const lang of (from === 'jsx' ? ['tsx', 'ts'] : ['ts', 'tsx']) as Lang[]) {
    let program: Program;
    let takeComments: () => ParsedFile['comments'];
    try {
      const result = parseSync(path, source, { lang, astType: 'ts', preserveParens: false, showSemanticErrors: false });
      if (result.errors.length > 0) continue;
      program = jsonParseAst(result.program);
      takeComments = () => result.comments;
    } catch {
      continue;
    }
    if (program.body.length === 0) continue;
    const file = { path, lang, source, program, lines, errors: [], notice: `${/@flow\b/.test(source.slice(0, 2000)) ? 'Flow' : 'type'} annotations in a ${from === 'jsx' ? '.js/.jsx' : '.js'} file: read as ${lang === 'tsx' ? 'TSX' : 'TypeScript'}` } as unknown as ParsedFile;
    let comments: ParsedFile['comments'] | undefined;
    Object.defineProperty(file, 'comments', { enumerable: true, get: () => (comments ??= takeComments()) });
    return file;
  }
  return undefined;
}
