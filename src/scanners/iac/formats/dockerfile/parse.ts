/**
 * Hand-written Dockerfile parser.
 *
 * Why not a library: the maintained JavaScript Dockerfile parsers either drop positions for
 * flags, continuations and heredocs, or do not understand the `# escape=` directive and
 * heredocs at all, and the reference parser (moby/buildkit) is Go. This one keeps the start and
 * end line of every instruction and the column of every flag and argument, which is what
 * findings need.
 *
 * It never throws and runs in linear time: one pass over the lines, no backtracking regexes on
 * unbounded input, and an instruction longer than MAX_INSTRUCTION is skipped with an issue.
 */
import type { ScanIssue } from '../../../../core/scanner.js';

export interface Pos {
  line: number;
  column: number;
}

export interface Flag extends Pos {
  /** Without the leading `--`, lowercase. */
  name: string;
  /** undefined for a bare flag (`--link`). */
  value: string | undefined;
}

export interface Heredoc {
  delimiter: string;
  body: string;
  /** First line of the body (the line after the instruction line). */
  startLine: number;
  /** Line holding the closing delimiter (or the last line when unterminated). */
  endLine: number;
  terminated: boolean;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
  /** `<<"EOF"` / `<<'EOF'`: no variable expansion inside. */
  quoted: boolean;
}

/** One `key=value` (or `ARG name`) pair of ENV, ARG or LABEL. */
export interface KeyValue extends Pos {
  key: string;
  /** Unquoted value; undefined for `ARG name` without default. */
  value: string | undefined;
}

export interface Instruction {
  /** Uppercase keyword: FROM, RUN, ... */
  keyword: string;
  line: number;
  column: number;
  /** Last physical line of the instruction (continuations and heredocs included). */
  endLine: number;
  /** Logical text after the keyword with continuations joined (flags included). */
  text: string;
  /** Text after the flags. */
  args: string;
  argsPos: Pos;
  flags: Flag[];
  /** Exec (JSON) form, when the arguments are a JSON array of strings. */
  json: string[] | undefined;
  heredocs: Heredoc[];
  /** ENV / ARG / LABEL pairs. */
  pairs: KeyValue[];
  /** Stage index, -1 for instructions before the first FROM. */
  stage: number;
  /** Position in the whole file's instruction list (for variable scoping). */
  index: number;
  /** Position of a character offset of `args` (for columns of arguments). */
  posOf(argsOffset: number): Pos;
}

export interface Stage {
  index: number;
  /** `AS name`, lowercase. */
  name: string | undefined;
  from: Instruction;
  /** Image reference as written (`${BASE}:1.2`). */
  image: string;
  /** Image after ARG substitution; undefined when a variable cannot be resolved. */
  resolvedImage: string | undefined;
  unresolvedVars: string[];
  /** Index of the earlier stage this one builds on (`FROM builder`), if any. */
  parent: number | undefined;
  platform: string | undefined;
  /** Instructions after FROM, in order. */
  instructions: Instruction[];
  /** ENV/ARG definitions by name, in order (for variableAt). */
  vars: Map<string, VarDef[]>;
}

export interface VarDef {
  /** Instruction index of the definition. */
  index: number;
  value: string | undefined;
  keyword: 'ENV' | 'ARG';
}

export interface DockerfileModel {
  path: string;
  escape: string;
  syntax: string | undefined;
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** Every instruction, in file order. */
  instructions: Instruction[];
  issues: ScanIssue[];
}

/** Longest logical instruction we look at; longer ones are skipped with an issue. */
export const MAX_INSTRUCTION = 1024 * 1024;

const KNOWN = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);
const FLAGGED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const EXEC_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'SHELL', 'VOLUME']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

interface Segment {
  offset: number;
  line: number;
  column: number;
}

