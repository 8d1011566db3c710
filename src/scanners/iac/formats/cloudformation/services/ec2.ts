import { isUnknown, type Value } from '../../../model/value.js';
import { at, field, items, toBool, toList, toNum, toStr, wrap, type Block, type PV } from '../pv.js';
import { tags, type Translator } from '../translation.js';

type Direction = 'ingress' | 'egress';

/** Fields shared by inline SecurityGroup rules and the standalone SecurityGroupIngress/Egress. */
function ruleFields(r: Block, rv: PV, dir: Direction): void {
  r.set('from_port', field(rv, 'FromPort'), toNum);
  r.set('to_port', field(rv, 'ToPort'), toNum);
  const proto = field(rv, 'IpProtocol');
  r.set('protocol', proto, toStr);
  // CloudFormation lets "-1" (all traffic) omit the ports; Terraform writes them as 0.
  if (r.obj['protocol'] === '-1') {
    if (!('from_port' in r.obj)) r.value('from_port', 0);
    if (!('to_port' in r.obj)) r.value('to_port', 0);
  }
  r.set('cidr_blocks', field(rv, 'CidrIp'), wrap);
  r.set('ipv6_cidr_blocks', field(rv, 'CidrIpv6'), wrap);
  r.set('prefix_list_ids', field(rv, dir === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId'), wrap);
  r.set('description', field(rv, 'Description'));
}

const securityGroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_security_group');
  b.set('name', field(p, 'GroupName'));
  b.set('description', field(p, 'GroupDescription'));
  b.set('vpc_id', field(p, 'VpcId'));
  for (const [prop, dir] of [['SecurityGroupIngress', 'ingress'], ['SecurityGroupEgress', 'egress']] as const) {
    b.each(dir, field(p, prop), (r, rv) => {
      ruleFields(r, rv, dir);
      const peer = dir === 'ingress' ? field(rv, 'SourceSecurityGroupId') ?? field(rv, 'SourceSecurityGroupName') : field(rv, 'DestinationSecurityGroupId');
      r.set('security_groups', peer, wrap);
    });
  }
  tags(b, p);
};

const standaloneRule = (dir: Direction): Translator => (t) => {
  const p = t.props;
  const b = t.main('aws_security_group_rule');
  b.value('type', dir);
  b.set('security_group_id', field(p, 'GroupId') ?? field(p, 'GroupName'));
  ruleFields(b, p, dir);
  b.set('source_security_group_id', field(p, dir === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId'));
};

/** Root device names of the common AMIs (Amazon Linux, Ubuntu, Windows): the rest are extra EBS volumes. */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/nvme0n1']);

function ebsFields(e: Block, ev: PV): void {
  e.set('encrypted', field(ev, 'Encrypted'), toBool);
  e.set('kms_key_id', field(ev, 'KmsKeyId'));
  e.set('volume_size', field(ev, 'VolumeSize'), toNum);
  e.set('volume_type', field(ev, 'VolumeType'));
  e.set('iops', field(ev, 'Iops'), toNum);
  e.set('throughput', field(ev, 'Throughput'), toNum);
  e.set('delete_on_termination', field(ev, 'DeleteOnTermination'), toBool);
  e.set('snapshot_id', field(ev, 'SnapshotId'));
}

function metadataOptions(b: Block, pv: PV | undefined): void {
  b.nested('metadata_options', pv, (m, mv) => {
    m.set('http_tokens', field(mv, 'HttpTokens'));
    m.set('http_endpoint', field(mv, 'HttpEndpoint'));
    m.set('http_put_response_hop_limit', field(mv, 'HttpPutResponseHopLimit'), toNum);
    m.set('http_protocol_ipv6', field(mv, 'HttpProtocolIpv6'));
    m.set('instance_metadata_tags', field(mv, 'InstanceMetadataTags'));
  });
}

/** EC2 wants UserData base64-encoded; Terraform's `user_data` holds the plain text. */
function plainUserData(v: Value): Value {
  if (typeof v !== 'string') return v;
  const compact = v.replace(/\s+/g, '');
  const decoded = Buffer.from(compact, 'base64');
  return decoded.toString('base64') === compact ? decoded.toString('utf8') : v;
}

/** BlockDeviceMappings → root_block_device / ebs_block_device / ephemeral_block_device (aws_instance, aws_launch_configuration). */
function blockDevices(b: Block, bdm: PV | undefined): void {
  if (bdm && isUnknown(bdm.value)) {
    b.set('root_block_device', bdm);
    b.set('ebs_block_device', bdm);
  }
  for (const d of items(bdm)) {
    const name = field(d, 'DeviceName');
    const ebs = field(d, 'Ebs');
    const virtual = field(d, 'VirtualName');
    if (virtual) {
      const e = b.block('ephemeral_block_device', d.line);
      e.set('device_name', name);
      e.set('virtual_name', virtual);
    } else if (ebs) {
      const root = typeof name?.value === 'string' && ROOT_DEVICES.has(name.value);
      const e = b.block(root ? 'root_block_device' : 'ebs_block_device', d.line);
      if (!root) e.set('device_name', name);
      ebsFields(e, ebs);
    }
  }
}

const instance: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_instance');
  b.set('ami', field(p, 'ImageId'));
  b.set('instance_type', field(p, 'InstanceType'));
  b.set('key_name', field(p, 'KeyName'));
  b.set('subnet_id', field(p, 'SubnetId'));
  b.set('availability_zone', field(p, 'AvailabilityZone'));
  b.set('vpc_security_group_ids', field(p, 'SecurityGroupIds'), toList);
  b.set('security_groups', field(p, 'SecurityGroups'), toList);
  b.set('iam_instance_profile', field(p, 'IamInstanceProfile'));
  b.set('monitoring', field(p, 'Monitoring'), toBool);
  b.set('ebs_optimized', field(p, 'EbsOptimized'), toBool);
  b.set('disable_api_termination', field(p, 'DisableApiTermination'), toBool);
  b.set('source_dest_check', field(p, 'SourceDestCheck'), toBool);
  b.set('tenancy', field(p, 'Tenancy'));
  b.set('private_ip', field(p, 'PrivateIpAddress'));
  b.set('user_data', field(p, 'UserData'), plainUserData);
  metadataOptions(b, field(p, 'MetadataOptions'));
  b.nested('launch_template', field(p, 'LaunchTemplate'), (l, lv) => {
    l.set('id', field(lv, 'LaunchTemplateId'));
    l.set('name', field(lv, 'LaunchTemplateName'));
    l.set('version', field(lv, 'Version'), toStr);
  });
  // The primary interface (device index 0) decides the instance's public address.
  const nis = field(p, 'NetworkInterfaces');
  if (nis && isUnknown(nis.value)) b.set('associate_public_ip_address', nis);
  const primary = items(nis).find((n) => String(field(n, 'DeviceIndex')?.value ?? '0') === '0');
  if (primary) {
    b.set('associate_public_ip_address', field(primary, 'AssociatePublicIpAddress'), toBool);
    // The primary interface's groups and subnet are the instance's (Terraform's vpc_security_group_ids, subnet_id).
    if (!('vpc_security_group_ids' in b.obj)) b.set('vpc_security_group_ids', field(primary, 'GroupSet'), toList);
    if (!('subnet_id' in b.obj)) b.set('subnet_id', field(primary, 'SubnetId'));
  }
  blockDevices(b, field(p, 'BlockDeviceMappings'));
  tags(b, p);
};

const launchTemplate: Translator = (t) => {
  const b = t.main('aws_launch_template');
  b.set('name', field(t.props, 'LaunchTemplateName'));
  const d = field(t.props, 'LaunchTemplateData');
  b.set('image_id', field(d, 'ImageId'));
  b.set('instance_type', field(d, 'InstanceType'));
  b.set('key_name', field(d, 'KeyName'));
  // Both hold base64 user data.
  b.set('user_data', field(d, 'UserData'));
  b.set('ebs_optimized', field(d, 'EbsOptimized'), toBool);
  b.set('disable_api_termination', field(d, 'DisableApiTermination'), toBool);
  b.set('vpc_security_group_ids', field(d, 'SecurityGroupIds'), toList);
  b.set('security_group_names', field(d, 'SecurityGroups'), toList);
  metadataOptions(b, field(d, 'MetadataOptions'));
  b.nested('iam_instance_profile', field(d, 'IamInstanceProfile'), (i, iv) => {
    i.set('arn', field(iv, 'Arn'));
    i.set('name', field(iv, 'Name'));
  });
  b.nested('monitoring', field(d, 'Monitoring'), (m, mv) => m.set('enabled', field(mv, 'Enabled'), toBool));
  b.each('block_device_mappings', field(d, 'BlockDeviceMappings'), (m, mv) => {
    m.set('device_name', field(mv, 'DeviceName'));
    m.set('virtual_name', field(mv, 'VirtualName'));
    m.set('no_device', field(mv, 'NoDevice'), toStr);
    m.nested('ebs', field(mv, 'Ebs'), ebsFields);
  });
  b.each('network_interfaces', field(d, 'NetworkInterfaces'), (n, nv) => {
    n.set('associate_public_ip_address', field(nv, 'AssociatePublicIpAddress'), toBool);
    n.set('device_index', field(nv, 'DeviceIndex'), toNum);
    n.set('subnet_id', field(nv, 'SubnetId'));
    n.set('security_groups', field(nv, 'Groups'), toList);
    n.set('delete_on_termination', field(nv, 'DeleteOnTermination'), toBool);
    n.set('description', field(nv, 'Description'));
    n.set('network_interface_id', field(nv, 'NetworkInterfaceId'));
  });
};

const volume: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ebs_volume');
  b.set('availability_zone', field(p, 'AvailabilityZone'));
  b.set('encrypted', field(p, 'Encrypted'), toBool);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('size', field(p, 'Size'), toNum);
  b.set('type', field(p, 'VolumeType'));
  b.set('iops', field(p, 'Iops'), toNum);
  b.set('throughput', field(p, 'Throughput'), toNum);
  b.set('snapshot_id', field(p, 'SnapshotId'));
  tags(b, p);
};

const vpc: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_vpc');
  b.set('cidr_block', field(p, 'CidrBlock'));
  b.set('enable_dns_support', field(p, 'EnableDnsSupport'), toBool);
  b.set('enable_dns_hostnames', field(p, 'EnableDnsHostnames'), toBool);
  b.set('instance_tenancy', field(p, 'InstanceTenancy'));
  tags(b, p);
};

