/**
 * Network rules (security groups, NACLs, VPC, Lightsail): one flagged and one clean source per
 * rule. Lines ending in `#!` are exactly where findings must land. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

export const networkCases: CloudCase[] = [
  {
    rule: 'aws/security-group-ssh-open',
    tf: {
      flagged: `
variable "admin_cidr" {
  default = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0abc"

  ingress {
    description = "ssh"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr] #!
  }

  ingress {
    from_port        = 20
    to_port          = 25
    protocol         = "6"
    ipv6_cidr_blocks = ["::/0"] #!
  }
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks = [
    "10.0.0.0/8",
    "0.0.0.0/0", #!
  ]
  security_group_id = aws_security_group.bastion.id
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.bastion.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0" #!
}
`,
      clean: `
variable "admin_cidr" {}

resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "ssh_out" {
  type              = "egress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "ssh_from_sg" {
  type                     = "ingress"
  from_port                = 22
  to_port                  = 22
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.web.id
  security_group_id        = aws_security_group.web.id
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: bastion
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: bastion
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 10.0.0.0/8
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: 0.0.0.0/0
`,
    },
  },
  {
    rule: 'aws/security-group-rdp-open',
    tf: {
      flagged: `
locals {
  rdp_port = 3389
  anywhere = ["0.0.0.0/0"]
}

resource "aws_security_group" "windows" {
  name = "windows"

  ingress {
    from_port   = local.rdp_port
    to_port     = local.rdp_port
    protocol    = "tcp"
    cidr_blocks = local.anywhere #!
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp_udp" {
  security_group_id = aws_security_group.windows.id
  ip_protocol       = "udp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv6         = "::/0" #!
}
`,
      clean: `
variable "rdp_from" {}

resource "aws_security_group" "windows" {
  name = "windows"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["192.168.10.0/24"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.windows.id
  ip_protocol       = "tcp"
  from_port         = var.rdp_from
  to_port           = 3390
  cidr_ipv4         = "0.0.0.0/0"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Rdp:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: sg-0123
      IpProtocol: tcp
      FromPort: 3389
      ToPort: 3389
      CidrIp: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  Rdp:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: sg-0123
      IpProtocol: tcp
      FromPort: 3389
      ToPort: 3389
      CidrIp: 172.16.0.0/12
`,
    },
  },
  {
    rule: 'aws/security-group-all-ports-open',
    tf: {
      flagged: `
resource "aws_security_group" "open" {
  name = "open"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] #!
  }
}

resource "aws_security_group_rule" "all_tcp" {
  type              = "ingress"
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] #!
  security_group_id = aws_security_group.open.id
}

resource "aws_vpc_security_group_ingress_rule" "all" {
  security_group_id = aws_security_group.open.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" #!
}
`,
      clean: `
resource "aws_security_group" "internal" {
  name = "internal"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.internal.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: open
      SecurityGroupIngress:
        - IpProtocol: "-1"
          CidrIp: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: internal
      SecurityGroupIngress:
        - IpProtocol: "-1"
          CidrIp: 10.0.0.0/16
      SecurityGroupEgress:
        - IpProtocol: "-1"
          CidrIp: 0.0.0.0/0
`,
    },
  },
  {
    rule: 'aws/security-group-database-port-open',
    tf: {
      flagged: `
variable "db_ports" {
  default = {
    mysql = 3306
  }
}

resource "aws_security_group_rule" "db" {
  for_each          = var.db_ports
  type              = "ingress"
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] #!
  security_group_id = "sg-0123"
}

resource "aws_security_group" "cache" {
  name = "cache"

  ingress {
    from_port   = 6000
    to_port     = 7000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] #!
  }
}
`,
      clean: `
resource "aws_security_group" "db" {
  name = "db"

  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = ["sg-0app"]
  }

  ingress {
    from_port   = 3306
    to_port     = 3306
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  ingress {
    from_port   = 10000
    to_port     = 20000
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Db:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 27017
          ToPort: 27017
          CidrIpv6: ::/0 #!
`,
      clean: `
Resources:
  Db:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 27017
          ToPort: 27017
          SourceSecurityGroupId: sg-0app
`,
    },
  },
  {
    rule: 'aws/security-group-admin-port-open',
    tf: {
      flagged: `
resource "aws_security_group" "legacy" {
  name = "legacy"

  ingress {
    from_port   = 23
    to_port     = 23
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] #!
  }

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "k8s_api" {
  security_group_id = aws_security_group.legacy.id
  ip_protocol       = "tcp"
  from_port         = 6443
  to_port           = 6443
  cidr_ipv4         = "0.0.0.0/0" #!
}
`,
      clean: `
resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 445
    to_port     = 445
    protocol    = "tcp"
    cidr_blocks = ["10.1.0.0/16"]
  }
}
`,
    },
  },
  {
    rule: 'aws/security-group-high-risk-port-open',
    tf: {
      flagged: `
resource "aws_security_group" "dev" {
  name = "dev"

  ingress {
    description = "app"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] #!
  }

  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "smtp" {
  security_group_id = aws_security_group.dev.id
  ip_protocol       = "tcp"
  from_port         = 25
  to_port           = 25
  cidr_ipv6         = "::/0" #!
}
`,
      clean: `
resource "aws_security_group" "app" {
  name = "app"

  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = ["sg-0alb"]
  }

  ingress {
    from_port   = 3000
    to_port     = 3000
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Dev:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: dev
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8888
          ToPort: 8888
          CidrIp: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  Dev:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: dev
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 8888
          ToPort: 8888
          CidrIp: 192.168.0.0/16
`,
    },
  },
  {
    rule: 'aws/default-security-group-has-rules',
    tf: {
      flagged: `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id

  ingress { #!
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress { #!
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
      clean: `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
`,
    },
  },
  {
    rule: 'aws/vpc-flow-logs-disabled',
    tf: {
      flagged: `
resource "aws_vpc" "main" { #!
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_vpc" "logged" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "logged" {
  vpc_id          = aws_vpc.logged.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::flow-logs-bucket"
}
`,
      clean: `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs-bucket"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Vpc: #!
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
`,
      clean: `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  VpcFlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceId: !Ref Vpc
      ResourceType: VPC
      TrafficType: ALL
      LogDestinationType: s3
      LogDestination: arn:aws:s3:::flow-logs-bucket
`,
    },
  },
  {
    rule: 'aws/vpc-default-vpc-used',
    tf: {
      flagged: `
resource "aws_default_vpc" "default" { #!
  tags = {
    Name = "Default VPC"
  }
}
`,
      clean: `
resource "aws_default_vpc" "default" {
  force_destroy = true
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
`,
    },
  },
  {
    rule: 'aws/subnet-public-ip-on-launch',
    tf: {
      flagged: `
variable "public" {
  default = true
}

resource "aws_subnet" "a" {
  vpc_id                  = "vpc-0abc"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = var.public #!
}
`,
      clean: `
variable "public" {}

resource "aws_subnet" "a" {
  vpc_id                  = "vpc-0abc"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = false
}

resource "aws_subnet" "b" {
  vpc_id                  = "vpc-0abc"
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = var.public
}

resource "aws_subnet" "c" {
  vpc_id     = "vpc-0abc"
  cidr_block = "10.0.3.0/24"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0abc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true #!
`,
      clean: `
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0abc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: false
`,
    },
  },
  {
    rule: 'aws/nacl-admin-port-open',
    tf: {
      flagged: `
resource "aws_network_acl" "public" {
  vpc_id = "vpc-0abc"

  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" #!
    from_port  = 22
    to_port    = 22
  }

  ingress {
    protocol   = "tcp"
    rule_no    = 110
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }
}

resource "aws_network_acl_rule" "rdp" {
  network_acl_id  = aws_network_acl.public.id
  rule_number     = 200
  protocol        = "tcp"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0" #!
  from_port       = 3389
  to_port         = 3389
}

resource "aws_network_acl_rule" "telnet" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 210
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" #!
  from_port      = 23
  to_port        = 23
}

resource "aws_network_acl_rule" "ntp" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 220
  protocol       = "udp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 20
  to_port        = 123
}
`,
      clean: `
resource "aws_network_acl" "public" {
  vpc_id = "vpc-0abc"

  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  egress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
}

resource "aws_network_acl_rule" "ephemeral_in" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 300
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "ssh_out" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 200
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
`,
    },
    cfn: {
      flagged: `
Resources:
  SshIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-0abc
      RuleNumber: 100
      Protocol: 6
      RuleAction: allow
      CidrBlock: 0.0.0.0/0 #!
      PortRange:
        From: 22
        To: 22
`,
      clean: `
Resources:
  SshOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-0abc
      RuleNumber: 100
      Protocol: 6
      Egress: true
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
      PortRange:
        From: 22
        To: 22
`,
    },
  },
  {
    rule: 'aws/nacl-all-traffic-open',
    tf: {
      flagged: `
resource "aws_default_network_acl" "default" {
  default_network_acl_id = "acl-0abc"

  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" #!
    from_port  = 0
    to_port    = 0
  }
}

resource "aws_network_acl_rule" "all_in" {
  network_acl_id = "acl-0def"
  rule_number    = 100
  egress         = false
  protocol       = "all"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" #!
}
`,
      clean: `
variable "egress" {}

resource "aws_network_acl" "private" {
  vpc_id = "vpc-0abc"

  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = 0
    to_port    = 0
  }

  egress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

resource "aws_network_acl_rule" "maybe_in" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = var.egress
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  AllIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-0abc
      RuleNumber: 100
      Protocol: -1
      RuleAction: allow
      CidrBlock: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  AllOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-0abc
      RuleNumber: 100
      Protocol: -1
      Egress: true
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  AllFromVpc:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-0abc
      RuleNumber: 110
      Protocol: -1
      RuleAction: allow
      CidrBlock: 10.0.0.0/16
`,
    },
  },
  {
    rule: 'aws/transit-gateway-auto-accept',
    tf: {
      flagged: `
resource "aws_ec2_transit_gateway" "hub" {
  description                     = "hub"
  auto_accept_shared_attachments  = "enable" #!
  default_route_table_association = "enable"
}
`,
      clean: `
variable "auto_accept" {}

resource "aws_ec2_transit_gateway" "hub" {
  description                    = "hub"
  auto_accept_shared_attachments = "disable"
}

resource "aws_ec2_transit_gateway" "spoke" {
  auto_accept_shared_attachments = var.auto_accept
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Hub:
    Type: AWS::EC2::TransitGateway
    Properties:
      AutoAcceptSharedAttachments: enable #!
`,
      clean: `
Resources:
  Hub:
    Type: AWS::EC2::TransitGateway
    Properties:
      AutoAcceptSharedAttachments: disable
`,
    },
  },
  {
    rule: 'aws/lightsail-admin-port-open',
    tf: {
      flagged: `
resource "aws_lightsail_instance_public_ports" "web" {
  instance_name = "web-1"

  port_info {
    protocol  = "tcp"
    from_port = 22
    to_port   = 22
    cidrs     = ["0.0.0.0/0"] #!
  }

  port_info {
    protocol  = "tcp"
    from_port = 443
    to_port   = 443
    cidrs     = ["0.0.0.0/0"]
  }
}
`,
      clean: `
variable "office" {}

resource "aws_lightsail_instance_public_ports" "web" {
  instance_name = "web-1"

  port_info {
    protocol  = "tcp"
    from_port = 22
    to_port   = 22
    cidrs     = ["203.0.113.0/24", var.office]
  }
}
`,
    },
  },
  {
    rule: 'aws/lightsail-database-public',
    tf: {
      flagged: `
resource "aws_lightsail_database" "shop" {
  relational_database_name = "shop"
  availability_zone        = "us-east-1a"
  master_database_name     = "shop"
  master_username          = "admin"
  master_password          = var.db_password
  blueprint_id             = "mysql_8_0"
  bundle_id                = "micro_2_0"
  publicly_accessible      = true #!
}

variable "db_password" {
  sensitive = true
}
`,
      clean: `
variable "public" {}

resource "aws_lightsail_database" "shop" {
  relational_database_name = "shop"
  master_database_name     = "shop"
  master_username          = "admin"
  blueprint_id             = "mysql_8_0"
  bundle_id                = "micro_2_0"
  publicly_accessible      = false
}

resource "aws_lightsail_database" "other" {
  relational_database_name = "other"
  master_database_name     = "other"
  master_username          = "admin"
  blueprint_id             = "postgres_16"
  bundle_id                = "micro_2_0"
  publicly_accessible      = var.public
}
`,
    },
  },
  {
    rule: 'aws/vpc-endpoint-service-public',
    tf: {
      flagged: `
resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = false
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/abc"]
  allowed_principals         = ["*"] #!
}

resource "aws_vpc_endpoint_service_allowed_principal" "any" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.api.id
  principal_arn           = "*" #!
}
`,
      clean: `
resource "aws_vpc_endpoint_service" "api" {
  acceptance_required        = true
  network_load_balancer_arns = ["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/abc"]
  allowed_principals         = ["arn:aws:iam::444455556666:root"]
}
`,
    },
  },
  {
    rule: 'aws/client-vpn-connection-logging-off',
    tf: {
      flagged: `
resource "aws_ec2_client_vpn_endpoint" "staff" {
  server_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
  client_cidr_block      = "10.100.0.0/16"

  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = "arn:aws:acm:us-east-1:111122223333:certificate/root"
  }

  connection_log_options {
    enabled = false #!
  }
}
`,
      clean: `
resource "aws_ec2_client_vpn_endpoint" "staff" {
  server_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
  client_cidr_block      = "10.100.0.0/16"

  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = "arn:aws:acm:us-east-1:111122223333:certificate/root"
  }

  connection_log_options {
    enabled              = true
    cloudwatch_log_group = "client-vpn"
  }
}
`,
    },
  },
  {
    // SQL Server Analysis Services (TCP 2383) and the UDP-only SQL Server browser are database ports too.
    rule: 'aws/security-group-database-port-open',
    tf: {
      flagged: `
resource "aws_security_group" "olap" {
  name = "olap"

  ingress {
    from_port        = 2383
    to_port          = 2383
    protocol         = "6"
    cidr_blocks      = ["10.20.0.0/16"]
    ipv6_cidr_blocks = ["::/0"] #!
  }
}

resource "aws_vpc_security_group_ingress_rule" "browser" {
  security_group_id = aws_security_group.olap.id
  ip_protocol       = "udp"
  from_port         = 1400
  to_port           = 1500
  cidr_ipv4         = "0.0.0.0/0" #!
}
`,
      clean: `
resource "aws_security_group" "media" {
  name = "media"

  ingress {
    from_port   = 3000
    to_port     = 12000
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 2383
    to_port     = 2383
    protocol    = "tcp"
    cidr_blocks = ["172.16.0.0/12"]
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Olap:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: olap
  OlapIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Olap
      IpProtocol: "17"
      FromPort: 1434
      ToPort: 1434
      CidrIp: 0.0.0.0/0 #!
`,
      clean: `
Resources:
  Olap:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: olap
      SecurityGroupIngress:
        - IpProtocol: udp
          FromPort: 3306
          ToPort: 3306
          CidrIp: 0.0.0.0/0
`,
    },
  },
  {
    // File sharing: NetBIOS name/datagram services and NFS answer on UDP as well as TCP.
    rule: 'aws/security-group-admin-port-open',
    tf: {
      flagged: `
resource "aws_security_group_rule" "netbios" {
  type              = "ingress"
  from_port         = 137
  to_port           = 138
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"] #!
  security_group_id = "sg-0files"
}

resource "aws_security_group" "nfs" {
  name = "nfs"

  ingress {
    from_port   = 2049
    to_port     = 2049
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] #!
  }
}
`,
      clean: `
resource "aws_security_group_rule" "dns" {
  type              = "ingress"
  from_port         = 53
  to_port           = 53
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-0dns"
}

resource "aws_security_group" "nfs" {
  name = "nfs"

  ingress {
    from_port       = 2049
    to_port         = 2049
    protocol        = "tcp"
    security_groups = ["sg-0clients"]
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Files:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: files
      SecurityGroupIngress:
        - IpProtocol: udp
          FromPort: 2000
          ToPort: 2100
          CidrIpv6: ::/0 #!
`,
      clean: `
Resources:
  Files:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: files
      SecurityGroupIngress:
        - IpProtocol: udp
          FromPort: 2000
          ToPort: 2100
          CidrIpv6: fd00:10::/64
`,
    },
  },
];
