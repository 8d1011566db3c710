/** Cheap text checks made before parsing. */

/**
 * Minified or generated code: a long file whose lines average far beyond hand-written code, or
 * one line over 5,000 characters of code, or a generated-file banner. Bundles are build output;
 * their sources are scanned instead. A long line that is data, not code (inline SVG, base64, a
 * JSON or text blob in an otherwise hand-written module), does not count: minified code is dense
 * in `;`, `(` and `)`, data hardly has them. Quotes are not tracked: a regex literal like /'/ in
 * a bundle would throw such a scan off.
 */
export function looksMinified(source: string): boolean {
  if (generatedBanner(source)) return true;
  if (source.length < 2000) return false;
  let lines = 0;
  let codeBytes = 0;
  let longest = 0;
  for (let start = 0; start <= source.length; ) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    const len = end - start;
    lines++;
    if (len <= 300 || isCodeLine(source, start, end)) {
      codeBytes += len;
      if (len > longest) longest = len;
    }
    start = end + 1;
  }
  return codeBytes / lines > 300 || longest > 5000;
}

/** At least one `;`, `(` or `)` per 200 characters: minified code has one every 50 or so. */
function isCodeLine(source: string, start: number, end: number): boolean {
  let marks = 0;
  for (let i = start; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 59 || c === 40 || c === 41) marks++;
  }
  return marks * 200 >= end - start;
}

/**
 * A generated-file marker in the comments that open the file (not in code that merely mentions
 * one, like this scanner's own source).
 */
function generatedBanner(source: string): boolean {
  let i = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  for (let n = 0; n < 20 && i > -1 && i < source.length; n++) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    let text: string;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      text = source.slice(i, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      text = source.slice(i, end < 0 ? Math.min(source.length, i + 2048) : end);
      i = end < 0 ? source.length : end + 2;
    } else return false;
    if (text.includes('@generated') || text.includes('DO NOT EDIT')) return true;
  }
  return false;
}

/*
 * How deep the parser's recursion can go, estimated before parsing. oxc parses on the calling
 * thread's native stack, and nesting that is not brackets (`else if` chains, `a ? b : c ? …`,
 * `() => () => …`, `!!!!x`, long operator chains) overflows it: a segfault that kills the whole
 * scan, not an exception. Measured on a 4 MiB worker stack: an `else if`, `?:` or `=>` level
 * costs ~1 KiB, a unary operator ~250 B, a binary operator ~130 B. The estimate counts those in
 * units of an `else if` level and is meant to overestimate: strings, comments, template text and
 * regex literals are skipped with a small lexer, and a chain is reset only where nesting cannot
 * continue (`,` `;` or a new line starting a statement).
 */

/** Units per `else if` level: unary operators weigh 2 units, binary operator characters 1. */
const LEVEL = 8;

// Per word: its chain weight, and whether it is an operator word (a `/` after it starts a regex),
// a continuation (on a new line after a complete expression it still belongs to that statement:
// `else`, `in`, TS `as`; any other word there starts a new statement, by ASI), or a statement
// head (`if (…)`: a `/` after its `)` starts a regex).
const OP = 1 << 8;
const CONT = 1 << 9;
const HEAD = 1 << 10;
const WORDS: Array<[string, number]> = [
  ['if', LEVEL | HEAD], ['else', OP | CONT], ['for', LEVEL | HEAD], ['while', LEVEL | HEAD], ['with', LEVEL | HEAD],
  ['do', LEVEL | OP], ['switch', HEAD], ['catch', HEAD], ['typeof', 2 | OP], ['void', 2 | OP], ['delete', 2 | OP],
  ['await', 2 | OP], ['new', 2 | OP], ['yield', 2 | OP], ['in', 1 | OP | CONT], ['instanceof', 1 | OP | CONT],
  ['of', OP | CONT], ['return', OP], ['throw', OP], ['case', OP], ['as', CONT], ['satisfies', CONT],
  ['extends', OP | CONT], ['implements', CONT], ['is', CONT], ['from', CONT], ['keyof', OP],
];
/** Words by a cheap hash of length and three characters; a hit is confirmed with startsWith. */
const wordHash = (len: number, a: number, b: number, z: number): number => (len * 61 + a * 31 + b * 7 + z) & 1023;
const WORD_TABLE: Array<Array<[string, number]>> = Array.from({ length: 1024 }, () => []);
for (const [w, f] of WORDS) WORD_TABLE[wordHash(w.length, w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(w.length - 1))]!.push([w, f]);

