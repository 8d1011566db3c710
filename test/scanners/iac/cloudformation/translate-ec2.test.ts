import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('EC2', () => {
  test('AWS::EC2::Instance → aws_instance: block devices, public IP from the primary interface, plain user data, metadata options', () => {
    const t = template('AWS::EC2::Instance', `
      ImageId: ami-123
      InstanceType: t3.micro
      IamInstanceProfile: !Ref Profile     # @profile
      Monitoring: "true"
      SecurityGroupIds: [sg-1]
      UserData: !Base64 "#!/bin/bash\\necho hi"   # @ud
      MetadataOptions:
        HttpTokens: optional               # @tokens
        HttpPutResponseHopLimit: 2
      NetworkInterfaces:
        - DeviceIndex: "1"
          AssociatePublicIpAddress: false
        - DeviceIndex: "0"
          AssociatePublicIpAddress: true   # @public
      BlockDeviceMappings:
        - DeviceName: /dev/xvda            # @root
          Ebs:
            VolumeSize: 20
            Encrypted: false               # @rootenc
        - DeviceName: /dev/sdf
          Ebs:
            Encrypted: true
            KmsKeyId: alias/x
        - DeviceName: /dev/sdb
          VirtualName: ephemeral0
      LaunchTemplate:
        LaunchTemplateId: lt-1
        Version: 3`) + '  Profile:\n    Type: AWS::IAM::InstanceProfile\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_instance');
    expect(r.attrs).toMatchObject({
      ami: 'ami-123',
      instance_type: 't3.micro',
      monitoring: true,
      vpc_security_group_ids: ['sg-1'],
      user_data: '#!/bin/bash\necho hi',
      associate_public_ip_address: true,
      metadata_options: [{ http_tokens: 'optional', http_put_response_hop_limit: 2 }],
      root_block_device: [{ volume_size: 20, encrypted: false }],
      ebs_block_device: [{ device_name: '/dev/sdf', encrypted: true, kms_key_id: 'alias/x' }],
      ephemeral_block_device: [{ device_name: '/dev/sdb', virtual_name: 'ephemeral0' }],
      launch_template: [{ id: 'lt-1', version: '3' }],
    });
    expectUnknown(r.attrs['iam_instance_profile'], ['Profile']);
    expect(r.refs.get('iam_instance_profile')).toEqual(['Profile']);
    expect(r.lines.get('iam_instance_profile')).toBe(lineWith(t, '@profile'));
    expect(r.lines.get('user_data')).toBe(lineWith(t, '@ud'));
    expect(r.lines.get('metadata_options.0.http_tokens')).toBe(lineWith(t, '@tokens'));
    expect(r.lines.get('associate_public_ip_address')).toBe(lineWith(t, '@public'));
    expect(r.lines.get('root_block_device.0')).toBe(lineWith(t, '@root'));
    expect(r.lines.get('root_block_device.0.encrypted')).toBe(lineWith(t, '@rootenc'));
  });

  test('the primary network interface supplies the security groups and subnet when the instance does not', () => {
    const t = template('AWS::EC2::Instance', `
      ImageId: ami-1
      NetworkInterfaces:
        - DeviceIndex: 0
          SubnetId: subnet-1
          GroupSet: [!Ref Sg]       # @groups`) + '  Sg:\n    Type: AWS::EC2::SecurityGroup\n';
    const r = res(load(t), 'Res');
    expect(r.attrs['subnet_id']).toBe('subnet-1');
    expect(r.refs.get('vpc_security_group_ids')).toEqual(['Sg']);
    expect(r.lines.get('vpc_security_group_ids')).toBe(lineWith(t, '@groups'));
  });

  test('AWS::EC2::LaunchTemplate → aws_launch_template', () => {
    const t = template('AWS::EC2::LaunchTemplate', `
      LaunchTemplateName: web
      LaunchTemplateData:
        ImageId: ami-1
        MetadataOptions:
          HttpTokens: required         # @tokens
          HttpEndpoint: enabled
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs:
              Encrypted: "false"       # @enc
        NetworkInterfaces:
          - DeviceIndex: 0
            AssociatePublicIpAddress: true   # @public
            Groups: [sg-1]
        IamInstanceProfile:
          Arn: arn:aws:iam::1:instance-profile/x
        Monitoring:
          Enabled: true`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_launch_template');
    expect(r.attrs).toEqual({
      name: 'web',
      image_id: 'ami-1',
      metadata_options: [{ http_tokens: 'required', http_endpoint: 'enabled' }],
      iam_instance_profile: [{ arn: 'arn:aws:iam::1:instance-profile/x' }],
      monitoring: [{ enabled: true }],
      block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ encrypted: false }] }],
      network_interfaces: [{ associate_public_ip_address: true, device_index: 0, security_groups: ['sg-1'] }],
    });
    expect(r.lines.get('metadata_options.0.http_tokens')).toBe(lineWith(t, '@tokens'));
    expect(r.lines.get('block_device_mappings.0.ebs.0.encrypted')).toBe(lineWith(t, '@enc'));
    expect(r.lines.get('network_interfaces.0.associate_public_ip_address')).toBe(lineWith(t, '@public'));
  });

  test('AWS::EC2::Volume → aws_ebs_volume', () => {
    const t = template('AWS::EC2::Volume', `
      AvailabilityZone: us-east-1a
      Size: "100"
      Encrypted: false      # @enc
      KmsKeyId: !GetAtt Key.Arn
      VolumeType: gp3`) + '  Key:\n    Type: AWS::KMS::Key\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_ebs_volume');
    expect(r.attrs).toMatchObject({ availability_zone: 'us-east-1a', size: 100, encrypted: false, type: 'gp3' });
    expectUnknown(r.attrs['kms_key_id'], ['Key']);
    expect(r.lines.get('encrypted')).toBe(lineWith(t, '@enc'));
  });

  test('AWS::EC2::VPC, AWS::EC2::Subnet and AWS::EC2::FlowLog', () => {
    const t = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16        # @vpccidr
      EnableDnsSupport: true
      Tags: [{Key: Name, Value: main}]
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true     # @mapip
  Flow:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceType: VPC
      ResourceId: !Ref Vpc          # @rid
      TrafficType: ALL
      LogDestinationType: s3
      LogDestination: arn:aws:s3:::flow-logs
`;
    const l = load(t);
    const vpc = res(l, 'Vpc');
    expect(vpc.type).toBe('aws_vpc');
    expect(vpc.attrs).toEqual({ cidr_block: '10.0.0.0/16', enable_dns_support: true, tags: { Name: 'main' } });
    expect(vpc.lines.get('cidr_block')).toBe(lineWith(t, '@vpccidr'));
    const sub = res(l, 'Sub');
    expect(sub.type).toBe('aws_subnet');
    expect(sub.attrs).toMatchObject({ cidr_block: '10.0.1.0/24', map_public_ip_on_launch: true });
    expect(sub.lines.get('map_public_ip_on_launch')).toBe(lineWith(t, '@mapip'));
    const flow = res(l, 'Flow');
    expect(flow.type).toBe('aws_flow_log');
    expectUnknown(flow.attrs['vpc_id'], ['Vpc']);
    expect(flow.refs.get('vpc_id')).toEqual(['Vpc']);
    expect(flow.lines.get('vpc_id')).toBe(lineWith(t, '@rid'));
    expect(flow.attrs).toMatchObject({ traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-logs' });
    expect('subnet_id' in flow.attrs).toBe(false);
  });

  test('a FlowLog on a subnet or interface fills the matching Terraform attribute', () => {
    const sub = res(load(template('AWS::EC2::FlowLog', '      ResourceType: Subnet\n      ResourceId: subnet-1')), 'Res');
    expect(sub.attrs['subnet_id']).toBe('subnet-1');
    const eni = res(load(template('AWS::EC2::FlowLog', '      ResourceType: NetworkInterface\n      ResourceId: eni-1')), 'Res');
    expect(eni.attrs['eni_id']).toBe('eni-1');
  });

  test('AWS::EC2::NetworkAclEntry → aws_network_acl_rule', () => {
    const t = template('AWS::EC2::NetworkAclEntry', `
      NetworkAclId: acl-1
      RuleNumber: 100
      Protocol: 6
      RuleAction: allow
      Egress: false
      CidrBlock: 0.0.0.0/0     # @cidr
      PortRange:
        From: 22               # @from
        To: 22`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_network_acl_rule');
    expect(r.attrs).toEqual({ network_acl_id: 'acl-1', rule_number: 100, protocol: '6', rule_action: 'allow', egress: false, cidr_block: '0.0.0.0/0', from_port: 22, to_port: 22 });
    expect(r.lines.get('cidr_block')).toBe(lineWith(t, '@cidr'));
    expect(r.lines.get('from_port')).toBe(lineWith(t, '@from'));
  });

  test('AWS::EC2::EIP stays raw', () => {
    const r = res(load(template('AWS::EC2::EIP', '      Domain: vpc')), 'Res');
    expect(r.type).toBe('AWS::EC2::EIP');
    expect(r.attrs).toEqual({ Domain: 'vpc' });
  });
});
