import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../../../../src/scanners/iac/model/graph.js';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { evaluate, type EvalEnv } from '../../../../src/scanners/iac/policies/condition.js';
import { conditionSchema, type Condition } from '../../../../src/scanners/iac/policies/schema.js';
import { resource } from './resource.js';

const bucket = resource('aws_s3_bucket', 'logs', {
  bucket: 'acme-logs',
  acl: 'private',
  tags: { env: 'prod', owner: 'platform' },
  versioning: [{ enabled: false }],
  lifecycle_rule: [{ id: 'a', expiration: [{ days: 30 }] }, { id: 'b', expiration: [{ days: 400 }] }],
  region: new Unknown('var.region has no value'),
  port: '8080',
});
const env = (rs = [bucket]): EvalEnv => ({ graph: new ResourceGraph(rs), regexes: new Map() });
const ev = (c: unknown, r = bucket, e = env()) => evaluate(conditionSchema.parse(c), r, e);

describe('policy conditions', () => {
  it('attribute operators on known values', () => {
    expect(ev({ attribute: 'acl', equals: 'private' }).value).toBe(true);
    expect(ev({ attribute: 'acl', notEquals: 'private' }).value).toBe(false);
    expect(ev({ attribute: 'acl', in: ['public-read', 'private'] }).value).toBe(true);
    expect(ev({ attribute: 'acl', notIn: ['public-read'] }).value).toBe(true);
    expect(ev({ attribute: 'tags', contains: 'owner' }).value).toBe(true);
    expect(ev({ attribute: 'bucket', matches: '^acme-' }).value).toBe(true);
    expect(ev({ attribute: 'port', greaterThan: 1024 }).value).toBe(true);
    expect(ev({ attribute: 'port', atMost: 80 }).value).toBe(false);
    expect(ev({ attribute: 'versioning.enabled', equals: true })).toEqual({ value: false, path: 'versioning.0.enabled' });
  });

  it('absent attributes: exists false holds, positive tests fail, negative tests hold', () => {
    expect(ev({ attribute: 'logging', exists: false }).value).toBe(true);
    expect(ev({ attribute: 'logging', exists: true })).toEqual({ value: false, path: 'logging' });
    expect(ev({ attribute: 'logging.target_bucket', equals: 'x' }).value).toBe(false);
    expect(ev({ attribute: 'logging.target_bucket', notEquals: 'x' }).value).toBe(true);
  });

  it('* matches any element and the finding points at the one that decided', () => {
    expect(ev({ attribute: 'lifecycle_rule.*.expiration.*.days', greaterThan: 365 })).toEqual({ value: true, path: 'lifecycle_rule.1.expiration.0.days' });
    expect(ev({ not: { attribute: 'lifecycle_rule.*.expiration.*.days', greaterThan: 365 } }).value).toBe(false);
  });

  it('an unknown value makes the test unknown, and only a definite false is a violation', () => {
    expect(ev({ attribute: 'region', equals: 'eu-west-1' }).value).toBe('unknown');
    expect(ev({ not: { attribute: 'region', equals: 'eu-west-1' } }).value).toBe('unknown');
    expect(ev({ all: [{ attribute: 'acl', equals: 'private' }, { attribute: 'region', equals: 'x' }] }).value).toBe('unknown');
    expect(ev({ all: [{ attribute: 'acl', equals: 'public' }, { attribute: 'region', equals: 'x' }] }).value).toBe(false);
    expect(ev({ any: [{ attribute: 'acl', equals: 'public' }, { attribute: 'region', equals: 'x' }] }).value).toBe('unknown');
    expect(ev({ any: [{ attribute: 'acl', equals: 'private' }, { attribute: 'region', equals: 'x' }] }).value).toBe(true);
  });

  it('connected: follows references in either direction, with a condition on the peer', () => {
    const pab = resource('aws_s3_bucket_public_access_block', 'logs', { block_public_acls: true, restrict_public_buckets: false }, { bucket: ['aws_s3_bucket.logs'] });
    const e = env([bucket, pab]);
    expect(ev({ connected: { type: 'aws_s3_bucket_public_access_block', direction: 'in' } }, bucket, e).value).toBe(true);
    expect(ev({ connected: { type: 'aws_s3_bucket_public_access_block', direction: 'out' } }, bucket, e).value).toBe(false);
    expect(ev({ connected: { type: 'aws_s3_bucket_public_access_block', where: { attribute: 'restrict_public_buckets', equals: true } } }, bucket, e).value).toBe(false);
    expect(ev({ connected: { type: 'aws_s3_bucket', direction: 'out' } }, pab, e).value).toBe(true);
  });

  it('the schema rejects conditions with no operator or two', () => {
    expect(conditionSchema.safeParse({ attribute: 'acl' }).success).toBe(false);
    expect(conditionSchema.safeParse({ attribute: 'acl', equals: 'a', exists: true }).success).toBe(false);
    expect(conditionSchema.safeParse({ all: [] }).success).toBe(false);
    const ok: Condition = conditionSchema.parse({ not: { any: [{ attribute: 'a', exists: true }] } });
    expect(ok).toBeDefined();
  });
});