export function parseDockerfile(path: string, content: string): DockerfileModel {
  const model: DockerfileModel = {
    path, escape: '\\', syntax: undefined, globalArgs: [], stages: [], instructions: [], issues: [],
  };
  const issue = (line: number | undefined, kind: ScanIssue['kind'], message: string): void => {
    model.issues.push({ path, ...(line !== undefined ? { line } : {}), kind, message, scanner: 'iac' });
  };
  if (content.includes('\u0000')) {
    issue(undefined, 'skipped-binary', `${path}: binary content (NUL bytes), not a Dockerfile`);
    return model;
  }
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  const lines = content.split(/\r\n|\n|\r/);

  let i = 0;
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const m = /^#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S*)[ \t]*$/.exec(lines[i] ?? '');
    if (!m) break;
    const key = (m[1] ?? '').toLowerCase();
    const value = m[2] ?? '';
    if (key === 'escape') {
      if (value === '\\' || value === '`') model.escape = value;
      else issue(i + 1, 'unparsable', `${path}:${i + 1}: invalid escape directive '${value.slice(0, 20)}' (must be \\ or \`)`);
    } else if (key === 'syntax') model.syntax = value;
    else if (key !== 'check') break; // an unknown directive is a comment and ends the directives
  }
  const esc = model.escape;

  let stage: Stage | undefined;
  let beforeFromReported = false;
  while (i < lines.length) {
    const first = lines[i] ?? '';
    const trimmed = first.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const startLine = i + 1;
    const startCol = first.length - trimmed.length + 1;
    const km = /^[A-Za-z]+/.exec(trimmed);
    // Gather the logical line: continuation lines end with the escape character; comment and
    // blank lines inside a continuation are dropped (as BuildKit does).
    const segments: Segment[] = [];
    let text = '';
    let tooLong = false;
    let piece = trimmed;
    let pieceLine = startLine;
    let pieceCol = startCol;
    let endLine = startLine;
    for (;;) {
      const body = piece.replace(/[ \t]+$/, '');
      const cont = body.endsWith(esc);
      const part = cont ? body.slice(0, -1) : piece;
      if (!tooLong) {
        if (text.length + part.length > MAX_INSTRUCTION) tooLong = true;
        else {
          segments.push({ offset: text.length, line: pieceLine, column: pieceCol });
          text += part;
        }
      }
      i++;
      if (!cont) break;
      // skip comments and blank lines within the continuation
      while (i < lines.length) {
        const t = (lines[i] ?? '').trimStart();
        if (t === '' || t.startsWith('#')) i++;
        else break;
      }
      if (i >= lines.length) break;
      const next = lines[i] ?? '';
      piece = next;
      pieceLine = i + 1;
      pieceCol = 1;
      endLine = i + 1;
    }
    if (tooLong) {
      issue(startLine, 'skipped-size', `${path}:${startLine}: instruction longer than ${MAX_INSTRUCTION} characters skipped`);
      continue;
    }
    if (!km) {
      issue(startLine, 'unparsable', `${path}:${startLine}: cannot parse '${text.slice(0, 40)}' as an instruction`);
      continue;
    }
    const keyword = (km[0] ?? '').toUpperCase();
    const afterKw = km[0].length;
    const restStart = afterKw + (/^[ \t]*/.exec(text.slice(afterKw, afterKw + 4096))?.[0].length ?? 0);
    if (!KNOWN.has(keyword)) {
      issue(startLine, 'unparsable', `${path}:${startLine}: unknown instruction '${keyword.slice(0, 40)}'`);
      continue;
    }
    const posAt = (off: number): Pos => {
      // binary search: the last segment starting at or before `off`
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((segments[mid]?.offset ?? 0) <= off) lo = mid;
        else hi = mid - 1;
      }
      const seg = segments[lo] ?? { offset: 0, line: startLine, column: startCol };
      return { line: seg.line, column: seg.column + (off - seg.offset) };
    };
    const rest = text.slice(restStart);
    // flags
    const flags: Flag[] = [];
    let p = 0;
    if (FLAGGED.has(keyword)) {
      while (rest.startsWith('--', p)) {
        let q = p;
        while (q < rest.length && rest[q] !== ' ' && rest[q] !== '\t') q++;
        const tok = rest.slice(p + 2, q);
        const eq = tok.indexOf('=');
        const name = (eq < 0 ? tok : tok.slice(0, eq)).toLowerCase();
        const value = eq < 0 ? undefined : unquote(tok.slice(eq + 1));
        flags.push({ name, value, ...posAt(restStart + p) });
        p = q;
        while (p < rest.length && (rest[p] === ' ' || rest[p] === '\t')) p++;
      }
    }
    const args = rest.slice(p).replace(/[ \t]+$/, '');
    const argsOff = restStart + p;
    let json: string[] | undefined;
    if (EXEC_FORM.has(keyword) && args.startsWith('[') && args.endsWith(']')) {
      try {
        const v: unknown = JSON.parse(args);
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) json = v as string[];
      } catch {
        json = undefined;
      }
    }
    // heredocs
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword) && json === undefined && args.includes('<<')) {
      const re = /(?<!<)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2(?!<)/g;
      // `<<EOF` inside a quoted string is not a heredoc: blank quoted strings (keeping
      // offsets) unless they are the quoted delimiter itself (`<<"EOF"`).
      const unquoted = args.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, (q, off: number) =>
        /<<-?$/.test(args.slice(Math.max(0, off - 3), off)) ? q : ' '.repeat(q.length));
      for (const m of unquoted.matchAll(re)) {
        const stripTabs = m[1] === '-';
        const delimiter = m[3] ?? '';
        const hStart = i + 1;
        const body: string[] = [];
        let size = 0;
        let truncated = false;
        let terminated = false;
        while (i < lines.length) {
          const raw = lines[i] ?? '';
          const l = stripTabs ? raw.replace(/^\t+/, '') : raw;
          i++;
          if (l === delimiter) {
            terminated = true;
            break;
          }
          // keep at most MAX_INSTRUCTION characters of a body (rules look at it as a script)
          if (truncated || size + l.length > MAX_INSTRUCTION) {
            if (!truncated) body.push(l.slice(0, Math.max(0, MAX_INSTRUCTION - size)));
            truncated = true;
            size = MAX_INSTRUCTION;
          } else {
            body.push(l);
            size += l.length + 1;
          }
        }
        if (truncated && terminated) {
          issue(startLine, 'skipped-size', `${path}:${startLine}: heredoc '${delimiter}' longer than ${MAX_INSTRUCTION} characters; only its start was checked`);
        }
        if (!terminated) {
          // Do not swallow the rest of the file (the `<<EOF` may have been inside quotes):
          // report it and go on parsing after the instruction.
          issue(startLine, 'unparsable', `${path}:${startLine}: unterminated heredoc '${delimiter}' (no closing line before end of file)`);
          i = hStart - 1;
          break;
        }
        endLine = Math.max(endLine, i);
        heredocs.push({
          delimiter, body: body.join('\n'), startLine: hStart, endLine: i, terminated, stripTabs, quoted: m[2] !== '',
        });
      }
    }
    const ins: Instruction = {
      keyword, line: startLine, column: startCol, endLine, text: rest, args, argsPos: posAt(argsOff), flags, json,
      heredocs, pairs: [], stage: stage ? stage.index : -1, index: model.instructions.length,
      posOf: (off: number) => posAt(argsOff + off),
    };
    if (keyword === 'ENV' || keyword === 'ARG' || keyword === 'LABEL') ins.pairs = parsePairs(ins, esc);
    model.instructions.push(ins);

    if (keyword === 'FROM') {
      const words = splitWords(args, esc);
      const image = words[0]?.text ?? '';
      let name: string | undefined;
      if (words.length >= 3 && words[1]?.text.toLowerCase() === 'as') name = words[2]?.text.toLowerCase();
      else if (words.length !== 1) {
        issue(startLine, 'unparsable', `${path}:${startLine}: FROM expects 'image [AS name]'`);
      }
      if (!image) issue(startLine, 'unparsable', `${path}:${startLine}: FROM without an image`);
      const globals = (n: string): string | undefined => {
        let v: string | undefined;
        for (const a of model.globalArgs) for (const kv of a.pairs) if (kv.key === n) v = kv.value;
        return v;
      };
      const r = expand(image, globals, esc);
      const resolved = r.unresolved.length ? undefined : r.value;
      let parent: number | undefined;
      if (resolved !== undefined) {
        const low = resolved.toLowerCase();
        const prev = model.stages.find((s) => s.name === low);
        if (prev) parent = prev.index;
      }
      stage = {
        index: model.stages.length, name, from: ins, image, resolvedImage: resolved, unresolvedVars: r.unresolved,
        parent, platform: flags.find((f) => f.name === 'platform')?.value, instructions: [], vars: new Map(),
      };
      ins.stage = stage.index;
      model.stages.push(stage);
    } else if (!stage) {
      if (keyword === 'ARG') model.globalArgs.push(ins);
      else if (!beforeFromReported) {
        beforeFromReported = true;
        issue(startLine, 'unparsable', `${path}:${startLine}: ${keyword} before the first FROM (only ARG may come first)`);
      }
    } else {
      stage.instructions.push(ins);
      if (keyword === 'ENV' || keyword === 'ARG') {
        for (const kv of ins.pairs) {
          const list = stage.vars.get(kv.key) ?? [];
          list.push({ index: ins.index, value: kv.value, keyword });
          stage.vars.set(kv.key, list);
        }
      }
    }
  }
  if (model.stages.length === 0 && model.issues.length === 0 && model.instructions.length > 0) {
    issue(undefined, 'unparsable', `${path}: no FROM instruction`);
  }
  return model;
}

