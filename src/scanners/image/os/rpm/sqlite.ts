import Database from 'better-sqlite3';
import type { RpmRecord } from './header.js';

/**
 * rpm >= 4.16's sqlite backend (`rpmdb.sqlite`, RHEL/AlmaLinux/Rocky 9, Fedora 33+): table
 * `Packages (hnum INTEGER PRIMARY KEY, blob BLOB)` holds one header blob per package.
 * Opened from the buffer (better-sqlite3 deserialises it; no temp file).
 */
export function* sqliteRecords(content: Buffer): Generator<RpmRecord> {
  if (content.length < 100 || content.toString('latin1', 0, 16) !== 'SQLite format 3\0') {
    yield { error: 'not an SQLite database (bad magic)' };
    return;
  }
  // rpm keeps the database in WAL mode (header bytes 18/19 = 2). SQLite refuses to deserialise a
  // WAL database, so the bytes are set to rollback mode for the open (SQLite copies the buffer)
  // and put back at once, leaving the caller's buffer as it was.
  const r = content[18] ?? 0;
  const w = content[19] ?? 0;
  let db: Database.Database;
  try {
    if (r === 2) content[18] = 1;
    if (w === 2) content[19] = 1;
    db = new Database(content, { readonly: true });
  } catch (e) {
    yield { error: `cannot open the SQLite database: ${(e as Error).message}` };
    return;
  } finally {
    content[18] = r;
    content[19] = w;
  }
  let rows: IterableIterator<unknown> | undefined;
  try {
    try {
      rows = db.prepare('SELECT hnum, blob FROM Packages').iterate();
    } catch (e) {
      yield { error: `no readable Packages table: ${(e as Error).message}` };
      return;
    }
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = rows.next();
      } catch (e) {
        yield { error: `reading the Packages table failed: ${(e as Error).message}` };
        return;
      }
      if (next.done) return;
      const row = next.value as { hnum: unknown; blob: unknown };
      const key = typeof row.hnum === 'number' ? row.hnum : Number(row.hnum);
      if (Buffer.isBuffer(row.blob)) yield { key, blob: row.blob };
      else yield { key, error: `row ${key}: blob is not binary` };
    }
  } finally {
    // An unfinished iterator keeps the connection busy, and close() would refuse.
    rows?.return?.();
    db.close();
  }
}
