/**
 * The storage/identity rules on a `terraform show -json` plan. Plans spell out provider
 * defaults: insecure ones (enable_key_rotation = false, a public access block flag left false)
 * are findings on the resource block; defaults that rules flag only when written
 * (include_global_resource_types = false, a legacy bucket's versioning { enabled = false }) are
 * not, unless the configuration writes them; values known only after apply are never findings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { loadTerraformPlan } from '../../../../src/scanners/iac/formats/terraform/plan.js';
import { awsStorageIdentityRules } from '../../../../src/scanners/iac/rules/aws/storage-identity.js';

const MAIN_TF = `resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket            = aws_s3_bucket.logs.id
  block_public_acls = true
}

resource "aws_kms_key" "data" {
  description = "data"
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.data.arn
}
`;

interface Change {
  type: string;
  name: string;
  after: object;
  unknown?: object;
  expressions?: object;
}

function plan(changes: Change[]): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: { root_module: {} },
    resource_changes: changes.map((c) => ({
      address: `${c.type}.${c.name}`,
      mode: 'managed',
      type: c.type,
      name: c.name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: c.after, after_unknown: c.unknown ?? {} },
    })),
    configuration: {
      root_module: {
        resources: changes.map((c) => ({ address: `${c.type}.${c.name}`, mode: 'managed', type: c.type, name: c.name, expressions: c.expressions ?? {} })),
      },
    },
  });
}

const CHANGES: Change[] = [
  // A provider v3 bucket: the plan fills in versioning { enabled = false } and acl = "private".
  { type: 'aws_s3_bucket', name: 'logs', after: { bucket: 'example-logs', acl: 'private', versioning: [{ enabled: false, mfa_delete: false }] }, unknown: { id: true, arn: true } },
  { type: 'aws_s3_bucket', name: 'legacy', after: { bucket: 'example-legacy', acl: 'private', versioning: [{ enabled: false, mfa_delete: false }] }, unknown: { id: true } },
  {
    type: 'aws_s3_bucket_public_access_block',
    name: 'logs',
    after: { block_public_acls: true, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false },
    unknown: { bucket: true, id: true },
    expressions: { bucket: { references: ['aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'] } },
  },
  {
    type: 'aws_kms_key',
    name: 'data',
    after: { description: 'data', enable_key_rotation: false, customer_master_key_spec: 'SYMMETRIC_DEFAULT', key_usage: 'ENCRYPT_DECRYPT', bypass_policy_lockout_safety_check: false, is_enabled: true },
    unknown: { arn: true, key_id: true, policy: true },
  },
  {
    type: 'aws_config_configuration_recorder',
    name: 'main',
    after: { name: 'main', role_arn: 'arn:aws:iam::111122223333:role/config', recording_group: [{ all_supported: true, include_global_resource_types: false, resource_types: [] }] },
  },
  { type: 'aws_sns_topic', name: 'alerts', after: { name: 'alerts' }, unknown: { kms_master_key_id: true, arn: true } },
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run(planText: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'rampart-plan-'));
  dirs.push(root);
  writeFileSync(join(root, 'main.tf'), MAIN_TF);
  writeFileSync(join(root, 'plan.json'), planText);
  const load = await loadTerraformPlan('plan.json', planText, { root });
  expect(load.issues.map((i) => i.message)).toEqual([]);
  return runCloudRules(load, awsStorageIdentityRules).findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).sort();
}

const line = (needle: string): number => MAIN_TF.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('storage/identity rules on a plan', () => {
  test('insecure planned defaults are findings; defaults flagged only when written are not', async () => {
    const got = await run(plan(CHANGES));
    const pab = line('resource "aws_s3_bucket_public_access_block" "logs"');
    expect(got).toEqual(
      [
        // The legacy bucket has no block; its written versioning { enabled = false } is a finding.
        `iac/aws/s3-bucket-public-access-block-missing main.tf:${line('resource "aws_s3_bucket" "legacy"')}`,
        `iac/aws/s3-bucket-versioning-disabled main.tf:${line('enabled = false')}`,
        // Flags the configuration left out are false in the plan.
        `iac/aws/s3-block-public-policy-disabled main.tf:${pab}`,
        `iac/aws/s3-ignore-public-acls-disabled main.tf:${pab}`,
        `iac/aws/s3-restrict-public-buckets-disabled main.tf:${pab}`,
        `iac/aws/kms-key-rotation-disabled main.tf:${line('resource "aws_kms_key" "data"')}`,
      ].sort(),
    );
  });
});
