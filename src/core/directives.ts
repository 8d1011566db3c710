/**
 * Inline suppressions: `rampart:ignore <rule-id> -- <reason>` in any comment syntax. A directive
 * on a line of its own covers that line and the next (it sits above the code); one after code
 * (`exec(cmd) // rampart:ignore …`) covers only its own line, as Semgrep's nosemgrep and ESLint's
 * disable-line do, so it never hides an unrelated finding on the line below.
 * `<rule-id>` may end in `*` to cover a group (`secrets/*`). A reason is required; a directive
 * without one is reported and suppresses nothing. An optional `until YYYY-MM-DD` (or
 * `until=YYYY-MM-DD`) after the rule id makes it expire: `rampart:ignore iac/aws/x until 2027-01-31 -- ticket 42`.
 */
export interface Directive {
  line: number;
  ruleId: string;
  reason: string;
  /** `until YYYY-MM-DD` after the rule id: past that day the directive stops suppressing. */
  expires?: string;
  /** After code on its line: covers that line only. */
  trailing?: boolean;
}

const MARK = 'rampart:ignore';
const UNTIL = /^until[ =](\d{4}-\d{2}-\d{2})$/;
// A rule id always has a scanner and a group (`iac/aws/x`, `secrets/*`), so prose such as
// "a rampart:ignore and a reason" is not read as a directive for a rule named "and".
const RULE_ID = /^(?:\*|[a-z0-9-]+(?:\/[a-z0-9.*-]+)+\*?)$/i;
// Comment openers that may stand before the marker on a line of its own (longest first).
const OPENERS = ['{{!--', '<!--', '<%--', '{{/*', '<%#', '{{!', '/**', '//', '/*', '{#', '--', '#', '*', ';', '%', "'", '"'];
// Comment closers a directive's line may end with (`#}` before `}}`: in `#}` both end the text).
const CLOSERS = ['*/', '-->', '%>', '#}', '}}'];

/** Whether code comes before the comment that holds the marker (`before`: the line up to it). */
function afterCode(before: string): boolean {
  const t = before.trimEnd();
  const opener = OPENERS.find((o) => t.endsWith(o));
  return (opener ? t.slice(0, -opener.length) : t).trim() !== '';
}

/** `text` (already trimmed at the end) without one trailing comment closer. */
function stripCloser(text: string): string {
  const closer = CLOSERS.find((c) => text.endsWith(c));
  return closer ? text.slice(0, -closer.length) : text;
}

export function parseDirectives(text: string): { directives: Directive[]; malformed: { line: number; message: string }[] } {
  const directives: Directive[] = [];
  const malformed: { line: number; message: string }[] = [];
  let from = 0;
  let idx: number;
  while ((idx = text.indexOf(MARK, from)) !== -1) {
    from = idx + MARK.length;
    const lineStart = text.lastIndexOf('\n', idx) + 1;
    let lineEnd = text.indexOf('\n', idx);
    if (lineEnd === -1) lineEnd = text.length;
    const line = countLines(text, lineStart);
    const rest = text.slice(idx + MARK.length, Math.min(lineEnd, idx + 1024));
    // Strip a trailing comment closer (*/, -->, %>, #}, }}); a loop, not an unanchored regex.
    const body = stripCloser(rest.trimEnd()).trim();
    const sepAt = body.indexOf('--');
    const head = (sepAt === -1 ? body : body.slice(0, sepAt)).trim();
    const reason = sepAt === -1 ? '' : body.slice(sepAt + 2).trim();
    const words = head.split(/\s+/);
    const ruleId = words[0] ?? '';
    // Prose or code that merely mentions the marker (docs, string literals) is not a directive:
    // one needs whitespace after the marker and something shaped like a rule id.
    if (!/^\s/.test(rest) || !RULE_ID.test(ruleId)) continue;
    if (!reason) {
      malformed.push({ line, message: `rampart:ignore ${ruleId} has no reason; write "-- <why this is safe>"` });
      continue;
    }
    const until = UNTIL.exec(words.slice(1).join(' '));
    if (until && !isRealDate(until[1]!)) {
      malformed.push({ line, message: `rampart:ignore ${ruleId}: "${until[1]}" is not a real date` });
      continue;
    }
    if (words.length > 1 && !until) {
      malformed.push({ line, message: `rampart:ignore ${ruleId}: expected "until YYYY-MM-DD" before "--", got "${words.slice(1).join(' ').slice(0, 40)}"` });
      continue;
    }
    const trailing = afterCode(text.slice(lineStart, idx));
    directives.push({ line, ruleId, reason, ...(until ? { expires: until[1]! } : {}), ...(trailing ? { trailing } : {}) });
    from = lineEnd;
  }
  return { directives, malformed };
}

function countLines(text: string, upTo: number): number {
  let n = 1;
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1 && i < upTo) n++;
  return n;
}

export function directiveMatches(d: Directive, ruleId: string, line: number): boolean {
  if (line !== d.line && (d.trailing || line !== d.line + 1)) return false;
  return ruleIdMatches(d.ruleId, ruleId);
}

/** A rule-id pattern: exact, `*`, or a prefix ending in `*` (`secrets/*`). Shared by directives and waivers. */
export function ruleIdMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === ruleId) return true;
  return pattern.endsWith('*') && ruleId.startsWith(pattern.slice(0, -1));
}

/** YYYY-MM-DD that names a day on the calendar (not 2027-02-31). */
export function isRealDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}
