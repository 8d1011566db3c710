/**
 * MongoDB and Mongoose. A filter holding request data is operator injection whether the data is the
 * whole filter or one field: JSON bodies and `qs` query strings turn `name[$ne]=` into an object.
 * `String(x)` (or a type check) is the fix, so it cleans for this kind only. `findById` is left out:
 * Mongoose casts its argument to an ObjectId.
 */
import type { SinkSpec, TaintModel } from './types.js';
import { MONGO_RECEIVER } from './receivers.js';

const FILTER_METHODS = [
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'updateOne', 'updateMany', 'update',
  'deleteOne', 'deleteMany', 'remove', 'replaceOne', 'countDocuments', 'count', 'exists', 'distinct', 'where',
];
const DESC = 'is a MongoDB query filter built from untrusted data (operator injection)';

const models = ['mongoose.model()', 'mongoose.default.model()', 'mongoose.connection.model()', 'mongoose.createConnection().model()'];

function filterSink(id: string, call: string, args: number[] = [0]): SinkSpec {
  return { id, kind: 'nosql-injection', call, args, labels: ['http', 'message'], description: DESC };
}

export const nosqlModel: TaintModel = {
  framework: 'mongodb',
  sinks: [
    ...models.map((mod) => filterSink(`${mod}.query`, `${mod}.{${FILTER_METHODS.join(',')}}`)),
    filterSink('mongoose.aggregate', 'mongoose.model().aggregate'),
    filterSink('mongodb.collection', `mongodb.MongoClient().db().collection().{${FILTER_METHODS.join(',')}}`),
    // Collections and models reached through variables the engine cannot resolve.
    ...FILTER_METHODS.filter((n) => n !== 'where' && n !== 'distinct').map((name): SinkSpec => ({
      id: `method.mongo.${name}`, kind: 'nosql-injection', method: { name, receiver: MONGO_RECEIVER },
      labels: ['http', 'message'], description: DESC,
    })),
    { id: 'method.mongo.aggregate', kind: 'nosql-injection', method: { name: 'aggregate', receiver: MONGO_RECEIVER },
      labels: ['http', 'message'], description: 'is an aggregation pipeline built from untrusted data' },
    { id: 'mongoose.$where', kind: 'nosql-injection', method: { name: '$where', receiver: '' },
      labels: ['http', 'message'], description: 'is JavaScript run by MongoDB ($where)' },
  ],
  sanitizers: [
    { call: 'String', kinds: ['nosql-injection'], description: 'a string cannot carry query operators' },
    { method: 'toString', kinds: ['nosql-injection'], description: 'a string cannot carry query operators' },
    // An XML node's or a response's text (libxmljs, cheerio, fetch): a string.
    { method: 'text', kinds: ['nosql-injection'], description: 'a string cannot carry query operators' },
    { call: 'mongo-sanitize', kinds: ['nosql-injection'], description: 'strips $-keys' },
    { method: 'mongoSanitize', kinds: ['nosql-injection'], description: 'strips $-keys' },
    { call: 'express-mongo-sanitize.sanitize', kinds: ['nosql-injection'], description: 'strips $-keys' },
    // `ObjectID` is the older drivers' spelling (mongodb 2-3, bson 1), still common in apps.
    { call: '{mongoose,mongodb,bson}.{ObjectId,ObjectID}', kinds: 'all', description: 'an ObjectId' },
    { call: 'mongoose.{Types,mongo}.{ObjectId,ObjectID}', kinds: 'all', description: 'an ObjectId' },
    { call: 'mongoose.isValidObjectId', kinds: 'all', description: 'a boolean' },
    { call: '{mongodb,bson}.{ObjectId,ObjectID}.isValid', kinds: 'all', description: 'a boolean' },
    { call: 'mongoose.{Types,mongo}.{ObjectId,ObjectID}.isValid', kinds: 'all', description: 'a boolean' },
    { method: 'countDocuments', kinds: 'all', description: 'a count' },
    { method: 'estimatedDocumentCount', kinds: 'all', description: 'a count' },
  ],
};