/** The stage that `docker build` produces without --target: the last one. */
export function finalStage(m: DockerfileModel): Stage | undefined {
  return m.stages[m.stages.length - 1];
}

/** The stage and the earlier stages it builds on (`FROM builder`), nearest first. */
export function lineage(m: DockerfileModel, s: Stage): Stage[] {
  const out: Stage[] = [];
  let cur: Stage | undefined = s;
  while (cur && out.length <= m.stages.length) {
    out.push(cur);
    cur = cur.parent !== undefined ? m.stages[cur.parent] : undefined;
  }
  return out;
}

/**
 * A final stage that only carries files: its lineage starts FROM scratch and sets no CMD or
 * ENTRYPOINT, so no process runs from it (`FROM scratch AS binary` + COPY, for `docker build
 * --output`). Rules about the running container (USER, HEALTHCHECK) do not apply.
 */
export function isArtifactOnly(m: DockerfileModel, s: Stage): boolean {
  const chain = lineage(m, s);
  const root = chain.at(-1) ?? s;
  if ((root.resolvedImage ?? root.image).trim().toLowerCase() !== 'scratch') return false;
  return !chain.some((st) => st.instructions.some((ins) => ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT'));
}

/**
 * Value of a variable as seen by instruction `at`: ARG/ENV defaults declared before it in its
 * stage; an ARG re-declared without a default inside a stage takes the global default.
 * undefined when unknown.
 */
export function variableAt(m: DockerfileModel, at: Instruction, name: string): string | undefined {
  const s = at.stage >= 0 ? m.stages[at.stage] : undefined;
  const globals = (n: string): string | undefined => {
    let v: string | undefined;
    for (const a of m.globalArgs) for (const kv of a.pairs) if (kv.key === n) v = kv.value;
    return v;
  };
  if (!s) return globals(name);
  const list = s.vars.get(name);
  if (!list) return undefined;
  let value: string | undefined;
  let found = false;
  // definitions before `at` (lists are in file order; usually one or two entries)
  for (const d of list) {
    if (d.index >= at.index) break;
    found = true;
    if (d.keyword === 'ARG' && d.value === undefined) value = value ?? globals(name);
    else value = d.value;
  }
  return found ? value : undefined;
}

/** Resolve `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` in `text`. */
export function expand(
  text: string,
  lookup: (name: string) => string | undefined,
  esc = '\\',
): { value: string; unresolved: string[] } {
  let out = '';
  const unresolved: string[] = [];
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === esc && text[k + 1] === '$') {
      out += '$';
      k += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      k++;
      continue;
    }
    if (text[k + 1] === '{') {
      const close = text.indexOf('}', k + 2);
      if (close < 0) {
        out += text.slice(k);
        break;
      }
      const inner = text.slice(k + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(inner);
      if (!m) {
        unresolved.push(inner);
      } else {
        const name = m[1] ?? '';
        const op = m[2];
        const word = m[3] ?? '';
        const v = lookup(name);
        if (op === ':-') {
          if (v === undefined || v === '') {
            const r = expand(word, lookup, esc);
            unresolved.push(...r.unresolved);
            out += r.value;
          } else out += v;
        } else if (op === '-') {
          out += v ?? word;
        } else if (op === ':+' || op === '+') {
          if (v === undefined) unresolved.push(name);
          else if (v !== '' || op === '+') out += word;
        } else if (v === undefined) unresolved.push(name);
        else out += v;
      }
      k = close + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(k + 1, k + 257));
    if (!m) {
      out += '$';
      k++;
      continue;
    }
    const v = lookup(m[0]);
    if (v === undefined) unresolved.push(m[0]);
    else out += v;
    k += 1 + m[0].length;
  }
  return { value: out, unresolved };
}

export interface Word {
  /** Unquoted text. */
  text: string;
  /** Offset in the source string. */
  offset: number;
  /** Whether any part was quoted. */
  quoted: boolean;
}

/** Split on unquoted whitespace; quotes are removed, the escape character escapes one char. */
export function splitWords(s: string, esc = '\\'): Word[] {
  const words: Word[] = [];
  let cur = '';
  let start = -1;
  let quote = '';
  let quoted = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k] ?? '';
    if (quote) {
      if (c === quote) quote = '';
      else if (c === esc && quote === '"' && k + 1 < s.length) cur += s[++k] ?? '';
      else cur += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (start >= 0) words.push({ text: cur, offset: start, quoted });
      cur = '';
      start = -1;
      quoted = false;
      continue;
    }
    if (start < 0) start = k;
    if (c === '"' || c === "'") {
      quote = c;
      quoted = true;
    } else if (c === esc && k + 1 < s.length) cur += s[++k] ?? '';
    else cur += c;
  }
  if (start >= 0) words.push({ text: cur, offset: start, quoted });
  return words;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** ENV/ARG/LABEL: `k=v k2="v 2"`, or the legacy `ENV key value with spaces`. */
function parsePairs(ins: Instruction, esc: string): KeyValue[] {
  const words = splitWords(ins.args, esc);
  const first = words[0];
  if (!first) return [];
  if (ins.keyword === 'ENV' && !first.text.includes('=')) {
    const restOff = words[1]?.offset;
    const raw = restOff === undefined ? '' : ins.args.slice(restOff);
    const value = splitWords(raw, esc).map((w) => w.text).join(' ');
    return [{ key: first.text, value, ...ins.posOf(first.offset) }];
  }
  return words.map((w) => {
    const eq = w.text.indexOf('=');
    return {
      key: eq < 0 ? w.text : w.text.slice(0, eq),
      value: eq < 0 ? undefined : w.text.slice(eq + 1),
      ...ins.posOf(w.offset),
    };
  });
}
