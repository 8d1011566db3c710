/**
 * GraphQL resolvers: the field arguments come from the client's query. Plain resolver maps are
 * recognised by their parameter names `(parent, args, context)`; NestJS and type-graphql resolver
 * classes by their `@Args()` / `@Arg()` decorators.
 */
import type { TaintModel } from './types.js';

const ARGS = '@graphql.args';

export const graphqlModel: TaintModel = {
  framework: 'graphql',
  handlers: [
    {
      framework: 'graphql',
      paramNames: [['_', '__', 'parent', 'root', 'obj', 'source', '_parent', '_root', '_source'], ['args', '_args']],
      params: [null, ARGS],
    },
    {
      framework: 'graphql-decorators',
      classDecorator: 'Resolver',
      paramDecorators: {
        Args: { label: 'http', description: 'GraphQL arguments (@Args)' },
        Arg: { label: 'http', description: 'GraphQL argument (@Arg)' },
      },
    },
  ],
  // Arguments are typed by the schema, nearly always scalars (a String arrives as a string, never
  // as a `{ $ne: … }` object): text for NoSQL. An input-object argument is the exception this misses.
  sources: [{ api: `${ARGS}.*`, label: 'http', description: 'GraphQL field arguments', text: true }],
};
