/**
 * Rows of a query run on an object the engine only knows by its name (`db.query(sql)`,
 * `this.pool.execute(…)`, `conn.all(…)`): the project's own database wrapper, a driver passed in,
 * a module the scan does not hold. models/stored.ts makes the rows of resolved driver calls stored
 * data; the same rows read through a wrapper are just as much another user's text, and building
 * them into markup is stored XSS. Only the receiver-name SQL sinks whose methods hand back rows
 * (not `raw`, `run`, `exec`, `prepare`, `none`): a write's result is a count, not text.
 */
import type { SinkSpec } from '../models/types.js';

const ROW_METHODS = new Set([
  'method.query', 'method.execute', 'method.sqlite.all', 'method.sqlite.get', 'method.sqlite.each',
  'method.pg-promise.one', 'method.pg-promise.many', 'method.pg-promise.any',
  'method.pg-promise.oneOrNone', 'method.pg-promise.manyOrNone',
]);

export const WRAPPED_ROWS_DESC = 'rows a database query returns (stored data other users may have written)';

/** A statement that writes (its result is a count or an id, never another user's text). */
const WRITE_SQL = /^\s*[`'"]\s*(?:insert|update|delete|replace|create|drop|alter|truncate|upsert)\b/i;

/** Does this receiver-name sink's call return database rows? `sqlSource`: the first argument's source text. */
export function returnsRows(spec: SinkSpec, sqlSource: string): boolean {
  return spec.kind === 'sql-injection' && ROW_METHODS.has(spec.id) && !WRITE_SQL.test(sqlSource);
}
