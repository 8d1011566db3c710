/**
 * SQL clients and query builders. A library's parameter reaching query text is a sink only when
 * the text is built from it (`requiresConcatenation`): passing its caller's query through is what
 * a database wrapper does. Parameter arrays next to the text are the safe way to pass data.
 */
import type { SinkSpec, TaintModel } from './types.js';
import { ANY_RECEIVER, SQL_RECEIVER, SQLITE_RECEIVER } from './receivers.js';

const DESC = 'is SQL text built from untrusted data';

// A library's own query text passed through is not a finding; a request value passed whole as
// the SQL of a resolved driver call is (CodeQL reports it too). Receiver-name matches (`m`) keep
// requiring built text: `x.query(req.query.q)` on an unknown object is often a search API.
function q(id: string, call: string, args: number[] = [0]): SinkSpec {
  return { id, kind: 'sql-injection', call, args, requiresConcatenation: 'library-input', description: DESC };
}
function m(name: string, receiver: string): SinkSpec {
  return { id: `method.${name}`, kind: 'sql-injection', method: { name, receiver }, requiresConcatenation: true, description: DESC };
}

const MYSQL_OBJECTS = ['createConnection()', 'createPool()', 'createPoolCluster()', 'createPool().promise()', 'createConnection().promise()',
  // `const conn = await pool.getConnection()` (mysql2/promise, pool.promise()): a pooled connection queries like the pool.
  'createPool().getConnection()', 'createPool().promise().getConnection()', 'createPoolCluster().getConnection()'];
const PG_PROMISE = 'one,many,any,none,oneOrNone,manyOrNone,query,result,multi,multiResult,each,map,func,proc';
const KNEX_RAW = 'whereRaw,orWhereRaw,andWhereRaw,havingRaw,orHavingRaw,orderByRaw,groupByRaw,joinRaw,fromRaw';

