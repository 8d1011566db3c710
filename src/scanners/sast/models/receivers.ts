/**
 * Receiver-name patterns for `method` sink fallbacks: a value passed in from elsewhere (a `db`
 * parameter, `this.pool`) has no API path, so its name is all there is to go on.
 */

/**
 * A RegExp source matching a receiver name that is one of `words` or ends in one as a camelCase
 * or snake_case part: `db`, `userDb`, `USER_DB`, `this.db`, `app.locals.db`.
 */
export function receiverNamed(words: string[]): string {
  const lower = words.map((w) => w.toLowerCase());
  const camel = lower.map((w) => w[0]!.toUpperCase() + w.slice(1));
  const upper = lower.map((w) => w.toUpperCase());
  return `(^|[._$])(${lower.join('|')}|${upper.join('|')})$|[a-z0-9](${camel.join('|')})$|_(${upper.join('|')})$`;
}

/** Names of SQL connection-like objects. */
export const SQL_RECEIVER = receiverNamed([
  'db', 'database', 'conn', 'connection', 'pool', 'client', 'knex', 'sequelize', 'prisma', 'mysql',
  'pg', 'sql', 'trx', 'tx', 'transaction', 'manager', 'entityManager', 'dataSource', 'repo', 'repository',
  'queryRunner', 'sqlite',
]);

/** Names that are almost surely SQLite databases (their `get`/`run`/`all` are too generic otherwise). */
export const SQLITE_RECEIVER = receiverNamed(['db', 'database', 'sqlite', 'sqliteDb']);

/** Names of MongoDB collections and Mongoose models: `users`, `User`, `userModel`, `db.collection(…)`. */
export const MONGO_RECEIVER =
  '^[A-Z][A-Za-z0-9]*$|' + receiverNamed(['collection', 'coll', 'col', 'model', 'users', 'docs', 'items']);

/** Names of loggers. */
export const LOGGER_RECEIVER = receiverNamed(['log', 'logger', 'audit', 'auditLog']);

/** Any receiver: for method names that only one library family uses (`whereRaw`, `$queryRawUnsafe`). */
export const ANY_RECEIVER = '';
