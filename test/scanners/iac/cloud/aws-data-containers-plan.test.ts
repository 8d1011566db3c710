/**
 * The data and container rules on a `terraform show -json` plan: insecure provider defaults the
 * plan spells out (storage_encrypted = false, image_tag_mutability = "MUTABLE") are findings on
 * the resource block; hygiene rules that flag only explicit values ignore defaults the plan
 * filled in (iam_database_authentication_enabled = false) but not written ones
 * (deletion_protection = false); values known only after apply are not findings; the exposure
 * graph check follows the plan's configuration references. Written for Rampart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { loadTerraformPlan } from '../../../../src/scanners/iac/formats/terraform/plan.js';
import { awsDataContainersRules } from '../../../../src/scanners/iac/rules/aws/data-containers.js';

const MAIN_TF = `resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  identifier             = "orders-db"
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 50
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = true
  deletion_protection    = false
}

resource "aws_ecr_repository" "api" {
  name = "api"
}
`;

const change = (type: string, name: string, after: object, afterUnknown: object = {}) => ({
  address: `${type}.${name}`,
  mode: 'managed',
  type,
  name,
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
});

function plan(dbAfter: object, dbUnknown: object = {}): string {
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: {} },
      resource_changes: [
        change(
          'aws_security_group',
          'db',
          {
            name: 'db',
            vpc_id: 'vpc-0a1b2c3d',
            ingress: [{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], security_groups: [], self: false, prefix_list_ids: [], description: '' }],
          },
          { id: true, arn: true },
        ),
        change('aws_db_instance', 'main', dbAfter, dbUnknown),
        change(
          'aws_ecr_repository',
          'api',
          { name: 'api', image_tag_mutability: 'MUTABLE', image_scanning_configuration: [{ scan_on_push: true }], force_delete: null },
          { arn: true, repository_url: true },
        ),
      ],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_security_group.db', mode: 'managed', type: 'aws_security_group', name: 'db', expressions: { name: { constant_value: 'db' } } },
            {
              address: 'aws_db_instance.main',
              mode: 'managed',
              type: 'aws_db_instance',
              name: 'main',
              expressions: {
                engine: { constant_value: 'postgres' },
                publicly_accessible: { constant_value: true },
                deletion_protection: { constant_value: false },
                vpc_security_group_ids: { references: ['aws_security_group.db.id', 'aws_security_group.db'] },
              },
            },
            { address: 'aws_ecr_repository.api', mode: 'managed', type: 'aws_ecr_repository', name: 'api', expressions: { name: { constant_value: 'api' } } },
          ],
        },
      },
    },
    null,
    2,
  );
}

const DB = {
  identifier: 'orders-db',
  engine: 'postgres',
  instance_class: 'db.t3.medium',
  allocated_storage: 50,
  publicly_accessible: true,
  storage_encrypted: false,
  backup_retention_period: 7,
  deletion_protection: false,
  iam_database_authentication_enabled: false,
  auto_minor_version_upgrade: true,
  performance_insights_enabled: false,
};

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
  return runCloudRules(load, awsDataContainersRules).findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).sort();
}

const line = (needle: string): number => MAIN_TF.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('data and container rules on a plan', () => {
  test('planned defaults and explicit values are findings on the configuration lines', async () => {
    const got = await run(plan(DB, { arn: true, kms_key_id: true, vpc_security_group_ids: [true] }));
    const dbBlock = line('resource "aws_db_instance" "main"');
    const pub = line('publicly_accessible    = true');
    expect(got).toEqual(
      [
        `iac/aws/db-reachable-from-internet main.tf:${pub}`,
        `iac/aws/ecr-image-tags-mutable main.tf:${line('resource "aws_ecr_repository" "api"')}`,
        `iac/aws/rds-deletion-protection-disabled main.tf:${line('deletion_protection    = false')}`,
        `iac/aws/rds-publicly-accessible main.tf:${pub}`,
        `iac/aws/rds-storage-not-encrypted main.tf:${dbBlock}`,
      ].sort(),
    );
  });

  test('values known only after apply are not findings', async () => {
    const got = await run(plan({ ...DB, publicly_accessible: null, storage_encrypted: null }, { publicly_accessible: true, storage_encrypted: true, kms_key_id: true }));
    expect(got.filter((f) => /rds-publicly-accessible|rds-storage-not-encrypted|db-reachable/.test(f))).toEqual([]);
  });
});