/** FlowLog ResourceType → the Terraform attribute that names the watched resource. */
const FLOW_TARGET: Record<string, string> = {
  VPC: 'vpc_id',
  Subnet: 'subnet_id',
  NetworkInterface: 'eni_id',
  TransitGateway: 'transit_gateway_id',
  TransitGatewayAttachment: 'transit_gateway_attachment_id',
};

const flowLog: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_flow_log');
  const kind = field(p, 'ResourceType')?.value;
  const target = typeof kind === 'string' ? FLOW_TARGET[kind] : undefined;
  if (target) b.set(target, field(p, 'ResourceId'));
  b.set('traffic_type', field(p, 'TrafficType'));
  b.set('log_destination', field(p, 'LogDestination'));
  b.set('log_destination_type', field(p, 'LogDestinationType'));
  b.set('log_group_name', field(p, 'LogGroupName'));
  b.set('iam_role_arn', field(p, 'DeliverLogsPermissionArn'));
  b.set('log_format', field(p, 'LogFormat'));
  b.set('max_aggregation_interval', field(p, 'MaxAggregationInterval'), toNum);
  tags(b, p);
};

const subnet: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_subnet');
  b.set('vpc_id', field(p, 'VpcId'));
  b.set('cidr_block', field(p, 'CidrBlock'));
  b.set('ipv6_cidr_block', field(p, 'Ipv6CidrBlock'));
  b.set('availability_zone', field(p, 'AvailabilityZone'));
  b.set('map_public_ip_on_launch', field(p, 'MapPublicIpOnLaunch'), toBool);
  b.set('assign_ipv6_address_on_creation', field(p, 'AssignIpv6AddressOnCreation'), toBool);
  tags(b, p);
};

