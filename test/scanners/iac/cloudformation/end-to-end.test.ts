import { describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { loadCloudFormation } from '../../../../src/scanners/iac/formats/cloudformation/load.js';
import { blocks, isFalse, isOpenToWorld, strings } from '../../../../src/scanners/iac/rules/cloud/attr.js';
import type { CloudRule } from '../../../../src/scanners/iac/rules/cloud/types.js';

/**
 * Rules written against the Terraform schema run unchanged on translated templates: findings
 * land on the template lines marked `#!`, graph lookups follow the logical-id refs, and
 * `rampart:ignore` inside a resource's block applies.
 */
const meta: Pick<CloudRule, 'severity' | 'cwe' | 'description' | 'remediation' | 'provider'> = { severity: 'high', cwe: [284], description: 'test rule', remediation: 'fix it', provider: 'aws' };

const openSsh: CloudRule = {
  ...meta,
  id: 'iac/aws/test-open-ssh',
  title: 'ssh open to the world',
  types: ['aws_security_group'],
  check(r, report) {
    for (const { block, path } of blocks(r.attrs, 'ingress')) {
      if (block['from_port'] === 22 && strings(block['cidr_blocks']).some(isOpenToWorld)) report(`${path}.cidr_blocks`, 'ssh open');
    }
  },
};

const noPab: CloudRule = {
  ...meta,
  id: 'iac/aws/test-no-pab',
  title: 'bucket without a public access block',
  types: ['aws_s3_bucket', 'aws_s3_bucket_public_access_block'],
  check(r, report, { graph }) {
    if (r.type === 'aws_s3_bucket') {
      if (graph.referrers(r, ['aws_s3_bucket_public_access_block']).length === 0) report(null, 'no public access block');
      return;
    }
    const v = r.attrs['block_public_policy'];
    // Absent means false (the provider default); an Unknown is neither.
    if (isFalse(v) || v === undefined) report('block_public_policy', 'public policies allowed');
  },
};

const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AdminCidr:
    Type: String
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: open
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0 #!
  FromParam:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: unknown source stays silent
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref AdminCidr
  Ignored:
    Type: AWS::EC2::SecurityGroup
    # rampart:ignore iac/aws/test-open-ssh -- bastion, reviewed
    Properties:
      GroupDescription: bastion
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
  Bare: #!
    Type: AWS::S3::Bucket
  Guarded:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false #!
`;

const marked = template.split('\n').flatMap((l, i) => (/#!\s*$/.test(l) ? [i + 1] : []));

describe('rules over translated templates', () => {
  test('findings land on the marked lines; unknowns stay silent; ignores apply', () => {
    const load = loadCloudFormation('stack.yaml', template);
    expect(load.issues).toEqual([]);
    const r = runCloudRules(load, [openSsh, noPab]);
    expect(r.findings.map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual(marked);
    expect(r.findings.every((f) => f.location.path === 'stack.yaml')).toBe(true);
    expect(r.suppressed.map((s) => s.reason)).toEqual(['bastion, reviewed']);
  });
});
