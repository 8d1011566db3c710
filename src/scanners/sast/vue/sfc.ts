/**
 * Single-file components (Vue `.vue`, Svelte `.svelte`) as the JavaScript the analysis reads: their
 * `<script>` blocks (`<script setup>`, `lang="ts"`, Svelte's module script) kept where they stand,
 * everything else blanked to its line breaks, so every offset the parser gives falls on the same
 * line and column of the component file and findings point there. Template outputs that are not
 * escaped become calls the models make sinks (vue/model.ts), written at the template's own line:
 * Vue `v-html="x"` and `:innerHTML="x"` as `v_html(x)`, Svelte `{@html x}` as `svelte_html(x)`.
 * `{{ x }}` and `{x}` are escaped, so they are not written. A Vue script's `this.$route` is read as the
 * template's `$route` (globalRoute); an Options API component (no `<script setup>`) is read as its
 * instance, which its template's names refer to (vue/options.ts). parse/index.ts moves these calls after
 * the scripts' statements (`sinksLast`): a template renders with what its script set up.
 *
 * A block extractor rather than @vue/compiler-sfc: the official parser brings @babel/parser,
 * postcss and three compiler packages to find what two forward scans find here (script blocks and
 * a few attributes), and Svelte would need its own compiler too. Each scan is one pass with
 * indexOf and character loops, no regexes that can backtrack; an unterminated tag or expression
 * ends it, and an expression whose brackets or quotes do not balance is left out rather than
 * break the parse of the whole component.
 */
import type { Lang } from '../parse/index.js';
import { instanceExpr, optionsApi, optionsScript, templateBindings } from './options.js';

/** The callees of the template sinks, one per construct (vue/model.ts). */
export const VUE_HTML_SINK = 'v_html';
export const SVELTE_HTML_SINK = 'svelte_html';

export type ComponentKind = 'vue' | 'svelte';

export function componentKind(path: string): ComponentKind | undefined {
  const p = path.toLowerCase();
  return p.endsWith('.vue') ? 'vue' : p.endsWith('.svelte') ? 'svelte' : undefined;
}

export interface ComponentCode {
  /** Scripts and template sinks at their own offsets' lines and columns; blank elsewhere. */
  code: string;
  lang: Lang;
}

interface Block {
  /** Content start and end (between the open and close tags). */
  start: number;
  end: number;
  lang: Lang;
  /** `<script setup>` (Vue): its bindings are the template's, not an options object's. */
  setup: boolean;
}

/** Most template sinks written per component (a generated component with thousands of them is not worth more). */
const MAX_SINKS = 200;
/** Longest template expression written. */
const MAX_EXPR = 2000;

/** The component's code, or undefined when the path is no component. */
export function componentCode(path: string, source: string): ComponentCode | undefined {
  const kind = componentKind(path);
  if (!kind) return undefined;
  const { scripts, skip } = blocks(source);
  let sinks = kind === 'vue' ? vueSinks(source, skip) : svelteSinks(source, skip);
  const lang = scripts.find((b) => b.lang !== 'js')?.lang ?? 'js';
  // The Options API (no <script setup>): the template reads the component instance (vue/options.ts).
  const options = kind === 'vue' && !scripts.some((b) => b.setup) && scripts.some((b) => optionsApi(source.slice(b.start, b.end)));
  if (options) {
    const bound = templateBindings(source);
    sinks = sinks.map((k) => ({ ...k, expr: instanceExpr(k.expr, bound) }));
  }
  const script = kind !== 'vue' ? undefined : options ? (code: string) => optionsScript(globalRoute(code)) : globalRoute;
  return { code: assemble(source, scripts, sinks, script), lang };
}

/**
 * ASCII letters lowered, nothing else: `toLowerCase` may change the length ('İ' lowers to two
 * code units), and indexes found in the lowered text must fall on the same characters of `s`.
 */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

function lower(s: string, at: number, word: string): boolean {
  return s.slice(at, at + word.length).toLowerCase() === word;
}

/** The end of a tag opened at `at` (the index after its `>`), skipping quoted attribute values; -1 if unterminated. */
function tagEnd(s: string, at: number): number {
  let q = 0;
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (q) { if (c === q) q = 0; continue; }
    if (c === 34 || c === 39) q = c;
    else if (c === 62 /* > */) return i + 1;
  }
  return -1;
}

function attrValue(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function langOfBlock(tag: string): Lang {
  const l = attrValue(tag, 'lang')?.toLowerCase() ?? (scriptType(tag)?.includes('typescript') ? 'ts' : undefined);
  return l === 'ts' || l === 'typescript' ? 'ts' : l === 'tsx' ? 'tsx' : l === 'jsx' ? 'jsx' : 'js';
}

/** `type` values of a script that runs as code (an empty one is JavaScript, as in HTML). */
const CODE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript',
  'text/typescript', 'application/typescript', 'ts', 'typescript']);