const networkAclEntry: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_network_acl_rule');
  b.set('network_acl_id', field(p, 'NetworkAclId'));
  b.set('rule_number', field(p, 'RuleNumber'), toNum);
  b.set('egress', field(p, 'Egress'), toBool);
  b.set('protocol', field(p, 'Protocol'), toStr);
  b.set('rule_action', field(p, 'RuleAction'));
  b.set('cidr_block', field(p, 'CidrBlock'));
  b.set('ipv6_cidr_block', field(p, 'Ipv6CidrBlock'));
  b.set('from_port', at(p, 'PortRange.From'), toNum);
  b.set('to_port', at(p, 'PortRange.To'), toNum);
  b.set('icmp_type', at(p, 'Icmp.Type'), toNum);
  b.set('icmp_code', at(p, 'Icmp.Code'), toNum);
};

const transitGateway: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ec2_transit_gateway');
  b.set('description', field(p, 'Description'));
  b.set('amazon_side_asn', field(p, 'AmazonSideAsn'), toNum);
  b.set('auto_accept_shared_attachments', field(p, 'AutoAcceptSharedAttachments'));
  b.set('default_route_table_association', field(p, 'DefaultRouteTableAssociation'));
  b.set('default_route_table_propagation', field(p, 'DefaultRouteTablePropagation'));
  b.set('dns_support', field(p, 'DnsSupport'));
  b.set('vpn_ecmp_support', field(p, 'VpnEcmpSupport'));
  tags(b, p);
};

