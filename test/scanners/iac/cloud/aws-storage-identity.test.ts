import { describe, expect, test } from 'vitest';
import { awsStorageIdentityRules } from '../../../../src/scanners/iac/rules/aws/storage-identity.js';
import { cloudtrailCases, configCases, edgeCases, kmsCases, messagingCases, rawPolicyCases } from './aws-storage-identity-cases-more.js';
import { iamCases, s3Cases } from './aws-storage-identity-cases.js';
import { describeCloudCases } from './harness.js';

const cases = [...s3Cases, ...iamCases, ...kmsCases, ...cloudtrailCases, ...configCases, ...messagingCases, ...edgeCases, ...rawPolicyCases];

describeCloudCases(cases, awsStorageIdentityRules);

describe('aws storage/identity rule set', () => {
  test('has at least 55 rules with unique ids and complete metadata', () => {
    expect(awsStorageIdentityRules.length).toBeGreaterThanOrEqual(55);
    const ids = awsStorageIdentityRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of awsStorageIdentityRules) {
      expect(r.id).toMatch(/^iac\/aws\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.provider).toBe('aws');
      expect(r.types.length).toBeGreaterThan(0);
      expect(r.cwe.length).toBeGreaterThan(0);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.remediation.length).toBeGreaterThan(20);
      expect(r.references?.[0]).toMatch(/^https:\/\//);
    }
  });

  test('every rule has a Terraform case, and a third of them a CloudFormation case', () => {
    const tf = new Set(cases.filter((c) => c.tf).map((c) => `iac/${c.rule}`));
    const cfn = new Set(cases.filter((c) => c.cfn).map((c) => `iac/${c.rule}`));
    for (const r of awsStorageIdentityRules) expect(tf.has(r.id), r.id).toBe(true);
    expect(cfn.size * 3).toBeGreaterThanOrEqual(awsStorageIdentityRules.length);
  });
});