function scriptType(tag: string): string | undefined {
  return attrValue(tag, 'type')?.trim().toLowerCase();
}

/** A script block is code unless its `type` names something else (JSON-LD, an import map, a template). */
function isCode(tag: string): boolean {
  const t = scriptType(tag);
  return t === undefined || CODE_TYPES.has(t);
}

/**
 * Top-level `<script>` blocks of code (their content), and the ranges a template scan skips:
 * scripts, styles and comments. A script inside `<svelte:head>` or a `<template>` is markup the
 * page renders, not the component's script, and is skipped like a `type="application/ld+json"` one.
 */
function blocks(s: string): { scripts: Block[]; skip: [number, number][] } {
  const scripts: Block[] = [];
  const skip: [number, number][] = [];
  const low = asciiLower(s);
  let template = 0; // open <template> elements around the scan
  let head = 0; // open <svelte:head> elements
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      const end = e < 0 ? s.length : e + 3;
      skip.push([lt, end]);
      i = end;
      continue;
    }
    const closing = s.charCodeAt(lt + 1) === 47; /* / */
    const from = closing ? lt + 2 : lt + 1;
    const name = low.startsWith('script', from) ? 'script' : low.startsWith('style', from) ? 'style'
      : low.startsWith('template', from) ? 'template' : low.startsWith('svelte:head', from) ? 'svelte:head' : undefined;
    const after = name ? s.charCodeAt(from + name.length) : 0;
    if (!name || !(after === 62 || after === 32 || after === 9 || after === 10 || after === 13 || after === 47)) {
      i = lt + 1;
      continue;
    }
    if (closing || name === 'template' || name === 'svelte:head') {
      // Containers are only counted (nested <template>s too); a stray close tag does not go below 0.
      const open = tagEnd(s, lt);
      if (open < 0) break;
      if (!s.slice(lt, open).endsWith('/>')) {
        if (name === 'template') template = Math.max(0, template + (closing ? -1 : 1));
        else if (name === 'svelte:head') head = Math.max(0, head + (closing ? -1 : 1));
      }
      i = open;
      continue;
    }
    const open = tagEnd(s, lt);
    if (open < 0) break;
    const tag = s.slice(lt, open);
    if (tag.endsWith('/>')) { i = open; continue; }
    const close = low.indexOf(`</${name}`, open);
    const end = close < 0 ? s.length : close;
    if (name === 'script' && template === 0 && head === 0 && isCode(tag) && !/\ssrc\s*=/i.test(tag)) {
      scripts.push({ start: open, end, lang: langOfBlock(tag), setup: /\ssetup[\s>=/]/i.test(tag) });
    }
    skip.push([lt, end]);
    i = end;
  }
  return { scripts, skip };
}

interface Sink {
  /** Where the construct starts (the finding's position). */
  at: number;
  /** The expression's text and the offset just past the construct. */
  expr: string;
  end: number;
  callee: string;
}

function inSkip(skip: [number, number][], at: number): number {
  for (const [a, b] of skip) if (at >= a && at < b) return b;
  return -1;
}

