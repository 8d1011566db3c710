import { describe, expect, it } from 'vitest';
import { validationMessage } from '../../src/server/validation-message.js';

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
    expect(validationMessage(context, failure)).toBe(message);
  });

  it('a client-chosen field name is shown in printable ASCII only', () => {
    const m = validationMessage('body', { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'a\u009b\u202eb c' } });
    expect(m).toBe('body["a\\u009b\\u202eb c"] is not a known field');
    expect(m).not.toMatch(/[\u0080-\uffff]/);
  });
});