// Character classes for the lexer's dispatch (ASCII; everything from 128 up is a word character).
const C_OTHER = 0, C_WORD = 1, C_SPACE = 2, C_NL = 3, C_QUOTE = 4, C_TICK = 5, C_SLASH = 6, C_OPEN = 7, C_CLOSE = 8;
const C_OPCHAR = 9, C_UNARY = 10, C_PLUSMINUS = 11, C_COMMA = 12, C_SEMI = 13, C_DOT = 14, C_QUESTION = 15, C_COLON = 16, C_EQ = 17;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /[\w$]/.test(ch) ? C_WORD : ch === '\n' || ch === '\r' ? C_NL : /\s/.test(ch) ? C_SPACE
    : ch === "'" || ch === '"' ? C_QUOTE : ch === '`' ? C_TICK : ch === '/' ? C_SLASH : '([{'.includes(ch) ? C_OPEN
    : ')]}'.includes(ch) ? C_CLOSE : ch === '!' || ch === '~' ? C_UNARY : ch === '+' || ch === '-' ? C_PLUSMINUS
    : ch === ',' ? C_COMMA : ch === ';' ? C_SEMI : ch === '.' ? C_DOT : ch === '?' ? C_QUESTION : ch === ':' ? C_COLON
    : ch === '=' ? C_EQ : '*%&|^<>@#'.includes(ch) ? C_OPCHAR : C_OTHER;
}
const classOf = (c: number): number => (c < 128 ? CLASS[c]! : classAbove127(c));
/**
 * classOf for char codes from 128 up. The scan's loops test `c < 128 ? CLASS[c] : classAbove127(c)`
 * themselves: a large scan turns V8's inlining off (taint/pool.ts preferCheapJit), and a call per
 * character was a third of syntaxDepth's time.
 */
const classAbove127 = (c: number): number => (c === 0xfeff || c === 0xa0 || c === 0x2028 || c === 0x2029 ? C_SPACE : C_WORD);

/**
 * syntaxDepth's per-level arrays, kept for the thread's next file: allocating three of them per
 * file (their size follows the limit, not the file) took a sixth of its time.
 */
let scratchUnits = new Int32Array(0);
let scratchHead = new Uint8Array(0);
let scratchTernaries = new Int32Array(0);

/** What the previous significant token was: decides regex vs division and where chains end. */
const P_OPERATOR = 0, P_VALUE = 1, P_HEAD_CLOSE = 2, P_OPWORD = 3;

/**
 * The estimated parser nesting in `else if` levels (brackets plus chains); stops once past
 * `limit`. Written as one loop over char codes with no closures: it runs on every file scanned.
 */
