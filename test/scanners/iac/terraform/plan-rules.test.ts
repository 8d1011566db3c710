/**
 * Plans through the real cloud rules: findings land on the configuration lines the plan maps
 * back to (or on the plan object when the config is remote), and attributes that are only known
 * after apply never produce a finding.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { loadTerraformPlan } from '../../../../src/scanners/iac/formats/terraform/plan.js';
import { cloudRules } from '../../../../src/scanners/iac/rules/cloud/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'plan', 'basic');
const PLAN = readFileSync(join(ROOT, 'plan.json'), 'utf8');

function lineIn(file: string, needle: string): number {
  const i = readFileSync(join(ROOT, file), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

async function findings(planText: string): Promise<string[]> {
  const load = await loadTerraformPlan('plan.json', planText, { root: ROOT });
  return runCloudRules(load, cloudRules).findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`);
}

describe('plan findings', () => {
  test('land on the module source, the resource block, or the plan object of a remote module', async () => {
    const got = await findings(PLAN);
    expect(got).toContain(`iac/aws/subnet-public-ip-on-launch modules/net/main.tf:${lineIn('modules/net/main.tf', 'map_public_ip_on_launch = true')}`);
    expect(got).toContain(`iac/aws/vpc-flow-logs-disabled modules/net/main.tf:${lineIn('modules/net/main.tf', 'resource "aws_vpc" "this"')}`);
    expect(got).toContain(`iac/aws/s3-bucket-public-access-block-missing plan.json:${lineIn('plan.json', '"address": "module.logs.aws_s3_bucket.logs"') - 1}`);
  });

  test('attributes known only after apply give no finding; the same attribute known and bad does', async () => {
    const before = await findings(PLAN);
    expect(before.filter((f) => f.startsWith('iac/aws/ec2-imdsv1-enabled'))).toEqual([]);
    const plan = JSON.parse(PLAN);
    for (const rc of plan.resource_changes) {
      if (rc.type !== 'aws_instance') continue;
      rc.change.after.metadata_options = [{ http_endpoint: 'enabled', http_tokens: 'optional' }];
      rc.change.after_unknown.metadata_options = [{}];
    }
    const after = await findings(JSON.stringify(plan, null, 2));
    // Both instances come from one block, which has no metadata_options: the block's first line.
    const block = lineIn('main.tf', 'resource "aws_instance" "web"');
    expect(after.filter((f) => f.startsWith('iac/aws/ec2-imdsv1-enabled'))).toEqual([
      `iac/aws/ec2-imdsv1-enabled main.tf:${block}`,
      `iac/aws/ec2-imdsv1-enabled main.tf:${block}`,
    ]);
  });
});