const networkAcl: Translator = (t) => {
  const b = t.main('aws_network_acl');
  b.set('vpc_id', field(t.props, 'VpcId'));
  tags(b, t.props);
};

/** AWS::AutoScaling::LaunchConfiguration: the instance settings of aws_instance, in aws_launch_configuration's names. */
const launchConfiguration: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_launch_configuration');
  b.set('name', field(p, 'LaunchConfigurationName'));
  b.set('image_id', field(p, 'ImageId'));
  b.set('instance_type', field(p, 'InstanceType'));
  b.set('key_name', field(p, 'KeyName'));
  b.set('iam_instance_profile', field(p, 'IamInstanceProfile'));
  b.set('security_groups', field(p, 'SecurityGroups'), toList);
  b.set('associate_public_ip_address', field(p, 'AssociatePublicIpAddress'), toBool);
  b.set('ebs_optimized', field(p, 'EbsOptimized'), toBool);
  b.set('enable_monitoring', field(p, 'InstanceMonitoring'), toBool);
  b.set('user_data', field(p, 'UserData'), plainUserData);
  metadataOptions(b, field(p, 'MetadataOptions'));
  blockDevices(b, field(p, 'BlockDeviceMappings'));
};

export const ec2: Record<string, Translator> = {
  'AWS::EC2::SecurityGroup': securityGroup,
  'AWS::EC2::SecurityGroupIngress': standaloneRule('ingress'),
  'AWS::EC2::SecurityGroupEgress': standaloneRule('egress'),
  'AWS::EC2::Instance': instance,
  'AWS::EC2::LaunchTemplate': launchTemplate,
  'AWS::EC2::Volume': volume,
  'AWS::EC2::VPC': vpc,
  'AWS::EC2::FlowLog': flowLog,
  'AWS::EC2::Subnet': subnet,
  'AWS::EC2::NetworkAclEntry': networkAclEntry,
  'AWS::EC2::NetworkAcl': networkAcl,
  'AWS::EC2::TransitGateway': transitGateway,
  'AWS::AutoScaling::LaunchConfiguration': launchConfiguration,
};
