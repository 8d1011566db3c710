/** Encoding, escaping and validation libraries whose results are safe for some kinds of sink. */
import type { SanitizerSpec, TaintModel } from './types.js';

const html = (call: string, description: string): SanitizerSpec => ({ call, kinds: ['xss'], description });

/** validator.js checks return booleans; its converters return numbers, booleans and dates. */
const VALIDATOR_CHECKS = [
  'isInt', 'isNumeric', 'isFloat', 'isDecimal', 'isUUID', 'isEmail', 'isURL', 'isAlpha', 'isAlphanumeric',
  'isMongoId', 'isBoolean', 'isIn', 'isLength', 'isHexadecimal', 'isDate', 'isISO8601', 'isIP', 'isJSON',
  'isJWT', 'isSlug', 'isEmpty', 'matches', 'equals', 'contains',
  'toInt', 'toFloat', 'toBoolean', 'toDate',
].join(',');

export const sanitizersModel: TaintModel = {
  framework: 'sanitizers',
  sanitizers: [
    html('escape-html', 'escape-html'),
    html('html-escaper.escape', 'html-escaper'),
    html('{he,entities}.{encode,escape,encodeHTML,escapeUTF8}', 'HTML entity encoding'),
    html('{lodash,underscore,lodash-es}.escape', 'lodash escape'),
    html('lodash.escape', 'lodash.escape'),
    html('validator.escape', 'validator.escape'),
    html('sanitize-html', 'sanitize-html'),
    html('xss', 'js-xss'),
    html('xss.filterXSS', 'js-xss'),
    html('xss.FilterXSS().process', 'js-xss'),
    html('xss-filters.*', 'xss-filters'),
    html('{striptags,strip-tags}', 'tag stripping'),
    ...['escapeHtml', 'escapeHTML', 'htmlEscape', 'encodeHTML', 'encodeHtml', 'escapeXml', 'sanitizeHtml', 'stripTags']
      .map((method): SanitizerSpec => ({ method, kinds: ['xss'], description: 'HTML escaping' })),
    // Helpers' usual names across libraries (ejs escapeRegExpChars, Perl's quotemeta, regexEscape).
    ...['escapeRegExp', 'escapeRegex', 'escapeRegexp', 'escapeStringRegexp', 'escapeRegExpChars', 'escapeRegexChars',
      'escapeRegExpString', 'escapeRegexString', 'escapeForRegExp', 'escapeForRegex', 'regexEscape', 'regExpEscape',
      'regexpEscape', 'quoteRegExp', 'quotemeta', 'escape_regexp', 'escape_regex']
      .map((method): SanitizerSpec => ({ method, kinds: ['redos'], description: 'RegExp escaping' })),
    // Text rewritten with replace() before it becomes part of a pattern is, in practice, the
    // escaping idiom (`s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`), written inline or in a helper.
    ...['replace', 'replaceAll']
      .map((method): SanitizerSpec => ({ method, kinds: ['redos'], description: 'RegExp escaping (replace)' })),
    { call: 'sanitize-filename', kinds: ['path-traversal', 'header-injection'], description: 'sanitize-filename' },
    { call: '{filenamify,sanitize-filename-ts}', kinds: ['path-traversal', 'header-injection'], description: 'a safe file name' },
    { call: 'BigInt', kinds: 'all', description: 'a number' },
    // A MIME table lookup returns one of the table's own types (or false), never the text it was
    // given; not contentType(), which returns its argument when that already contains a '/'.
    { call: '{mime,mime-types,mime-lite}.{lookup,getType,extension,getExtension,charset}', kinds: 'all',
      description: 'a MIME type from the lookup table' },
    // A token the server signs, and the claims of one whose signature it checked, are its own data.
    { call: 'jsonwebtoken.{sign,verify}', kinds: 'all', description: 'a signed or verified JWT' },
    { call: 'content-disposition', kinds: ['header-injection'], description: 'content-disposition encodes the file name' },
    { call: `validator.{${VALIDATOR_CHECKS}}`, kinds: 'all', description: 'a validator.js check or conversion' },
    // Text escaped for a JavaScript string literal, then pasted between quotes into generated code
    // (pg's compiled row parser: "this['" + escape(fieldName) + "']"). Not jsesc: by default
    // (quotes: 'single') it leaves " and ` / ${ as they are, so it is safe only for the quotes its
    // options name, which a call-level model cannot check.
    { call: 'js-string-escape', kinds: ['code-injection'], description: 'JavaScript string escaping' },
    { call: 'escape-string-regexp', kinds: ['redos'], description: 'RegExp escaping' },
    { call: '{lodash,lodash-es}.escapeRegExp', kinds: ['redos'], description: 'RegExp escaping' },
    { call: 'lodash.escaperegexp', kinds: ['redos'], description: 'RegExp escaping' },
    { call: 'uuid.{validate,version}', kinds: 'all', description: 'a boolean or number' },
    { call: '{bcrypt,bcryptjs,argon2}.{hash,hashSync,compare,compareSync,verify}', kinds: 'all', description: 'a password hash or check' },
  ],
};
