import { describe, expect, test } from 'vitest';
import { ResourceGraph } from '../../../../src/scanners/iac/model/graph.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';
import { awsDataContainersRules } from '../../../../src/scanners/iac/rules/aws/data-containers.js';
import { isSecretName, looksLikeSecretValue } from '../../../../src/scanners/iac/rules/aws/ecs-secret-names.js';
import { appCases } from './aws-data-containers-app-cases.js';
import { cfnCases } from './aws-data-containers-cfn-cases.js';
import { dbCases } from './aws-data-containers-db-cases.js';
import { moreCases } from './aws-data-containers-more-cases.js';
import { describeCloudCases } from './harness.js';

const cases = [...dbCases, ...appCases, ...cfnCases, ...moreCases];

describe('AWS data and container rules: catalogue', () => {
  test('every rule has complete metadata and a case', () => {
    const covered = new Set(cases.map((c) => `iac/${c.rule}`));
    for (const r of awsDataContainersRules) {
      expect(r.id).toMatch(/^iac\/aws\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.provider).toBe('aws');
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.remediation.length).toBeGreaterThan(10);
      expect(r.cwe.length).toBeGreaterThan(0);
      expect(r.references?.[0]).toMatch(/^https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\//);
      expect(r.types.length).toBeGreaterThan(0);
      expect(covered.has(r.id), `no case for ${r.id}`).toBe(true);
    }
  });

  test('CloudFormation cases cover at least a third of the rules', () => {
    const withCfn = new Set(cases.filter((c) => c.cfn).map((c) => c.rule));
    expect(withCfn.size * 3).toBeGreaterThanOrEqual(awsDataContainersRules.length);
  });

  test('ids are unique and there are at least 55 rules', () => {
    const ids = awsDataContainersRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(55);
  });
});

describe('credential heuristics for plain environment variables', () => {
  test.each(['DB_PASSWORD', 'dbPassword', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'client_secret', 'PRIVATE_KEY', 'SMTP_PASSWD'])('%s names a credential', (n) => {
    expect(isSecretName(n)).toBe(true);
  });
  test.each(['DB_PASSWORD_SECRET_ARN', 'SECRET_NAME', 'TOKEN_URL', 'PASSWORD_MIN_LENGTH', 'AWS_ACCESS_KEY_ID', 'PUBLIC_KEY', 'LOG_LEVEL', 'TOKEN_TTL', 'SECRETS_PATH'])('%s does not', (n) => {
    expect(isSecretName(n)).toBe(false);
  });
  test.each(['s3cr3t-Pa55w0rd', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'hunter2!'])('%s looks like a real value', (v) => {
    expect(looksLikeSecretValue(v)).toBe(true);
  });
  test.each(['', 'abc', 'changeme', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', '{{resolve:ssm:/app/db}}', '/prod/db/password', 'true'])('%j is a placeholder or a reference', (v) => {
    expect(looksLikeSecretValue(v)).toBe(false);
  });
  test('non-strings are not values', () => {
    expect(looksLikeSecretValue(12345678)).toBe(false);
    expect(looksLikeSecretValue(null)).toBe(false);
  });
});

/** A resource of `type` whose every attribute, at any depth a rule looks, is Unknown. */
function allUnknown(type: string): Resource {
  const attrs = new Proxy({} as { [k: string]: Value }, { get: (_t, k) => (typeof k === 'string' ? new Unknown(`var.${k} has no value`) : undefined) });
  return { type, name: 'u', address: `${type}.u`, source: 'terraform', file: 'main.tf', line: 1, endLine: 9, attrs, lines: new Map(), refs: new Map() };
}

describe('AWS data and container rules: unknown is not bad', () => {
  test.each(awsDataContainersRules.map((r) => [r.id, r] as const))('%s stays silent when every attribute is unknown', (_id, rule) => {
    for (const type of rule.types) {
      const r = allUnknown(type);
      const hits: string[] = [];
      rule.check(r, (path, message) => hits.push(`${path}: ${message}`), { graph: new ResourceGraph([r]) });
      expect(hits, type).toEqual([]);
    }
  });
});

describeCloudCases(cases, awsDataContainersRules);
