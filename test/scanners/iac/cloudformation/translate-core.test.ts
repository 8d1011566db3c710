import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('S3', () => {
  test('AWS::S3::Bucket → aws_s3_bucket, with the public access block as its own resource', () => {
    const t = template('AWS::S3::Bucket', `
      BucketName: logs               # @name
      AccessControl: PublicRead      # @acl
      VersioningConfiguration:
        Status: Enabled              # @ver
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:   # @rule
              SSEAlgorithm: aws:kms          # @alg
              KMSMasterKeyID: !Ref Key
            BucketKeyEnabled: true
      LoggingConfiguration:
        DestinationBucketName: audit # @logbucket
        LogFilePrefix: s3/
      PublicAccessBlockConfiguration:  # @pab
        BlockPublicAcls: true
        BlockPublicPolicy: "false"   # @bpp
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      Tags:
        - Key: team                  # @tag
          Value: sec`);
    const full = t + '  Key:\n    Type: AWS::KMS::Key\n';
    const l = load(full);
    const b = res(l, 'Res');
    expect(b.type).toBe('aws_s3_bucket');
    expect(b.originalType).toBe('AWS::S3::Bucket');
    expect(b.attrs['bucket']).toBe('logs');
    expect(b.attrs['acl']).toBe('public-read');
    expect(b.attrs['versioning']).toEqual([{ enabled: true }]);
    const sse = b.attrs['server_side_encryption_configuration'] as { rule: { apply_server_side_encryption_by_default: { sse_algorithm: string; kms_master_key_id: unknown }[]; bucket_key_enabled: boolean }[] }[];
    expect(sse[0]!.rule[0]!.apply_server_side_encryption_by_default[0]!.sse_algorithm).toBe('aws:kms');
    expectUnknown(sse[0]!.rule[0]!.apply_server_side_encryption_by_default[0]!.kms_master_key_id, ['Key']);
    expect(sse[0]!.rule[0]!.bucket_key_enabled).toBe(true);
    expect(b.attrs['logging']).toEqual([{ target_bucket: 'audit', target_prefix: 's3/' }]);
    expect(b.attrs['tags']).toEqual({ team: 'sec' });
    expect(b.lines.get('bucket')).toBe(lineWith(t, '@name'));
    expect(b.lines.get('acl')).toBe(lineWith(t, '@acl'));
    expect(b.lines.get('versioning.0.enabled')).toBe(lineWith(t, '@ver'));
    expect(b.lines.get('server_side_encryption_configuration.0.rule.0')).toBe(lineWith(t, '@rule'));
    expect(b.lines.get('server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.sse_algorithm')).toBe(lineWith(t, '@alg'));
    expect(b.lines.get('logging.0.target_bucket')).toBe(lineWith(t, '@logbucket'));
    expect(b.lines.get('tags.team')).toBe(lineWith(t, '@tag'));
    expect(b.refs.get('server_side_encryption_configuration')).toEqual(['Key']);
    expect('public_access_block' in b.attrs).toBe(false);

    const pab = res(l, 'Res.PublicAccessBlock');
    expect(pab.type).toBe('aws_s3_bucket_public_access_block');
    expect(pab.line).toBe(lineWith(t, '@pab'));
    expectUnknown(pab.attrs['bucket'], ['Res']);
    expect(pab.refs.get('bucket')).toEqual(['Res']);
    expect(pab.attrs['block_public_acls']).toBe(true);
    expect(pab.attrs['block_public_policy']).toBe(false);
    expect(pab.attrs['ignore_public_acls']).toBe(true);
    expect(pab.attrs['restrict_public_buckets']).toBe(true);
    expect(pab.lines.get('block_public_policy')).toBe(lineWith(t, '@bpp'));
  });

  test('absent properties stay absent; every canned ACL name maps', () => {
    const l = load(template('AWS::S3::Bucket', '      BucketName: x'));
    expect(res(l, 'Res').attrs).toEqual({ bucket: 'x' });
    expect(l.resources).toHaveLength(1);
    const acls: Record<string, string> = { Private: 'private', PublicReadWrite: 'public-read-write', AuthenticatedRead: 'authenticated-read', LogDeliveryWrite: 'log-delivery-write', BucketOwnerRead: 'bucket-owner-read', BucketOwnerFullControl: 'bucket-owner-full-control', AwsExecRead: 'aws-exec-read' };
    for (const [cfn, tf] of Object.entries(acls)) expect(res(load(template('AWS::S3::Bucket', `      AccessControl: ${cfn}`)), 'Res').attrs['acl']).toBe(tf);
    const s = res(load(template('AWS::S3::Bucket', '      VersioningConfiguration:\n        Status: Suspended')), 'Res');
    expect(s.attrs['versioning']).toEqual([{ enabled: false }]);
  });

  test('tags: from a mapping, with unknown values, or unknown as a whole', () => {
    const maps = 'Mappings:\n  Std:\n    Tags:\n      List: [{Key: team, Value: sec}, {Key: cost, Value: "42"}]\n';
    const t = template('AWS::S3::Bucket', '      Tags: !FindInMap [Std, Tags, List]   # @tags', maps);
    const r = res(load(t), 'Res');
    expect(r.attrs['tags']).toEqual({ team: 'sec', cost: '42' });
    expect(r.lines.get('tags.team')).toBe(lineWith(t, '@tags'));
    const u = res(load(template('AWS::S3::Bucket', '      Tags:\n        - Key: owner\n          Value: !Ref AWS::AccountId')), 'Res');
    expectUnknown((u.attrs['tags'] as Record<string, unknown>)['owner']);
    const w = res(load(template('AWS::S3::Bucket', '      Tags: !If [C, [], [{Key: a, Value: b}]]', 'Conditions:\n  C: !Equals [!Ref AWS::Region, x]\n')), 'Res');
    expectUnknown(w.attrs['tags']);
  });

  test('AWS::S3::BucketPolicy → aws_s3_bucket_policy with the document as an object', () => {
    const t = `Resources:
  B:
    Type: AWS::S3::Bucket
  Res:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:        # @policy
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "arn:aws:s3:::my-bucket/*"
`;
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_s3_bucket_policy');
    expectUnknown(r.attrs['bucket'], ['B']);
    expect(r.refs.get('bucket')).toEqual(['B']);
    expect(r.attrs['policy']).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' }] });
    expect(r.lines.get('policy')).toBe(lineWith(t, '@policy'));
  });
});

