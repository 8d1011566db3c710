/**
 * Compute rules (EC2, EBS, AMI, Lambda): one flagged and one clean source per rule. Lines
 * ending in `#!` are exactly where findings must land. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

export const computeCases: CloudCase[] = [
  {
    rule: 'aws/ec2-imdsv1-enabled',
    tf: {
      flagged: `
resource "aws_instance" "legacy" { #!
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "m5.large"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional" #!
  }
}

resource "aws_launch_configuration" "old" {
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.small"

  metadata_options { #!
    http_put_response_hop_limit = 2
  }
}

resource "aws_spot_instance_request" "batch" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "c5.large"
  spot_price    = "0.05"

  metadata_options {
    http_tokens = "optional" #!
  }
}
`,
      clean: `
variable "tokens" {}

resource "aws_instance" "hardened" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_instance" "no_imds" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "disabled"
  }
}

resource "aws_instance" "from_template" {
  launch_template {
    id      = aws_launch_template.base.id
    version = "$Latest"
  }
}

resource "aws_instance" "unknown" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = var.tokens
  }
}

resource "aws_launch_template" "base" {
  image_id = "ami-0c55b159cbfafe1f0"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_ami" "imdsv2" {
  name                = "imdsv2-only"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"
  imds_support        = "v2.0"

  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

resource "aws_instance" "on_v2_ami" {
  ami           = aws_ami.imdsv2.id
  instance_type = "t3.micro"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-0c55b159cbfafe1f0
        MetadataOptions:
          HttpTokens: optional #!
`,
      clean: `
Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-0c55b159cbfafe1f0
        MetadataOptions:
          HttpTokens: required
`,
    },
  },
  {
    rule: 'aws/ec2-metadata-defaults-imdsv1',
    tf: {
      flagged: `
resource "aws_ec2_instance_metadata_defaults" "region" {
  http_tokens                 = "optional" #!
  http_put_response_hop_limit = 2
}
`,
      clean: `
resource "aws_ec2_instance_metadata_defaults" "region" {
  http_tokens                 = "required"
  http_put_response_hop_limit = 2
}

resource "aws_instance" "inherits" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}
`,
    },
  },
  {
    rule: 'aws/ec2-public-ip',
    tf: {
      flagged: `
variable "public" {
  default = true
}

resource "aws_instance" "web" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public #!
}

resource "aws_launch_template" "web" {
  image_id = "ami-0c55b159cbfafe1f0"

  network_interfaces {
    associate_public_ip_address = "true" #!
    security_groups             = ["sg-0123"]
  }
}
`,
      clean: `
variable "public" {}

resource "aws_instance" "web" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}

resource "aws_instance" "maybe" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public
}

resource "aws_launch_configuration" "workers" {
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      NetworkInterfaces:
        - DeviceIndex: "0"
          SubnetId: subnet-a
          AssociatePublicIpAddress: true #!
`,
      clean: `
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      NetworkInterfaces:
        - DeviceIndex: "0"
          SubnetId: subnet-a
          AssociatePublicIpAddress: false
`,
    },
  },
  {
    rule: 'aws/ec2-public-instance-admin-open',
    tf: {
      flagged: `
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0abc"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "admin" {
  name = "admin"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_instance" "jump" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.admin.id] #!
}
`,
      clean: `
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0abc"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "private" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.admin.id]
}

resource "aws_instance" "web" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}
`,
    },
  },
  {
    // An Elastic IP makes the instance public even with associate_public_ip_address = false.
    rule: 'aws/ec2-public-instance-admin-open',
    tf: {
      flagged: `
resource "aws_security_group" "rdp" {
  name = "rdp"

  ingress {
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_instance" "desktop" {
  ami                         = "ami-0a1b2c3d4e5f67890"
  instance_type               = "t3.large"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.rdp.id] #!
}

resource "aws_eip" "desktop" {
  domain   = "vpc"
  instance = aws_instance.desktop.id
}

resource "aws_instance" "bastion" {
  ami             = "ami-0a1b2c3d4e5f67890"
  instance_type   = "t3.micro"
  security_groups = [aws_security_group.rdp.name] #!
}

resource "aws_eip_association" "bastion" {
  instance_id   = aws_instance.bastion.id
  allocation_id = "eipalloc-0123456789abcdef0"
}
`,
      clean: `
resource "aws_security_group" "rdp" {
  name = "rdp"

  ingress {
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["fd00:1::/64"]
  }
}

resource "aws_instance" "desktop" {
  ami                    = "ami-0a1b2c3d4e5f67890"
  instance_type          = "t3.large"
  vpc_security_group_ids = [aws_security_group.rdp.id]
}

resource "aws_eip" "desktop" {
  domain   = "vpc"
  instance = aws_instance.desktop.id
}
`,
    },
  },
  {
    rule: 'aws/ec2-block-device-unencrypted',
    tf: {
      flagged: `
resource "aws_instance" "db" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "r5.large"

  root_block_device {
    volume_size = 50
    encrypted   = false #!
  }

  ebs_block_device { #!
    device_name = "/dev/sdf"
    volume_size = 200
  }
}

resource "aws_launch_template" "workers" {
  image_id = "ami-0c55b159cbfafe1f0"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      encrypted   = "false" #!
    }
  }
}
`,
      clean: `
variable "encrypted" {}

resource "aws_instance" "db" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "r5.large"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    snapshot_id = "snap-0123456789abcdef0"
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 10
    encrypted   = var.encrypted
  }
}

resource "aws_launch_template" "workers" {
  image_id = "ami-0c55b159cbfafe1f0"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      encrypted   = "true"
      kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/abcd"
    }
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Db:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: r5.large
      BlockDeviceMappings:
        - DeviceName: /dev/sdf
          Ebs:
            VolumeSize: 200
            Encrypted: false #!
`,
      clean: `
Resources:
  Db:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: r5.large
      BlockDeviceMappings:
        - DeviceName: /dev/sdf
          Ebs:
            VolumeSize: 200
            Encrypted: true
`,
    },
  },
  {
    rule: 'aws/ec2-user-data-secrets',
    tf: {
      flagged: `
locals {
  bootstrap = <<-EOT
    #!/bin/bash
    export DB_PASSWORD="Pr0d-Passw0rd!"
    /opt/app/start.sh
  EOT
}

resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = local.bootstrap #!
}

resource "aws_instance" "keys" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = "#!/bin/bash\\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\\n" #!
}

resource "aws_launch_template" "app" {
  image_id  = "ami-0c55b159cbfafe1f0"
  user_data = base64encode(local.bootstrap) #!
}
`,
      clean: `
variable "bootstrap" {}

locals {
  bootstrap = <<-EOT
    #!/bin/bash
    export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)"
    export DB_PASSWORD_SECRET_ARN=arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db
    /opt/app/start.sh
  EOT
}

resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = local.bootstrap
}

resource "aws_instance" "other" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  user_data     = var.bootstrap
}

resource "aws_launch_template" "app" {
  image_id  = "ami-0c55b159cbfafe1f0"
  user_data = base64encode(local.bootstrap)
}
`,
    },
    cfn: {
      flagged: `
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      UserData: #!
        Fn::Base64: |
          #!/bin/bash
          echo "DB_PASSWORD=Pr0d-Passw0rd!" >> /etc/app.env
`,
      clean: `
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      UserData:
        Fn::Base64: |
          #!/bin/bash
          yum install -y httpd
          systemctl enable --now httpd
`,
    },
  },
  {
    rule: 'aws/ec2-detailed-monitoring-disabled',
    tf: {
      flagged: `
resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  monitoring    = false #!
}

resource "aws_launch_template" "app" {
  image_id = "ami-0c55b159cbfafe1f0"

  monitoring {
    enabled = false #!
  }
}

resource "aws_launch_configuration" "app" {
  image_id          = "ami-0c55b159cbfafe1f0"
  instance_type     = "t3.micro"
  enable_monitoring = false #!
}
`,
      clean: `
variable "monitoring" {}

resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  monitoring    = true
}

resource "aws_instance" "other" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
  monitoring    = var.monitoring
}

resource "aws_launch_configuration" "app" {
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      Monitoring: false #!
`,
      clean: `
Resources:
  App:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0c55b159cbfafe1f0
      InstanceType: t3.micro
      Monitoring: true
`,
    },
  },
  {
    rule: 'aws/ec2-serial-console-enabled',
    tf: {
      flagged: `
resource "aws_ec2_serial_console_access" "this" {
  enabled = true #!
}
`,
      clean: `
variable "serial" {}

resource "aws_ec2_serial_console_access" "this" {
  enabled = false
}

resource "aws_ec2_serial_console_access" "other" {
  enabled = var.serial
}
`,
    },
  },
  {
    rule: 'aws/ebs-volume-unencrypted',
    tf: {
      flagged: `
resource "aws_ebs_volume" "data" { #!
  availability_zone = "us-east-1a"
  size              = 100
}

variable "create_logs_volume" {
  default = true
}

resource "aws_ebs_volume" "logs" {
  count             = var.create_logs_volume ? 1 : 0
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = false #!
}
`,
      clean: `
variable "encrypted" {}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  encrypted         = true
}

resource "aws_ebs_volume" "restored" {
  availability_zone = "us-east-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_ebs_volume" "maybe" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = var.encrypted
}

variable "create_scratch" {
  default = false
}

resource "aws_ebs_volume" "scratch" {
  count             = var.create_scratch ? 1 : 0
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = false
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Data:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: us-east-1a
      Size: 100
      Encrypted: false #!
`,
      clean: `
Resources:
  Data:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: us-east-1a
      Size: 100
      Encrypted: true
`,
    },
  },
  {
    // Account-level encryption by default covers volumes that do not say, not ones that opt out.
    rule: 'aws/ebs-volume-unencrypted',
    tf: {
      flagged: `
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ebs_volume" "opted_out" {
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = false #!
}
`,
      clean: `
resource "aws_ebs_encryption_by_default" "this" {}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
}
`,
    },
  },
  {
    rule: 'aws/ebs-encryption-by-default-disabled',
    tf: {
      flagged: `
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false #!
}
`,
      clean: `
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}
`,
    },
  },
  {
    rule: 'aws/ebs-snapshot-public-access-unblocked',
    tf: {
      flagged: `
resource "aws_ebs_snapshot_block_public_access" "this" {
  state = "unblocked" #!
}
`,
      clean: `
resource "aws_ebs_snapshot_block_public_access" "this" {
  state = "block-all-sharing"
}
`,
    },
  },
  {
    rule: 'aws/ebs-snapshot-public',
    tf: {
      flagged: `
resource "aws_ebs_snapshot" "backup" {
  volume_id = "vol-0123456789abcdef0"
}

resource "aws_snapshot_create_volume_permission" "everyone" {
  snapshot_id = aws_ebs_snapshot.backup.id
  account_id  = "all" #!
}
`,
      clean: `
variable "partner_account" {}

resource "aws_ebs_snapshot" "backup" {
  volume_id = "vol-0123456789abcdef0"
}

resource "aws_snapshot_create_volume_permission" "partner" {
  snapshot_id = aws_ebs_snapshot.backup.id
  account_id  = "111122223333"
}

resource "aws_snapshot_create_volume_permission" "other" {
  snapshot_id = aws_ebs_snapshot.backup.id
  account_id  = var.partner_account
}
`,
    },
  },
  {
    rule: 'aws/ebs-snapshot-copy-unencrypted',
    tf: {
      flagged: `
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_ebs_snapshot_copy" "dr" { #!
  source_snapshot_id = aws_ebs_snapshot.data.id
  source_region      = "eu-west-1"
}
`,
      clean: `
variable "kms_key" {}

# Copies of an encrypted volume's snapshot are encrypted whatever the copy says.
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
}

resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}

resource "aws_ebs_snapshot_copy" "of_encrypted" {
  source_snapshot_id = aws_ebs_snapshot.data.id
  source_region      = "eu-west-1"
}

# A source outside this configuration: its encryption, and so the copy's, is unknown.
resource "aws_ebs_snapshot_copy" "external" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "us-east-1"
}

resource "aws_ebs_snapshot_copy" "dr" {
  source_snapshot_id = "snap-0123456789abcdef0"
  source_region      = "us-east-1"
  encrypted          = true
  kms_key_id         = var.kms_key
}
`,
    },
  },
  {
    rule: 'aws/ami-public-launch-permission',
    tf: {
      flagged: `
resource "aws_ami_launch_permission" "public" {
  image_id = "ami-0c55b159cbfafe1f0"
  group    = "all" #!
}
`,
      clean: `
variable "share_group" {}

resource "aws_ami_launch_permission" "partner" {
  image_id   = "ami-0c55b159cbfafe1f0"
  account_id = "111122223333"
}

resource "aws_ami_launch_permission" "maybe" {
  image_id = "ami-0c55b159cbfafe1f0"
  group    = var.share_group
}
`,
    },
  },
  {
    rule: 'aws/ami-unencrypted',
    tf: {
      flagged: `
resource "aws_ami" "golden" {
  name                = "golden"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"

  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0123456789abcdef0"
    encrypted   = false #!
  }

  ebs_block_device { #!
    device_name = "/dev/xvdb"
    volume_size = 8
  }
}

resource "aws_ami_copy" "dr" { #!
  name              = "golden-dr"
  source_ami_id     = aws_ami.golden.id
  source_ami_region = "us-east-1"
}
`,
      clean: `
resource "aws_ami" "golden" {
  name                = "golden"
  root_device_name    = "/dev/xvda"
  virtualization_type = "hvm"

  ebs_block_device {
    device_name = "/dev/xvda"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

resource "aws_ami_copy" "dr" {
  name              = "golden-dr"
  source_ami_id     = "ami-0c55b159cbfafe1f0"
  source_ami_region = "us-east-1"
  encrypted         = true
}
`,
    },
  },
  {
    rule: 'aws/ami-public-access-unblocked',
    tf: {
      flagged: `
resource "aws_ec2_image_block_public_access" "this" {
  state = "unblocked" #!
}
`,
      clean: `
resource "aws_ec2_image_block_public_access" "this" {
  state = "block-new-sharing"
}
`,
    },
  },
  {
    rule: 'aws/lambda-function-url-public',
    tf: {
      flagged: `
resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "NONE" #!
}
`,
      clean: `
variable "auth" {}

resource "aws_lambda_function_url" "api" {
  function_name      = "api"
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function_url" "other" {
  function_name      = "other"
  authorization_type = var.auth
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: arn:aws:lambda:us-east-1:111122223333:function:api
      AuthType: NONE #!
`,
      clean: `
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: arn:aws:lambda:us-east-1:111122223333:function:api
      AuthType: AWS_IAM
`,
    },
  },
  {
    rule: 'aws/lambda-permission-public',
    tf: {
      flagged: `
resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "*" #!
}
`,
      clean: `
variable "bucket_arn" {}

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::uploads"
}

resource "aws_lambda_permission" "scoped" {
  statement_id  = "AllowScoped"
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = "*"
  source_arn    = var.bucket_arn
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Anyone:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: api
      Principal: "*" #!
`,
      clean: `
Resources:
  FromS3:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: api
      Principal: s3.amazonaws.com
      SourceAccount: "111122223333"
`,
    },
  },
  {
    rule: 'aws/lambda-permission-service-unscoped',
    tf: {
      flagged: `
resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "s3.amazonaws.com" #!
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowEvents"
  action        = "lambda:InvokeFunction"
  function_name = "nightly"
  principal     = "events.amazonaws.com" #!
}
`,
      clean: `
variable "topic_arn" {}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = "thumbnailer"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSns"
  action        = "lambda:InvokeFunction"
  function_name = "notifier"
  principal     = "sns.amazonaws.com"
  source_arn    = var.topic_arn
}

resource "aws_lambda_permission" "account" {
  statement_id  = "AllowAccount"
  action        = "lambda:InvokeFunction"
  function_name = "notifier"
  principal     = "111122223333"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  FromSns:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: notifier
      Principal: sns.amazonaws.com #!
`,
      clean: `
Resources:
  FromSns:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: notifier
      Principal: sns.amazonaws.com
      SourceArn: arn:aws:sns:us-east-1:111122223333:alerts
`,
    },
  },
  {
    rule: 'aws/lambda-env-secrets',
    tf: {
      flagged: `
variable "api_token" {
  default = "tok_live_8f2b1c9d7e"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  environment {
    variables = {
      DB_PASSWORD     = "hunter2-prod" #!
      STRIPE_TOKEN    = var.api_token #!
      LOG_LEVEL       = "info"
      DB_SECRET_ARN   = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"
      ALERTS_WEBHOOK  = "https://hooks.slack.com/services/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" #!
    }
  }
}
`,
      clean: `
variable "db_password" {}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  environment {
    variables = {
      DB_PASSWORD          = var.db_password
      DB_PASSWORD_SSM_NAME = "/prod/db/password"
      TOKEN_TTL            = "3600"
      SECRET_NAME          = "prod/api"
    }
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: arn:aws:iam::111122223333:role/api
      Code:
        S3Bucket: artifacts
        S3Key: api.zip
      Environment:
        Variables:
          ADMIN_PASSWORD: Adm1n-Passw0rd #!
`,
      clean: `
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: arn:aws:iam::111122223333:role/api
      Code:
        S3Bucket: artifacts
        S3Key: api.zip
      Environment:
        Variables:
          ADMIN_PASSWORD: "{{resolve:secretsmanager:prod/admin:SecretString:password}}"
`,
    },
  },
  {
    rule: 'aws/lambda-deprecated-runtime',
    tf: {
      flagged: `
locals {
  runtime = "python3.7"
}

resource "aws_lambda_function" "old" {
  function_name = "old"
  role          = "arn:aws:iam::111122223333:role/old"
  handler       = "main.handler"
  runtime       = local.runtime #!
  filename      = "old.zip"
}

resource "aws_lambda_function" "node" {
  function_name = "node"
  role          = "arn:aws:iam::111122223333:role/node"
  handler       = "index.handler"
  runtime       = "nodejs14.x" #!
  filename      = "node.zip"
}
`,
      clean: `
variable "runtime" {}

resource "aws_lambda_function" "new" {
  function_name = "new"
  role          = "arn:aws:iam::111122223333:role/new"
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "new.zip"
}

resource "aws_lambda_function" "java" {
  function_name = "java"
  role          = "arn:aws:iam::111122223333:role/java"
  handler       = "example.Handler"
  runtime       = "java8.al2"
  filename      = "java.zip"
}

resource "aws_lambda_function" "param" {
  function_name = "param"
  role          = "arn:aws:iam::111122223333:role/param"
  handler       = "main.handler"
  runtime       = var.runtime
  filename      = "param.zip"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Old:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs12.x #!
      Role: arn:aws:iam::111122223333:role/old
      Code:
        ZipFile: exports.handler = async () => 1;
`,
      clean: `
Resources:
  New:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::111122223333:role/new
      Code:
        ZipFile: exports.handler = async () => 1;
`,
    },
  },
  {
    rule: 'aws/lambda-layer-public',
    tf: {
      flagged: `
resource "aws_lambda_layer_version_permission" "public" {
  layer_name     = "shared-utils"
  version_number = 3
  statement_id   = "public"
  action         = "lambda:GetLayerVersion"
  principal      = "*" #!
}
`,
      clean: `
resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = "shared-utils"
  version_number  = 3
  statement_id    = "org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-abc123def4"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Public:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:utils:3
      Principal: "*" #!
`,
      clean: `
Resources:
  Org:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:us-east-1:111122223333:layer:utils:3
      Principal: "*"
      OrganizationId: o-abc123def4
`,
    },
  },
  {
    rule: 'aws/lambda-tracing-passthrough',
    tf: {
      flagged: `
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  tracing_config {
    mode = "PassThrough" #!
  }
}
`,
      clean: `
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"

  tracing_config {
    mode = "Active"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::111122223333:role/api
      Code:
        ZipFile: exports.handler = async () => 1;
      TracingConfig:
        Mode: PassThrough #!
`,
      clean: `
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::111122223333:role/api
      Code:
        ZipFile: exports.handler = async () => 1;
      TracingConfig:
        Mode: Active
`,
    },
  },
  {
    rule: 'aws/autoscaling-launch-configuration',
    tf: {
      flagged: `
resource "aws_launch_configuration" "web" {
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "web" {
  min_size             = 1
  max_size             = 3
  vpc_zone_identifier  = ["subnet-a"]
  launch_configuration = aws_launch_configuration.web.name #!
}
`,
      clean: `
variable "lc_name" {}

resource "aws_launch_template" "web" {
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "web" {
  min_size            = 1
  max_size            = 3
  vpc_zone_identifier = ["subnet-a"]

  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "unknown" {
  min_size             = 1
  max_size             = 3
  vpc_zone_identifier  = ["subnet-a"]
  launch_configuration = var.lc_name
}
`,
    },
  },
];