export const sqlModel: TaintModel = {
  framework: 'sql',
  sinks: [
    // pg
    q('pg.query', 'pg.{Pool,Client}().query'),
    q('pg.connect.query', 'pg.Pool().connect().query'),
    q('pg.native.query', 'pg.native.{Pool,Client}().query'),
    q('postgres.unsafe', 'postgres().unsafe'),
    q('pg-promise', `pg-promise()().{${PG_PROMISE}}`),
    // mysql, mysql2
    ...['mysql', 'mysql2', 'mysql2.promise'].flatMap((mod) =>
      MYSQL_OBJECTS.map((o) => q(`${mod}.${o}.query`, `${mod}.${o}.{query,execute}`)),
    ),
    // sqlite3 (also `require('sqlite3').verbose()`), better-sqlite3, sqlite
    q('sqlite3.Database', 'sqlite3.Database().{run,all,get,each,exec,prepare,map}'),
    q('sqlite3.verbose.Database', 'sqlite3.verbose().Database().{run,all,get,each,exec,prepare,map}'),
    q('better-sqlite3', 'better-sqlite3().{prepare,exec}'),
    q('sqlite.open', 'sqlite.open().{run,all,get,each,exec,prepare}'),
    // knex
    q('knex.raw', 'knex().raw'),
    // Raw fragments (`whereRaw(t)`, `orderByRaw(sort)`, `sequelize.literal(t)`): these take a piece of
    // SQL, never a value, so a whole request value there is the injection too.
    { ...q('knex.builder.raw', `knex()().{${KNEX_RAW}}`), requiresConcatenation: false },
    // sequelize
    q('sequelize.query', 'sequelize.Sequelize().query'),
    q('sequelize.default.query', 'sequelize().query'),
    { ...q('sequelize.literal', 'sequelize.literal'), requiresConcatenation: false },
    { ...q('sequelize.literal.static', 'sequelize.Sequelize.literal'), requiresConcatenation: false },
    { ...q('sequelize.instance.literal', 'sequelize.Sequelize().literal'), requiresConcatenation: false },
    // TypeORM
    q('typeorm.DataSource.query', 'typeorm.{DataSource,Connection}().query'),
    q('typeorm.manager.query', 'typeorm.{DataSource,Connection}().manager.query'),
    q('typeorm.getManager.query', 'typeorm.{getManager,getConnection,getRepository}().query'),
    // Query-builder escape hatches: raw SQL text spliced into a query.
    // (a whole value is the injection here: these take a fragment or an identifier, not a query)
    { ...q('drizzle.sql.raw', 'drizzle-orm.sql.raw'), requiresConcatenation: false },
    { ...q('kysely.sql.raw', 'kysely.sql.{raw,lit,ref,id,table}'), requiresConcatenation: false },
    q('vercel-postgres.query', '@vercel/postgres.sql.query'),
    q('vercel-postgres.db.query', '@vercel/postgres.db.query'),
    // Prisma
    { id: 'prisma.raw-unsafe', kind: 'sql-injection', call: '@prisma/client.PrismaClient().{$queryRawUnsafe,$executeRawUnsafe}',
      description: 'is SQL text run by Prisma without parameters' },
    { id: 'prisma.Prisma.raw', kind: 'sql-injection', call: '@prisma/client.Prisma.raw',
      description: 'is raw SQL spliced into a Prisma query' },

    // Objects passed around: a `db`, `pool`, `this.connection`, a repository.
    m('query', SQL_RECEIVER),
    m('execute', SQL_RECEIVER),
    m('raw', SQL_RECEIVER),
    ...['run', 'all', 'get', 'each', 'exec', 'prepare'].map((n) => ({
      ...m(n, SQLITE_RECEIVER), id: `method.sqlite.${n}`,
    })),
    // pg-promise's query methods on a database or a task/transaction object (`t.one(…)`).
    ...['one', 'many', 'any', 'none', 'oneOrNone', 'manyOrNone', 'result', 'multi'].map((n) => ({
      ...m(n, `${SQL_RECEIVER}|^(t|task)$`), id: `method.pg-promise.${n}`,
    })),
    // Names only one library family uses.
    ...KNEX_RAW.split(',').map((n) => ({ ...m(n, ANY_RECEIVER), requiresConcatenation: false })),
    { id: 'method.$queryRawUnsafe', kind: 'sql-injection', method: { name: '$queryRawUnsafe', receiver: ANY_RECEIVER },
      description: 'is SQL text run by Prisma without parameters' },
    { id: 'method.$executeRawUnsafe', kind: 'sql-injection', method: { name: '$executeRawUnsafe', receiver: ANY_RECEIVER },
      description: 'is SQL text run by Prisma without parameters' },
    // Query builders' string conditions (TypeORM, knex): only concatenated text.
    ...['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving'].map((n) => m(n, ANY_RECEIVER)),
  ],
  sanitizers: [
    // A driver's result is rows from the database, not the arguments that chose them: a
    // parameterised query's values do not come back as request data (second-order taint is not
    // followed). Only calls resolved to the driver; a `db` passed in keeps the default.
    ...[
      'pg.{Pool,Client}().query', 'pg.Pool().connect().query', 'pg.native.{Pool,Client}().query',
      `pg-promise()().{${PG_PROMISE}}`,
      ...['mysql', 'mysql2', 'mysql2.promise'].flatMap((mod) => MYSQL_OBJECTS.map((o) => `${mod}.${o}.{query,execute}`)),
      'better-sqlite3().prepare().{get,all,run,iterate}', 'sqlite.open().{run,all,get}',
      'knex().raw', 'sequelize.Sequelize().query', 'sequelize().query',
      'typeorm.{DataSource,Connection}().query', 'typeorm.{DataSource,Connection}().manager.query',
      '@prisma/client.PrismaClient().{$queryRaw,$queryRawUnsafe}',
    ].map((call) => ({ call, kinds: 'all' as const, description: 'rows returned by the database' })),
    { call: '{sqlstring,mysql,mysql2}.{escape,escapeId}', kinds: ['sql-injection'], description: 'SQL escaping' },
    { call: 'pg-format.{literal,ident}', kinds: ['sql-injection'], description: 'pg-format escaping' },
    { method: 'escapeLiteral', kinds: ['sql-injection'], description: 'SQL literal escaping' },
    { method: 'escapeIdentifier', kinds: ['sql-injection'], description: 'SQL identifier escaping' },
    { method: 'escapeId', kinds: ['sql-injection'], description: 'SQL identifier escaping' },
    // `x.escape(t)` escapes for whatever x is about: SQL (connection.escape), HTML (validator,
    // lodash, connect's utils), URLs (querystring); each result is inert text for these sinks.
    { method: 'escape', kinds: ['sql-injection', 'xss', 'header-injection', 'log-injection', 'redos'],
      description: 'escaping (connection.escape, validator.escape, utils.escape)' },
  ],
  propagators: [
    // format(sql, values) escapes the values into the `?` placeholders: only the SQL text's own
    // taint carries on.
    { call: '{sqlstring,mysql,mysql2}.format', from: [0], to: 'return' },
    // pg-format(fmt, …values): %L / %I quote the values. (%s splices a value raw; not told apart.)
    { call: 'pg-format', from: [0], to: 'return' },
    { call: 'pg-format.withArray', from: [0], to: 'return' },
  ],
};
