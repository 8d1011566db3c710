/**
 * Validation libraries whose output is constrained to a safe type: a zod / joi / yup schema that is
 * numeric, boolean, an enum or a UUID, when the schema is built in the same expression or a `const`
 * (the API path then spells it: `const Id = z.number().int()` makes `Id.parse` `zod.z.number().int().parse`).
 * A string or object schema constrains nothing, so it is not listed.
 */
import type { SanitizerSpec, TaintModel } from './types.js';

const SAFE_TYPES = '{number,boolean,enum,nativeEnum,literal,bigint,date,uuid}';
const MODIFIERS = '{int,positive,nonnegative,negative,min,max,gt,gte,lt,lte,finite,safe,multipleOf,optional,default,nullable}';
const PARSE = '{parse,parseAsync}';

function zod(root: string): SanitizerSpec[] {
  return [
    `${root}.${SAFE_TYPES}().${PARSE}`,
    `${root}.${SAFE_TYPES}().${MODIFIERS}().${PARSE}`,
    `${root}.${SAFE_TYPES}().${MODIFIERS}().${MODIFIERS}().${PARSE}`,
    `${root}.coerce.${SAFE_TYPES}().${PARSE}`,
    `${root}.coerce.${SAFE_TYPES}().${MODIFIERS}().${PARSE}`,
    `${root}.coerce.${SAFE_TYPES}().${MODIFIERS}().${MODIFIERS}().${PARSE}`,
    `${root}.string().uuid().${PARSE}`,
    `${root}.string().{uuid,cuid,cuid2,ulid,datetime,ip}().${PARSE}`,
  ].map((call) => ({ call, kinds: 'all', description: 'a zod schema that only admits numbers, booleans, enums or ids' }));
}

function joiLike(root: string, types = '{number,boolean,date}'): SanitizerSpec[] {
  return [
    `${root}.${types}().{validate,validateAsync,attempt}`,
    `${root}.${types}().${MODIFIERS}().{validate,validateAsync,attempt}`,
    `${root}.${types}().{integer,positive,min,max,required}().{integer,positive,min,max,required}().{validate,validateAsync}`,
    `${root}.string().{guid,uuid}().{validate,validateAsync}`,
    `${root}.string().valid().{validate,validateAsync}`,
  ].map((call) => ({ call, kinds: 'all', description: 'a joi schema that only admits numbers, booleans or ids' }));
}

export const validationModel: TaintModel = {
  framework: 'validation',
  sanitizers: [
    ...zod('zod.z'),
    ...zod('zod'),
    ...joiLike('joi'),
    // A scoped package and its first member are one path segment (ir/api-names.ts splitApi), so
    // alternatives cannot span them: spell each type out.
    ...['number', 'boolean', 'date'].flatMap((t) => joiLike('@hapi/joi', t)),
    { call: 'yup.{number,boolean,date}().{validate,validateSync,cast}', kinds: 'all', description: 'a yup numeric/boolean schema' },
    { call: 'yup.{number,boolean,date}().*().{validate,validateSync,cast}', kinds: 'all', description: 'a yup numeric/boolean schema' },
  ],
};

/**
 * class-validator property decorators (NestJS DTOs checked by a ValidationPipe, taint/dtos.ts), by
 * what a value that passes can still hold. `safe`: a number, boolean, date, id, enum member, one
 * of a fixed list, or word characters: nothing to inject anywhere. `text`: some string (an email
 * keeps quotes, `$` and `/` in its local part, a URL anything), so only query operators (NoSQL) are
 * ruled out. `host` (`@IsFQDN`): nothing to inject but the host itself (SSRF, open redirect).
 * `@Matches(re)` is safe when `re` is an anchored literal without `.`, `|`, quotes or shell
 * characters; `@Type(() => Number)` only when the pipe transforms. `@ValidateIf` may skip every
 * check, so a field carrying it keeps its taint.
 */
export const CLASS_VALIDATOR = {
  safe: [
    'IsInt', 'IsNumber', 'IsNumberString', 'IsDecimal', 'IsPositive', 'IsNegative', 'Min', 'Max', 'IsDivisibleBy',
    'IsBoolean', 'IsBooleanString', 'IsDate', 'IsDateString', 'IsISO8601', 'IsMilitaryTime',
    'IsUUID', 'IsMongoId', 'IsEnum', 'IsIn', 'IsAlpha', 'IsAlphanumeric', 'IsHexadecimal', 'IsHexColor',
    'IsPort', 'IsLatitude', 'IsLongitude', 'IsLatLong', 'IsISO31661Alpha2', 'IsISO31661Alpha3', 'IsISO4217CurrencyCode',
  ],
  text: [
    'IsString', 'IsEmail', 'IsUrl', 'Length', 'MinLength', 'MaxLength', 'Contains', 'NotContains', 'IsJSON',
    'IsLowercase', 'IsUppercase', 'IsAscii',
  ],
  /** A domain name: letters, digits, '-' and '.' only, but one the client chose, so where a request goes or redirects is still theirs. */
  host: ['IsFQDN'],
  skips: ['ValidateIf'],
} as const;