export function syntaxDepth(source: string, limit: number): number {
  const n = source.length;
  const cap = limit + 2;
  const limitUnits = limit * LEVEL;
  if (scratchUnits.length < cap + 1) {
    scratchUnits = new Int32Array(cap + 1);
    scratchHead = new Uint8Array(cap + 1);
    scratchTernaries = new Int32Array(cap + 1);
  }
  // Per open level (each entry is set when its level opens; level 0 here): reused from call to call.
  const units = scratchUnits; // chain units per open bracket level
  const isHead = scratchHead; // the level is the (…) of an if/for/while head
  const openTernaries = scratchTernaries; // `?` whose `:` is still to come, per level
  units[0] = 0;
  isHead[0] = 0;
  openTernaries[0] = 0;
  const templateAt: number[] = []; // levels at which a `${` was opened inside a template
  let level = 0;
  let sum = 0; // chain units over all open levels
  let maxUnits = 0; // max of level * LEVEL + sum
  let prev = P_OPERATOR;
  let prevHead = false; // the previous word was if/for/while/with/switch/catch
  let newline = false;
  let pendingReset = false; // after `;`: reset this level unless `else` follows
  let inTemplate = false;
  let i = source.startsWith('#!') ? Math.max(0, source.indexOf('\n')) : 0;
  while (i < n) {
    if (inTemplate) {
      // Template text: up to the closing backtick or the next `${`.
      inTemplate = false;
      prev = P_VALUE;
      while (i < n) {
        const c = source.charCodeAt(i);
        if (c === 92) i += 2;
        else if (c === 96) { i++; break; }
        else if (c === 36 && source.charCodeAt(i + 1) === 123) {
          i += 2;
          if (++level >= cap) return level;
          units[level] = 0;
          isHead[level] = 0;
          openTernaries[level] = 0;
          templateAt.push(level);
          prev = P_OPERATOR;
          break;
        } else i++;
      }
      continue;
    }
    const c = source.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : classAbove127(c);
    if (k === C_SPACE) { i++; continue; }
    if (k === C_NL) { newline = true; i++; continue; }
    if (k === C_SLASH) {
      const d = source.charCodeAt(i + 1);
      if (d === 47) { const e = source.indexOf('\n', i); i = e < 0 ? n : e; continue; }
      if (d === 42) {
        const e = source.indexOf('*/', i + 2);
        if (e < 0) break;
        if (source.lastIndexOf('\n', e) > i) newline = true;
        i = e + 2;
        continue;
      }
    }
    // A significant token: settle a pending `;` reset first (`…; else` continues an if chain).
    if (pendingReset) {
      pendingReset = false;
      if (!(c === 101 && source.startsWith('else', i) && classOf(source.charCodeAt(i + 4)) !== C_WORD)) {
        sum -= units[level]!;
        units[level] = 0;
      }
    }
    const afterNewline = newline;
    newline = false;
    let w = 0;
    switch (k) {
      case C_WORD: {
        const start = i;
        i++;
        for (; i < n; i++) {
          const d = source.charCodeAt(i);
          if ((d < 128 ? CLASS[d]! : classAbove127(d)) !== C_WORD) break;
        }
        const len = i - start;
        let flags = 0;
        if (len >= 2 && len <= 10 && c >= 97 && c <= 122) {
          const bucket = WORD_TABLE[wordHash(len, c, source.charCodeAt(start + 1), source.charCodeAt(i - 1))]!;
          // An index loop: most buckets are empty, and for-of with destructuring cost a tenth of the scan.
          for (let b = 0; b < bucket.length; b++) {
            const e = bucket[b]!;
            if (e[0].length === len && source.startsWith(e[0], start)) flags = e[1];
          }
        }
        if (afterNewline && prev === P_VALUE && (flags & CONT) === 0) {
          sum -= units[level]!;
          units[level] = 0;
        }
        w = flags & 255;
        prev = (flags & OP) !== 0 ? P_OPWORD : P_VALUE;
        prevHead = (flags & HEAD) !== 0;
        break;
      }
      case C_QUOTE:
        // A quoted string ends at its quote or, unterminated (JSX text like "don't"), at the line end.
        i++;
        while (i < n) {
          const d = source.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === c) { i++; break; }
          else if (d === 10) break;
          else i++;
        }
        prev = P_VALUE;
        break;
      case C_TICK:
        i++;
        inTemplate = true;
        break;
      case C_SLASH:
        i++;
        if (prev === P_VALUE) { w = 1; prev = P_OPERATOR; break; }
        // A regex literal: to its closing slash outside a class, never past the line end.
        for (let inClass = false; i < n; ) {
          const d = source.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === 10) break;
          else {
            i++;
            if (d === 91) inClass = true;
            else if (d === 93) inClass = false;
            else if (d === 47 && !inClass) break;
          }
        }
        while (i < n && classOf(source.charCodeAt(i)) === C_WORD) i++;
        prev = P_VALUE;
        break;
      case C_OPEN:
        i++;
        if (++level >= cap) return level;
        units[level] = 0;
        isHead[level] = c === 40 && prevHead ? 1 : 0;
        openTernaries[level] = 0;
        prev = P_OPERATOR;
        break;
      case C_CLOSE: {
        i++;
        if (level === 0) { prev = P_VALUE; break; }
        const wasHead = isHead[level] === 1;
        sum -= units[level]!;
        units[level] = 0;
        level--;
        if (c === 125 && templateAt.length > 0 && templateAt[templateAt.length - 1] === level + 1) {
          templateAt.pop();
          inTemplate = true;
          break;
        }
        prev = wasHead ? P_HEAD_CLOSE : P_VALUE;
        break;
      }
      case C_COMMA:
        i++;
        sum -= units[level]!;
        units[level] = 0;
        prev = P_OPERATOR;
        break;
      case C_SEMI:
        i++;
        pendingReset = true;
        prev = P_OPERATOR;
        break;
      case C_DOT: // member access and spread: cheap for the parser
        i++;
        prev = P_OPERATOR;
        break;
      case C_QUESTION: {
        i++;
        const d = source.charCodeAt(i);
        if (d === 46 && !(source.charCodeAt(i + 1) >= 48 && source.charCodeAt(i + 1) <= 57)) i++; // ?.
        else if (d === 63) { i++; w = 1; } // ??
        else {
          w = LEVEL;
          openTernaries[level]!++;
        }
        prev = P_OPERATOR;
        break;
      }
      case C_COLON:
        i++;
        // A ternary's `:` was counted at its `?`; labels nest like statements (object keys and
        // type annotations also land here, and reset at , and ;).
        if (openTernaries[level]! > 0) openTernaries[level]!--;
        else w = LEVEL;
        prev = P_OPERATOR;
        break;
      case C_EQ:
        i++;
        if (source.charCodeAt(i) === 62) { i++; w = LEVEL; } else w = 1; // => or =
        prev = P_OPERATOR;
        break;
      case C_UNARY:
        i++;
        w = 2;
        prev = P_OPERATOR;
        break;
      case C_PLUSMINUS:
        i++;
        // `x++` / `x--` end an expression; any other + or - is an operator.
        if (source.charCodeAt(i) === c && prev === P_VALUE) { i++; break; }
        w = 1;
        prev = P_OPERATOR;
        break;
      case C_OPCHAR:
        i++;
        w = 1;
        prev = P_OPERATOR;
        break;
      default:
        i++;
        prev = P_OPERATOR;
    }
    if (k !== C_WORD) prevHead = false;
    if (w !== 0) {
      units[level]! += w;
      sum += w;
    }
    const depth = level * LEVEL + sum;
    if (depth > maxUnits) {
      maxUnits = depth;
      if (maxUnits > limitUnits) break;
    }
  }
  return Math.ceil(maxUnits / LEVEL);
}