/** HTML entities an attribute value may spell a quote or bracket with. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(quot|#34|apos|#39|amp|lt|gt);/g, (_, e: string) =>
    ({ quot: '"', '#34': '"', apos: "'", '#39': "'", amp: '&', lt: '<', gt: '>' })[e] ?? '');
}

/** `v-html="x"`, `:innerHTML="x"`, `v-bind:innerHTML="x"` (and `.prop`) outside scripts, styles and comments. */
function vueSinks(s: string, skip: [number, number][]): Sink[] {
  const out: Sink[] = [];
  for (const name of ['v-html', ':innerhtml']) {
    const hay = name === 'v-html' ? s : asciiLower(s);
    for (let i = hay.indexOf(name); i >= 0 && out.length < MAX_SINKS; i = hay.indexOf(name, i + 1)) {
      const sk = inSkip(skip, i);
      if (sk >= 0) { i = sk - 1; continue; }
      const at = name === ':innerhtml' && lower(s, i - 6, 'v-bind') ? i - 6 : i;
      const before = s.charCodeAt(at - 1);
      if (!(before === 32 || before === 9 || before === 10 || before === 13)) continue;
      let j = i + name.length;
      if (name === ':innerhtml' && s.startsWith('.prop', j)) j += 5;
      while (s[j] === ' ' || s[j] === '\t') j++;
      if (s[j] !== '=') continue;
      j++;
      while (s[j] === ' ' || s[j] === '\t' || s[j] === '\n' || s[j] === '\r') j++;
      const q = s[j];
      if (q !== '"' && q !== "'") continue;
      const close = s.indexOf(q, j + 1);
      if (close < 0) break;
      const expr = decodeEntities(s.slice(j + 1, close));
      if (expr.trim() && expr.length <= MAX_EXPR && balanced(expr)) out.push({ at, expr, end: close + 1, callee: VUE_HTML_SINK });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Svelte `{@html x}` outside scripts, styles and comments: the expression up to its closing brace. */
function svelteSinks(s: string, skip: [number, number][]): Sink[] {
  const out: Sink[] = [];
  for (let i = s.indexOf('{@html'); i >= 0 && out.length < MAX_SINKS; i = s.indexOf('{@html', i + 1)) {
    const sk = inSkip(skip, i);
    if (sk >= 0) { i = sk - 1; continue; }
    const from = i + 6;
    const end = closingBrace(s, from);
    if (end < 0) break;
    const expr = s.slice(from, end);
    if (expr.trim() && expr.length <= MAX_EXPR && balanced(expr)) out.push({ at: i, expr, end: end + 1, callee: SVELTE_HTML_SINK });
  }
  return out;
}

/** The `}` closing an expression that starts at `from` (strings and nested brackets skipped), or -1. */
function closingBrace(s: string, from: number): number {
  let depth = 0;
  let q = 0;
  const limit = Math.min(s.length, from + MAX_EXPR);
  for (let i = from; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (q) {
      if (c === 92 /* \ */) i++;
      else if (c === q) q = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) q = c;
    else if (c === 123 || c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 125) { if (depth === 0) return i; depth--; }
  }
  return -1;
}

/** Brackets and quotes of an expression close in order (a template literal's `${` counts as a bracket). */
function balanced(e: string): boolean {
  const stack: number[] = [];
  let q = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (q) {
      if (c === 92) i++;
      else if (c === q) q = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) q = c;
    else if (c === 40 || c === 91 || c === 123) stack.push(c);
    else if (c === 41 || c === 93 || c === 125) {
      const open = stack.pop();
      if (open !== (c === 41 ? 40 : c - 2)) return false;
    } else if (c === 59 /* ; */ && stack.length === 0) return false;
  }
  return q === 0 && stack.length === 0;
}

/**
 * The code: script contents verbatim, sinks at their constructs' lines and columns (line breaks
 * inside an expression kept), line breaks everywhere else.
 */
function assemble(s: string, scripts: Block[], sinks: Sink[], script?: (code: string) => string): string {
  const parts: string[] = [];
  let col = 0; // the output's column on its current line
  let i = 0;
  const blankTo = (to: number) => {
    for (let k = s.indexOf('\n', i); k >= 0 && k < to; k = s.indexOf('\n', k + 1)) { parts.push('\n'); col = 0; }
    i = to;
  };
  const padTo = (at: number) => {
    const target = at - (s.lastIndexOf('\n', at - 1) + 1);
    if (target > col) { parts.push(' '.repeat(target - col)); col = target; }
  };
  const emit = (text: string) => {
    parts.push(text);
    const nl = text.lastIndexOf('\n');
    col = nl < 0 ? col + text.length : text.length - nl - 1;
  };
  const items = [...scripts.map((b) => ({ at: b.start, b })), ...sinks.map((k) => ({ at: k.at, k }))].sort((a, b) => a.at - b.at);
  for (const it of items) {
    if (it.at < i) continue; // a sink inside a script's range (not possible after the skips) or overlapping
    blankTo(it.at);
    if ('b' in it && it.b) {
      padTo(it.at);
      const code = s.slice(it.b.start, it.b.end);
      emit(script ? script(code) : code);
      i = it.b.end;
    } else if ('k' in it && it.k) {
      const k = it.k;
      // `;` first (the previous statement may lack one), a column before the construct when there is room.
      padTo(Math.max(s.lastIndexOf('\n', k.at - 1) + 1, k.at - 1));
      emit(`;${k.callee}(${k.expr});`);
      // Line breaks between the attribute's name and its value come after the statement.
      const rawEnd = k.end;
      const inExpr = (k.expr.match(/\n/g) ?? []).length;
      let breaks = 0;
      for (let p = s.indexOf('\n', k.at); p >= 0 && p < rawEnd; p = s.indexOf('\n', p + 1)) breaks++;
      for (let n = inExpr; n < breaks; n++) { parts.push('\n'); col = 0; }
      i = rawEnd;
    }
  }
  blankTo(s.length);
  return parts.join('');
}

/**
 * The Options API's `this.$route` (a method, computed property or watcher of the component) as the
 * `$route` a template reads, padded to the same width so columns stay: the models' `$route` source.
 */
function globalRoute(code: string): string {
  return code.includes('this.$route') ? code.replaceAll('this.$route', '     $route') : code;
}

/** A template sink statement (`v_html(x);` at the top level), which parse/index.ts puts after the scripts. */
export function isTemplateSink(stmt: { type: string; expression?: unknown }): boolean {
  if (stmt.type !== 'ExpressionStatement') return false;
  const e = stmt.expression as { type?: string; callee?: { type?: string; name?: string } } | undefined;
  return e?.type === 'CallExpression' && e.callee?.type === 'Identifier' && (e.callee.name === VUE_HTML_SINK || e.callee.name === SVELTE_HTML_SINK);
}