describe('EC2 security groups', () => {
  test('AWS::EC2::SecurityGroup → aws_security_group with ingress/egress blocks', () => {
    const t = template('AWS::EC2::SecurityGroup', `
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:           # @ingress
        - IpProtocol: tcp             # @i0
          FromPort: 22
          ToPort: "22"
          CidrIp: 0.0.0.0/0           # @cidr
          Description: ssh
        - IpProtocol: -1
          CidrIpv6: ::/0              # @v6
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          SourceSecurityGroupId: !Ref Lb
      SecurityGroupEgress:
        - IpProtocol: "-1"
          DestinationSecurityGroupId: !Ref Lb
          DestinationPrefixListId: pl-1`) + '  Vpc:\n    Type: AWS::EC2::VPC\n  Lb:\n    Type: AWS::EC2::SecurityGroup\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_security_group');
    expect(r.attrs['description']).toBe('web');
    const ingress = r.attrs['ingress'] as Record<string, unknown>[];
    expect(ingress[0]).toEqual({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: 'ssh' });
    expect(ingress[1]).toEqual({ protocol: '-1', from_port: 0, to_port: 0, ipv6_cidr_blocks: ['::/0'] });
    expect(ingress[2]).toMatchObject({ from_port: 443, to_port: 443, protocol: 'tcp' });
    expectUnknown((ingress[2]!['security_groups'] as unknown[])[0] as never, ['Lb']);
    const egress = r.attrs['egress'] as Record<string, unknown>[];
    expect(egress[0]).toMatchObject({ protocol: '-1', prefix_list_ids: ['pl-1'] });
    expect(r.lines.get('ingress')).toBe(lineWith(t, '@ingress'));
    expect(r.lines.get('ingress.0')).toBe(lineWith(t, '@i0'));
    expect(r.lines.get('ingress.0.cidr_blocks')).toBe(lineWith(t, '@cidr'));
    expect(r.lines.get('ingress.1.ipv6_cidr_blocks')).toBe(lineWith(t, '@v6'));
    expect(Object.fromEntries(r.refs)).toEqual({ vpc_id: ['Vpc'], ingress: ['Lb'], egress: ['Lb'] });
  });

  test('a single rule object where a list belongs is read as a list of one', () => {
    const t = template('AWS::EC2::SecurityGroup', `
      GroupDescription: x
      SecurityGroupIngress:
        IpProtocol: tcp
        FromPort: 22
        ToPort: 22
        CidrIp: 0.0.0.0/0     # @cidr`);
    const r = res(load(t), 'Res');
    expect(r.attrs['ingress']).toEqual([{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }]);
    expect(r.lines.get('ingress.0.cidr_blocks')).toBe(lineWith(t, '@cidr'));
  });

  test('rules under an unknown condition are Unknown, never absent', () => {
    const t = template('AWS::EC2::SecurityGroup', `
      GroupDescription: x
      SecurityGroupIngress: !If
        - Open
        - [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
        - []
      SecurityGroupEgress:
        - !If [Open, {IpProtocol: "-1", CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]`, 'Conditions:\n  Open: !Equals [!Ref AWS::Region, us-east-1]\n');
    const r = res(load(t), 'Res');
    expectUnknown(r.attrs['ingress']);
    expect(r.attrs['egress']).toHaveLength(1);
    expectUnknown((r.attrs['egress'] as unknown[])[0]);
  });

  test('AWS::EC2::SecurityGroupIngress / Egress → aws_security_group_rule', () => {
    const t = `Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
  In:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Sg
      IpProtocol: tcp
      FromPort: 3389
      ToPort: 3389
      CidrIp: 0.0.0.0/0     # @cidr
  Out:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !GetAtt Sg.GroupId
      IpProtocol: tcp
      FromPort: 5432
      ToPort: 5432
      DestinationSecurityGroupId: sg-123
`;
    const l = load(t);
    const i = res(l, 'In');
    expect(i.type).toBe('aws_security_group_rule');
    expect(i.attrs).toMatchObject({ type: 'ingress', from_port: 3389, to_port: 3389, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] });
    expectUnknown(i.attrs['security_group_id'], ['Sg']);
    expect(i.refs.get('security_group_id')).toEqual(['Sg']);
    expect(i.lines.get('cidr_blocks')).toBe(lineWith(t, '@cidr'));
    const o = res(l, 'Out');
    expect(o.attrs).toMatchObject({ type: 'egress', from_port: 5432, source_security_group_id: 'sg-123' });
  });
});

