/**
 * Text from a server or another user, as a terminal may show it. Names, ids and paths are chosen
 * by whoever made them: a raw newline, carriage return, escape sequence (ESC, or the one-byte C1
 * CSI \u009b) or bidi override in one could forge rows or states in a listing read during an
 * incident. JSON.stringify is not enough (it leaves C1 controls and bidi marks as they are).
 */

// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates: single characters,
// no quantifier nesting (linear).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with such characters shown escaped (\n, \x1b, \x9b, \u202e); everything else as it is. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/**
 * A principal as people read it, escaped: `user bob` / `service account deploy-bot` / `ci policy
 * gha` for a named one, its stored id when the server gives no name (an older server, or a
 * principal deleted since).
 */
export function principalLabel(id: string, name: string | null | undefined): string {
  const i = id.indexOf(':');
  const kind = { user: 'user', service_account: 'service account', oidc_policy: 'ci policy' }[i > 0 ? id.slice(0, i) : ''];
  return printable(name && kind ? `${kind} ${name}` : id);
}
