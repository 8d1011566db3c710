import { HttpError } from '../app.js';

/**
 * The cursor of GET /api/v1/projects/:project/deployments (`next` in one answer, `before` in the
 * next request). The history is ordered by time, newest first, then by id, so the order is total
 * and stable while decisions are added: a cursor names the last decision shown (its time and id)
 * and the next page starts strictly after it, whatever was written in between (new decisions are
 * newer and fall before it). Opaque to clients: base64url of `<ts> <id>`, checked on the way in.
 */

export interface HistoryCursor {
  ts: string;
  id: string;
}

// Both parts as the server writes them: ISO times from toISOString(), UUIDs. Linear-time, anchored.
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export const CURSOR_SCHEMA = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page: decisions older than its last one' } as const;

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(`${c.ts} ${c.id}`, 'utf8').toString('base64url');
}

/** A cursor from a request; 400 for anything this server did not make. */
export function decodeCursor(s: string): HistoryCursor {
  const [ts, id, extra] = Buffer.from(s, 'base64url').toString('utf8').split(' ');
  if (ts === undefined || id === undefined || extra !== undefined || !TS_RE.test(ts) || !ID_RE.test(id)) {
    throw new HttpError(400, 'E_BAD_REQUEST', 'before: not a cursor this server gave (use the next of the previous page)');
  }
  return { ts, id };
}
