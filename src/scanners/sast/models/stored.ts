/**
 * Stored data: what the application reads back from its database. A comment, a profile's HTML or a
 * page body saved from one user's request is shown to others, so a row's text output as markup
 * (`<%- post.body %>`, `'<li>' + row.title`) is stored XSS. Label `stored`, which counts at XSS
 * sinks only (taint/context.ts sourceFlow); the drivers' results stay clean for everything else
 * (sql.ts: second-order SQL is not followed). Only calls resolved to a driver or an ORM model.
 */
import type { SourceSpec, TaintModel } from './types.js';

const DESC = 'a database row (stored data other users may have written)';

function rows(api: string, description = DESC): SourceSpec {
  return { api, on: 'call', label: 'stored', description };
}

/** The rows a driver hands its callback, second after the error (`db.all(sql, (err, rows) => …)`). */
function cbRows(api: string, description = DESC): SourceSpec {
  return { api, on: 'callback', param: 1, label: 'stored', description };
}

const MYSQL_OBJECTS = ['createConnection()', 'createPool()', 'createPoolCluster()', 'createPool().promise()', 'createConnection().promise()'];
/** mysql and mysql2 objects whose query takes a callback. */
const MYSQL_CB_OBJECTS = ['createConnection()', 'createPool()', 'createPoolCluster()'];
/** Finders of Mongoose models, Sequelize models and TypeORM repositories that return documents or rows. */
const MONGOOSE_FINDERS = 'find,findOne,findById,findOneAndUpdate,findByIdAndUpdate,aggregate';
const MONGO_MODELS = ['mongoose.model()', 'mongoose.default.model()', 'mongoose.connection.model()', 'mongoose.createConnection().model()'];

export const storedModel: TaintModel = {
  framework: 'stored',
  sources: [
    // SQL drivers: the rows a query returns.
    rows('pg.{Pool,Client}().query'),
    rows('pg.Pool().connect().query'),
    rows('pg.native.{Pool,Client}().query'),
    rows('pg-promise()().{one,many,any,oneOrNone,manyOrNone,query,result,map}'),
    ...['mysql2.promise', 'mysql2'].flatMap((mod) => MYSQL_OBJECTS.map((o) => rows(`${mod}.${o}.{query,execute}`))),
    rows('better-sqlite3().prepare().{get,all,iterate}'),
    rows('sqlite.open().{all,get}'),
    rows('sequelize.Sequelize().query'),
    rows('sequelize().query'),
    rows('typeorm.{DataSource,Connection}().query'),
    rows('typeorm.{DataSource,Connection}().getRepository().{find,findOne,findBy,findOneBy}'),
    rows('@prisma/client.PrismaClient().*.{findMany,findFirst,findUnique,findFirstOrThrow,findUniqueOrThrow}'),
    // MongoDB: documents of a Mongoose model or a driver collection.
    ...MONGO_MODELS.map((m) => rows(`${m}.{${MONGOOSE_FINDERS}}`, 'a stored document (data other users may have written)')),
    rows('mongodb.MongoClient().db().collection().{find,findOne,aggregate}', 'a stored document (data other users may have written)'),
    // Callback APIs: the rows or documents are the callback's second parameter.
    cbRows('sqlite3.Database().{all,get,each}'),
    cbRows('sqlite3.verbose().Database().{all,get,each}'),
    cbRows('pg.{Pool,Client}().query'),
    cbRows('pg.Pool().connect().query'),
    ...['mysql', 'mysql2'].flatMap((mod) => MYSQL_CB_OBJECTS.map((o) => cbRows(`${mod}.${o}.{query,execute}`))),
    ...MONGO_MODELS.map((m) => cbRows(`${m}.{${MONGOOSE_FINDERS}}`, 'a stored document (data other users may have written)')),
    cbRows('mongodb.MongoClient().db().collection().findOne', 'a stored document (data other users may have written)'),
  ],
};
