/**
 * Receiver-name patterns for `method` sink fallbacks: a value passed in from elsewhere (a `db`
 * parameter, `this.pool`) has no API path, so its name is all there is to go on. The engine
 * (models/compile.ts) matches these case-insensitively, so camelCase cannot be told apart: a word
 * is matched whole (after `.`, `_` or `$`), or as the end of a name only when listed as such.
 */

/** A name that is one of `words`, alone or as the last part of a member chain / snake_case name. */
export function receiverNamed(words: string[], suffixes: string[] = []): string {
  const whole = `(^|[._$])(${words.join('|')})$`;
  return suffixes.length === 0 ? whole : `${whole}|(${suffixes.join('|')})$`;
}

/** Names of SQL connection-like objects: `db`, `this.pool`, `pgPool`, `userRepository`, `trx`, `this.ds` (a TypeORM DataSource), `qr` (a QueryRunner). */
export const SQL_RECEIVER = receiverNamed(
  ['db', 'conn', 'client', 'pg', 'sql', 'mysql', 'trx', 'tx', 'manager', 'repo', 'knex', 'sqlite', 'em', 'orm', 'ds', 'qr'],
  [
    'database', 'connection', 'pool', 'sequelize', 'prisma', 'repository', 'datasource', 'entitymanager',
    'queryrunner', 'transaction', '(mysql|pg|sql|sqlite|postgres|app|main|user|my|read|write|primary|replica|tenant)db',
    '(db|sql|pg|mysql)conn', '(pg|sql|mysql|db|postgres)client', 'repo',
  ],
);

/** Names that are almost surely SQLite databases (their `get`/`run`/`all` are too generic otherwise). */
export const SQLITE_RECEIVER = receiverNamed(['db', 'database', 'sqlite'], ['sqlitedb', 'sqlite']);

/** Names of MongoDB collections and Mongoose models: `User`, `userModel`, `db.collection('x')`. */
export const MONGO_RECEIVER = receiverNamed(
  [
    'user', 'users', 'product', 'products', 'order', 'orders', 'post', 'posts', 'comment', 'comments',
    'account', 'accounts', 'customer', 'customers', 'article', 'articles', 'message', 'messages',
    'profile', 'profiles', 'employee', 'employees', 'book', 'books', 'note', 'notes', 'todo', 'todos',
    'item', 'items', 'review', 'reviews', 'feedback', 'feedbacks', 'card', 'cards', 'basket', 'baskets',
    'address', 'addresses', 'wallet', 'wallets', 'session', 'sessions', 'record', 'records', 'event', 'events',
    'task', 'tasks', 'doc', 'docs', 'document', 'documents', 'coll', 'col',
  ],
  ['model', 'collection', 'col', 'coll', 'collection\\(.*\\)', 'collection\\(\\)'],
);

/** Names of loggers: `logger`, `this.log`, `appLogger`, `auditLog`. */
export const LOGGER_RECEIVER = receiverNamed(['log', 'audit'], ['logger', 'auditlog']);

/** Any receiver: for method names that only one library family uses (`whereRaw`, `$queryRawUnsafe`). */
export const ANY_RECEIVER = '';
