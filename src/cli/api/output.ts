import { UsageError } from '../../core/errors.js';
import { printable } from '../printable.js';
import type { GlobalOpts } from '../shared.js';
import type { ServerFlags } from './client.js';

/** What the administration commands print: --format text|json, escaped tables and fields, notes. */

/** `--format`, checked: text (or table) or json. */
export function formatOf(o: ServerFlags): 'text' | 'json' {
  const f = o.format ?? 'text';
  if (f === 'text' || f === 'table') return 'text';
  if (f === 'json') return 'json';
  throw new UsageError(`unknown --format "${printable(String(f).slice(0, 40))}"; use text or json`);
}

/** JSON as the server sent it with --format json, else the text. */
export function emit(o: ServerFlags, data: unknown, text: () => string): void {
  process.stdout.write(formatOf(o) === 'json' ? JSON.stringify(data, null, 2) + '\n' : text());
}

/** A note on stderr unless --quiet. */
export function note(o: GlobalOpts, line: string): void {
  if (!o.quiet) process.stderr.write(`rampart: ${line}\n`);
}

/**
 * Aligned columns; every cell escaped (names come from other users: a newline or escape sequence
 * in one must not forge a row). `empty` when there are no rows.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((r) => r.map((v) => printable(v)));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  return [head, ...cells].map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** `key: value` lines for one object, escaped. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(w + 1)} ${printable(v)}`).join('\n') + '\n';
}

/** A server time for a table cell (no milliseconds); `-` for none. */
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-';
}

/** Long free text (reasons, titles) cut to `max` characters for a table cell, an ellipsis last. */
export function cut(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
