import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROJECT_NAME_PATTERN } from '../../src/server/app.js';
import { describedPattern, validationMessage } from '../../src/server/validation-message.js';

describe('validationMessage: schema failures in words, naming the field', () => {
  it.each([
    ['body', { keyword: 'pattern', instancePath: '/name', params: { pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } }, "body.name: must be 1 to 63 characters: lowercase letters, digits and '-', starting with a letter or digit"],
    ['body', { keyword: 'required', instancePath: '', params: { missingProperty: 'role' } }, 'body.role is required'],
    ['body', { keyword: 'required', instancePath: '/conditions', params: { missingProperty: 'sub' } }, 'body.conditions.sub is required'],
    ['body', { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'rol' } }, 'body.rol is not a known field'],
    ['body', { keyword: 'type', instancePath: '', params: { type: 'object' } }, 'the request body must be a JSON object'],
    ['body', { keyword: 'type', instancePath: '/paths/0', params: { type: 'string' } }, 'body.paths[0]: must be a string'],
    ['body', { keyword: 'enum', instancePath: '/principalKind', params: { allowedValues: ['user', 'service_account'] } }, 'body.principalKind: must be one of "user", "service_account"'],
    ['body', { keyword: 'format', instancePath: '/expiresAt', params: { format: 'date-time' } }, 'body.expiresAt: must be a date and time with a time zone (RFC 3339, e.g. 2026-12-31T23:59:00Z)'],
    ['body', { keyword: 'minLength', instancePath: '/reason', params: { limit: 10 } }, 'body.reason: must be at least 10 characters'],
    ['body', { keyword: 'minItems', instancePath: '/permissions', params: { limit: 1 } }, 'body.permissions: must not be an empty list'],
    ['body', { keyword: 'maximum', instancePath: '/expiresInSeconds', params: { limit: 31622400 } }, 'body.expiresInSeconds: must be at most 31622400'],
    ['querystring', { keyword: 'maximum', instancePath: '/limit', params: { limit: 500 } }, 'query.limit: must be at most 500'],
    ['params', { keyword: 'pattern', instancePath: '/project', params: { pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } }, "params.project: must be 1 to 63 characters: lowercase letters, digits and '-', starting with a letter or digit"],
    ['body', { keyword: 'pattern', instancePath: '/x', params: { pattern: '^q+$' } }, 'body.x: has characters or a form not allowed here'],
  ])('%s %j', (context, failure, message) => {
    expect(validationMessage(context, [failure])).toBe(message);
  });

  it('a pattern is explained by the words its schema gave it (describedPattern); the same pattern described two ways throws', () => {
    expect(validationMessage('body', [{ keyword: 'pattern', instancePath: '/name', params: { pattern: PROJECT_NAME_PATTERN } }])).toMatch(/^body\.name: must be 1 to 63 characters/);
    expect(describedPattern('^z4-[0-9]$', 'must be z4- and a digit')).toBe('^z4-[0-9]$');
    expect(describedPattern('^z4-[0-9]$', 'must be z4- and a digit')).toBe('^z4-[0-9]$');
    expect(validationMessage('body', [{ keyword: 'pattern', instancePath: '/x', params: { pattern: '^z4-[0-9]$' } }])).toBe('body.x: must be z4- and a digit');
    expect(() => describedPattern('^z4-[0-9]$', 'must be something else')).toThrow(/described two ways/);
  });

  it('a client-chosen field name is shown in printable ASCII only', () => {
    const m = validationMessage('body', [{ keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'a\u009b\u202eb c' } }]);
    expect(m).toBe('body["a\\u009b\\u202eb c"] is not a known field');
    expect(m).not.toMatch(/[\u0080-\uffff]/);
  });
});

/**
 * anyOf/oneOf: AJV reports each branch's failure before the anyOf, so the first failure alone
 * ("must be a string") blamed the wrong form. Real AJV errors, with the server's options
 * (app.ts: coerceTypes 'array', allErrors off), on the trust-policy condition value schema.
 */
describe('validationMessage: anyOf and oneOf', () => {
  const ajv = new Ajv({ removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false });
  const condition = {
    anyOf: [{ type: 'string', maxLength: 512 }, { type: 'number' }, { type: 'boolean' }, { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', maxLength: 512 } }],
  };
  const body = ajv.compile({ type: 'object', properties: { conditions: { type: 'object', additionalProperties: condition } } });
  const messageOf = (data: unknown) => {
    expect(body(data)).toBe(false);
    return validationMessage('body', body.errors!);
  };

  it.each([
    ['an object: no form matches, the forms are listed', { repository: {} }, 'body.conditions.repository: must be a string, a number, true or false, or a list'],
    ['an empty list: the list form matched', { repository: [] }, 'body.conditions.repository: must not be an empty list'],
    ['51 items', { repository: Array.from({ length: 51 }, (_, i) => `o/r${i}`) }, 'body.conditions.repository: must list at most 50 items'],
    ['a list item of the wrong type', { repository: ['o/r', {}] }, 'body.conditions.repository[1]: must be a string'],
    ['a string too long', { repository: 'x'.repeat(513) }, 'body.conditions.repository: must be at most 512 characters'],
  ])('%s', (_what, conditions, message) => {
    expect(messageOf({ conditions })).toBe(message);
  });

  it('a good value passes (the schema is the one above)', () => {
    expect(body({ conditions: { repository: ['o/r'], ref: 'refs/heads/main', run: 3, pr: false } })).toBe(true);
  });

  it('two forms read "a or b"; a nested anyOf inside the matched branch is read the same way', () => {
    const v = ajv.compile({
      type: 'object',
      properties: { x: { anyOf: [{ type: 'integer' }, { type: 'object', properties: { y: { anyOf: [{ type: 'string', minLength: 2 }, { type: 'boolean' }] } } }] } },
    });
    expect(v({ x: 'a' })).toBe(false);
    expect(validationMessage('body', v.errors!)).toBe('body.x: must be a whole number or an object');
    expect(v({ x: { y: [] } })).toBe(false);
    expect(validationMessage('body', v.errors!)).toBe('body.x.y: must be a string or true or false');
    expect(v({ x: { y: 'a' } })).toBe(false);
    expect(validationMessage('body', v.errors!)).toBe('body.x.y: must be at least 2 characters');
  });

  it('oneOf with more than one branch passing says so', () => {
    const v = ajv.compile({ type: 'object', properties: { x: { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] } } });
    expect(v({ x: 'a' })).toBe(false);
    expect(validationMessage('body', v.errors!)).toBe('body.x: matches more than one of the forms allowed here');
  });
});
