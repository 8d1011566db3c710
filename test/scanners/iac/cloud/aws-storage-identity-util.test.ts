import { describe, expect, test } from 'vitest';
import { isPublicStatement, restrictsCallers } from '../../../../src/scanners/iac/rules/aws/iam-policy-util.js';
import { statements } from '../../../../src/scanners/iac/rules/aws/policy-document.js';
import { looksSecret } from '../../../../src/scanners/iac/rules/aws/ssm.js';

const first = (doc: object) => statements(JSON.stringify(doc))![0]!;

describe('restrictsCallers', () => {
  test('transport, header and time keys do not restrict who calls', () => {
    expect(restrictsCallers({ Bool: { 'aws:SecureTransport': 'true' } })).toBe(false);
    expect(restrictsCallers({ StringLike: { 'aws:Referer': 'https://example.com/*' } })).toBe(false);
    expect(restrictsCallers({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } })).toBe(false);
  });
  test('identity, network and unfamiliar keys restrict', () => {
    expect(restrictsCallers({ StringEquals: { 'aws:PrincipalOrgID': 'o-1' } })).toBe(true);
    expect(restrictsCallers({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })).toBe(true);
    expect(restrictsCallers({ NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })).toBe(true);
    expect(restrictsCallers({ StringEquals: { 'AWS:SourceOwner': '111122223333' } })).toBe(true);
    expect(restrictsCallers({ StringEquals: { 'custom:key': 'x' } })).toBe(true);
  });
});

describe('isPublicStatement', () => {
  test('Principal "*", {"AWS": "*"} and every-account ARNs are public; Deny never is', () => {
    expect(isPublicStatement(first({ Statement: { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' } }))).toBe(true);
    expect(isPublicStatement(first({ Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sqs:*' }] }))).toBe(true);
    expect(isPublicStatement(first({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: 'kms:*' }] }))).toBe(true);
    expect(isPublicStatement(first({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }] }))).toBe(false);
  });
  test('named principals and restricting conditions are not public', () => {
    expect(isPublicStatement(first({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*' }] }))).toBe(false);
    expect(isPublicStatement(first({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' }] }))).toBe(false);
    expect(
      isPublicStatement(first({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }] })),
    ).toBe(false);
  });
});

describe('looksSecret', () => {
  test('credential-like names', () => {
    for (const n of ['/prod/db/password', 'API_TOKEN', '/svc/stripe-api-key', '/app/client_secret', 'db-passwd']) expect(looksSecret(n), n).toBe(true);
  });
  test('ordinary names and metadata about secrets', () => {
    for (const n of ['/prod/db/host', '/app/secret_arn', '/app/token-ttl', '/app/password_length', 'region']) expect(looksSecret(n), n).toBe(false);
  });
});