describe('IAM', () => {
  test('AWS::IAM::Role → aws_iam_role with inline_policy blocks', () => {
    const t = template('AWS::IAM::Role', `
      RoleName: ci
      AssumeRolePolicyDocument:             # @assume
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess   # @arn
      MaxSessionDuration: "7200"
      Policies:
        - PolicyName: all                   # @inline
          PolicyDocument:                   # @doc
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_iam_role');
    expect(r.attrs['name']).toBe('ci');
    expect(r.attrs['assume_role_policy']).toEqual({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(r.attrs['managed_policy_arns']).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(r.attrs['max_session_duration']).toBe(7200);
    expect(r.attrs['inline_policy']).toEqual([{ name: 'all', policy: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }]);
    expect(r.lines.get('assume_role_policy')).toBe(lineWith(t, '@assume'));
    expect(r.lines.get('managed_policy_arns.0')).toBe(lineWith(t, '@arn'));
    expect(r.lines.get('inline_policy.0')).toBe(lineWith(t, '@inline'));
    expect(r.lines.get('inline_policy.0.policy')).toBe(lineWith(t, '@doc'));
  });

  test('AWS::IAM::Policy and ManagedPolicy → aws_iam_policy, attachments → aws_iam_policy_attachment', () => {
    const t = `Resources:
  U:
    Type: AWS::IAM::User
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}   # @doc
      Users: [!Ref U]     # @users
  M:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: m
      PolicyDocument: {Statement: []}
`;
    const l = load(t);
    const p = res(l, 'P');
    expect(p.type).toBe('aws_iam_policy');
    expect(p.attrs['name']).toBe('p');
    expect(p.attrs['policy']).toEqual({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    expect(p.lines.get('policy')).toBe(lineWith(t, '@doc'));
    const a = res(l, 'P.Attachment');
    expect(a.type).toBe('aws_iam_policy_attachment');
    expect(a.line).toBe(lineWith(t, '@users'));
    expectUnknown(a.attrs['policy_arn'], ['P']);
    expectUnknown((a.attrs['users'] as unknown[])[0] as never, ['U']);
    expect(a.refs.get('users')).toEqual(['U']);
    const m = res(l, 'M');
    expect(m.type).toBe('aws_iam_policy');
    expect(m.attrs).toEqual({ name: 'm', policy: { Statement: [] } });
    expect(l.resources.some((r) => r.address === 'M.Attachment')).toBe(false);
  });

  test('AWS::IAM::User → aws_iam_user plus inline policies as aws_iam_user_policy; AccessKey → aws_iam_access_key', () => {
    const t = `Resources:
  U:
    Type: AWS::IAM::User
    Properties:
      UserName: bob
      Policies:
        - PolicyName: admin         # @pol
          PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      LoginProfile:
        Password: hunter2
        PasswordResetRequired: false
  K:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref U
      Status: Active      # @status
`;
    const l = load(t);
    expect(res(l, 'U').type).toBe('aws_iam_user');
    expect(res(l, 'U').attrs).toEqual({ name: 'bob' });
    const up = res(l, 'U.Policies.0');
    expect(up.type).toBe('aws_iam_user_policy');
    expect(up.line).toBe(lineWith(t, '@pol'));
    expect(up.attrs['name']).toBe('admin');
    expect(up.attrs['policy']).toEqual({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expectUnknown(up.attrs['user'], ['U']);
    const att = res(l, 'U.ManagedPolicyArns.0');
    expect(att.type).toBe('aws_iam_user_policy_attachment');
    expect(att.attrs['policy_arn']).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(res(l, 'U.LoginProfile').attrs['password_reset_required']).toBe(false);
    const k = res(l, 'K');
    expect(k.type).toBe('aws_iam_access_key');
    expect(k.attrs['status']).toBe('Active');
    expect(k.lines.get('status')).toBe(lineWith(t, '@status'));
    expect(k.refs.get('user')).toEqual(['U']);
  });
});
