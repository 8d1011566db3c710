import { describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { s3BucketPublicAccessBlockMissing } from '../../../../src/scanners/iac/rules/aws/s3-public-access-block.js';
import { isPublicStatement, restrictsCallers } from '../../../../src/scanners/iac/rules/aws/iam-policy-util.js';
import { statements } from '../../../../src/scanners/iac/rules/aws/policy-document.js';
import { looksSecret } from '../../../../src/scanners/iac/rules/aws/ssm.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

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
    for (const n of ['/prod/db/password', 'API_TOKEN', '/svc/stripe-api-key', '/app/client_secret', 'db-passwd', '/rails/SECRET_KEY_BASE', '/app/jwt-secret']) expect(looksSecret(n), n).toBe(true);
  });
  test('ordinary names and metadata about secrets', () => {
    for (const n of ['/prod/db/host', '/app/secret_arn', '/app/token-ttl', '/app/password_length', 'region', '/auth/token_endpoint', '/app/SECRET_NAME']) expect(looksSecret(n), n).toBe(false);
  });
});

describe('missing public access block on a large unit', () => {
  test('5,000 buckets matched to blocks by literal name in well under a second', () => {
    const res = (type: string, name: string, attrs: Resource['attrs']): Resource => ({
      type,
      name,
      address: `${type}.${name}`,
      source: 'terraform',
      file: 'main.tf',
      line: 1,
      endLine: 1,
      attrs,
      lines: new Map(),
      refs: new Map(),
    });
    const resources: Resource[] = [];
    for (let i = 0; i < 5000; i++) {
      resources.push(res('aws_s3_bucket', `b${i}`, { bucket: `bucket-${i}` }));
      // Every bucket but the last has a block naming it.
      if (i < 4999) resources.push(res('aws_s3_bucket_public_access_block', `p${i}`, { bucket: `bucket-${i}`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }));
    }
    const { value: { findings }, ms } = cpuTimed(() => runCloudRules({ resources, issues: [], unresolved: [], sources: new Map() }, [s3BucketPublicAccessBlockMissing]));
    expect(ms).toBeLessThan(1000);
    expect(findings.map((f) => f.message)).toEqual(['No public access block covers this bucket']);
  });
});
