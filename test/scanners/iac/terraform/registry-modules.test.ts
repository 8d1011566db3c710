import { describe, expect, it } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { registryModuleName, registryModuleResources, type ModuleInput, type RegistryCall } from '../../../../src/scanners/iac/formats/terraform/registry-modules.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { isUnknown, Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';
import { cloudRules } from '../../../../src/scanners/iac/rules/cloud/index.js';

function call(name: string, inputs: Record<string, [Value, number]>): RegistryCall {
  const m = new Map<string, ModuleInput>(Object.entries(inputs).map(([k, [value, line]]) => [k, { value, line, refs: [] }]));
  return { address: `module.${name}`, name, file: 'main.tf', line: 1, endLine: 20, inputs: m };
}
function findings(resources: Resource[]): string[] {
  return runCloudRules({ resources, issues: [], unresolved: [], sources: new Map() }, cloudRules)
    .findings.map((f) => `${f.location.startLine} ${f.ruleId}`)
    .sort();
}

describe('registry modules', () => {
  it('recognises registry, submodule and git sources of terraform-aws-modules only', () => {
    expect(registryModuleName('terraform-aws-modules/rds/aws')).toBe('rds');
    expect(registryModuleName('terraform-aws-modules/security-group/aws//modules/ssh')).toBe('security-group//ssh');
    expect(registryModuleName('git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v4.1.0')).toBe('s3-bucket');
    expect(registryModuleName('./modules/rds')).toBeUndefined();
    expect(registryModuleName('acme/rds/aws')).toBeUndefined();
    expect(registryModuleResources('cloudposse/label/null', call('x', {}))).toBeUndefined();
  });

  it('RDS: explicit bad inputs are findings at the input line; unset inputs stay unknown', () => {
    const rs = registryModuleResources('terraform-aws-modules/rds/aws', call('db', { publicly_accessible: [true, 4], storage_encrypted: [false, 5], engine: ['postgres', 3] }))!;
    expect(rs.map((r) => r.address)).toEqual(['module.db.aws_db_instance.this']);
    expect(isUnknown(rs[0]!.attrs['deletion_protection'])).toBe(true);
    const f = findings(rs);
    expect(f).toContain('4 iac/aws/rds-publicly-accessible');
    expect(f).toContain('5 iac/aws/rds-storage-not-encrypted');
    // Unset in the call: the module default decides, so no "missing attribute" finding.
    const quiet = findings(registryModuleResources('terraform-aws-modules/rds/aws', call('db', { engine: ['postgres', 3] }))!);
    expect(quiet).toEqual([]);
  });

  it('security groups: named rules, preset submodules and ingress_with_cidr_blocks open to the world', () => {
    const named = registryModuleResources('terraform-aws-modules/security-group/aws', call('sg', { ingress_cidr_blocks: [['0.0.0.0/0'], 3], ingress_rules: [['ssh-tcp', 'https-443-tcp'], 4] }))!;
    expect(findings(named)).toEqual(['3 iac/aws/security-group-ssh-open']);
    const preset = registryModuleResources('terraform-aws-modules/security-group/aws//modules/rdp', call('rdp', { ingress_cidr_blocks: [['0.0.0.0/0'], 6] }))!;
    expect(findings(preset)).toContain('6 iac/aws/security-group-rdp-open');
    const custom = registryModuleResources('terraform-aws-modules/security-group/aws', call('db', { ingress_with_cidr_blocks: [[{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: '10.0.0.0/8,0.0.0.0/0' }], 8] }))!;
    expect(findings(custom)).toContain('8 iac/aws/security-group-database-port-open');
    const internal = registryModuleResources('terraform-aws-modules/security-group/aws', call('ok', { ingress_cidr_blocks: [['10.0.0.0/8'], 3], ingress_rules: [['ssh-tcp'], 4] }))!;
    expect(findings(internal)).toEqual([]);
    const unknownCidrs = registryModuleResources('terraform-aws-modules/security-group/aws', call('u', { ingress_cidr_blocks: [new Unknown('var.cidrs has no value'), 3], ingress_rules: [['ssh-tcp'], 4] }))!;
    expect(findings(unknownCidrs)).toEqual([]);
  });

  it('S3 and EC2: nested map inputs become provider blocks', () => {
    const s3 = registryModuleResources('terraform-aws-modules/s3-bucket/aws', call('b', { acl: ['public-read', 2], versioning: [{ enabled: false }, 3], block_public_acls: [false, 4] }))!;
    expect(s3.map((r) => r.type)).toEqual(['aws_s3_bucket', 'aws_s3_bucket_public_access_block']);
    const f = findings(s3);
    expect(f).toContain('2 iac/aws/s3-bucket-public-acl');
    expect(f).toContain('3 iac/aws/s3-bucket-versioning-disabled');
    expect(f).toContain('4 iac/aws/s3-block-public-acls-disabled');
    const ec2 = registryModuleResources('terraform-aws-modules/ec2-instance/aws', call('vm', { metadata_options: [{ http_tokens: 'optional' }, 7], associate_public_ip_address: [true, 8] }))!;
    const g = findings(ec2);
    expect(g).toContain('7 iac/aws/ec2-imdsv1-enabled');
    expect(g).toContain('8 iac/aws/ec2-public-ip');
  });
});
