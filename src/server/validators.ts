import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: under NodeNext the plugin is the module's `default` property.
const addFormats = addFormatsModule.default;

/** What every part shares: unknown properties refused, not dropped; defaults filled; first error only (allErrors is a DoS risk). */
const BASE: Options = { removeAdditional: false, useDefaults: true, allErrors: false };

/**
 * Schema validators per request part. Query strings, path parameters and headers arrive as text,
 * so they are coerced ('5' → 5, a repeated parameter → a list); a JSON body already carries its
 * types and is taken as sent: coercion there quietly turned a trust-policy condition 5 into "5"
 * and ["org/repo"] into "org/repo" (an array read as the string form). One Ajv per part, made once
 * per server.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = new Ajv({ ...BASE, coerceTypes: 'array' });
  const asSent = new Ajv({ ...BASE, coerceTypes: false });
  addFormats(coercing);
  addFormats(asSent);
  return ({ schema, httpPart }) => (httpPart === 'body' ? asSent : coercing).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
}
