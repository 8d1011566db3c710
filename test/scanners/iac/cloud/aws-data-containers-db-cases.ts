/**
 * Database rules (RDS, Aurora, DynamoDB, ElastiCache, Redshift, OpenSearch, DocumentDB,
 * Neptune, MemoryDB, QLDB): one flagged and one clean configuration each. Lines ending in `#!`
 * are where the rule must report, exactly once each. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

/** An aws_db_instance "main" with the given extra lines (already indented). */
const dbInstance = (extra: string, head = ''): string => `resource "aws_db_instance" "main" {${head}
  identifier          = "orders-db"
  engine              = "postgres"
  engine_version      = "15.4"
  instance_class      = "db.t3.medium"
  allocated_storage   = 50
  username            = "app"
  manage_master_user_password = true
${extra}}
`;

const auroraCluster = (extra: string, head = ''): string => `resource "aws_rds_cluster" "aurora" {${head}
  cluster_identifier          = "reporting"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.05.2"
  master_username             = "admin"
  manage_master_user_password = true
${extra}}
`;

/** A security group "db" whose only ingress comes from `cidr`, and a Postgres instance behind it. */
const exposedDb = (cidr: string, publicLine: string, ruleStyle: 'inline' | 'rule' | 'vpc-rule'): string => {
  const group =
    ruleStyle === 'inline'
      ? `resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["${cidr}"]
  }
}
`
      : ruleStyle === 'rule'
        ? `resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_security_group_rule" "db_in" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["${cidr}"]
}
`
        : `resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_vpc_security_group_ingress_rule" "db_in" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "${cidr}"
  from_port         = 5432
  to_port           = 5432
  ip_protocol       = "tcp"
}
`;
  return `${group}
resource "aws_db_instance" "main" {
  identifier             = "orders-db"
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  allocated_storage      = 50
  storage_encrypted      = true
  vpc_security_group_ids = [aws_security_group.db.id]
${publicLine}
}
`;
};

export const dbCases: CloudCase[] = [
  {
    rule: 'aws/rds-publicly-accessible',
    tf: {
      flagged: dbInstance('  publicly_accessible = true #!\n'),
      clean: `variable "public" {
  type = bool
}
${dbInstance('  publicly_accessible = var.public\n')}
resource "aws_db_instance" "replica" {
  identifier          = "orders-db-replica"
  replicate_source_db = aws_db_instance.main.identifier
  instance_class      = "db.t3.medium"
  publicly_accessible = false
}
`,
    },
    cfn: {
      flagged: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.medium
      AllocatedStorage: "50"
      PubliclyAccessible: true #!
`,
      clean: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.medium
      AllocatedStorage: "50"
      PubliclyAccessible: false
`,
    },
  },
  {
    // CloudFormation: no DB subnet group and no PubliclyAccessible puts a public instance in the default VPC.
    rule: 'aws/rds-publicly-accessible',
    cfn: {
      flagged: `Resources:
  Reports: #!
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mariadb
      DBInstanceClass: db.t4g.small
      AllocatedStorage: "20"
      StorageEncrypted: true
`,
      clean: `Parameters:
  Subnets:
    Type: String
Resources:
  Reports:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mariadb
      DBInstanceClass: db.t4g.small
      AllocatedStorage: "20"
      DBSubnetGroupName: !Ref Subnets
  ReportsReplica:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref Reports
      DBInstanceClass: db.t4g.small
`,
    },
  },
  {
    rule: 'aws/rds-storage-not-encrypted',
    tf: {
      flagged: `${dbInstance('', ' #!')}
locals {
  encrypt = false
}

${auroraCluster('  storage_encrypted = local.encrypt #!\n')}`,
      clean: `variable "encrypted" {
  type = bool
}

${dbInstance('  storage_encrypted = true\n')}
resource "aws_db_instance" "replica" {
  identifier          = "orders-db-replica"
  replicate_source_db = aws_db_instance.main.identifier
  instance_class      = "db.t3.medium"
}

resource "aws_db_instance" "restored" {
  identifier          = "orders-db-restore"
  snapshot_identifier = "orders-db-2024-06-01"
  instance_class      = "db.t3.medium"
}

${auroraCluster('  storage_encrypted = var.encrypted\n')}
resource "aws_rds_cluster" "serverless" {
  cluster_identifier = "adhoc"
  engine             = "aurora-postgresql"
  engine_mode        = "serverless"
  master_username    = "admin"
  manage_master_user_password = true
}
`,
    },
    cfn: {
      flagged: `Resources:
  Db: #!
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      StorageEncrypted: false #!
`,
      clean: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      StorageEncrypted: true
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      StorageEncrypted: true
      KmsKeyId: alias/rds
`,
    },
  },
  {
    rule: 'aws/rds-backups-disabled',
    tf: {
      flagged: `variable "retention_days" {
  type    = number
  default = 0
}

${dbInstance('  storage_encrypted       = true\n  backup_retention_period = var.retention_days #!\n')}`,
      clean: `variable "retention_days" {
  type = number
}

${dbInstance('  storage_encrypted       = true\n  backup_retention_period = 14\n')}
resource "aws_db_instance" "unknown" {
  identifier              = "misc"
  engine                  = "mysql"
  instance_class          = "db.t3.micro"
  storage_encrypted       = true
  backup_retention_period = var.retention_days
}

resource "aws_db_instance" "replica" {
  identifier              = "orders-db-replica"
  replicate_source_db     = aws_db_instance.main.identifier
  instance_class          = "db.t3.medium"
  backup_retention_period = 0
}
`,
    },
    cfn: {
      flagged: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.medium
      AllocatedStorage: "50"
      StorageEncrypted: true
      BackupRetentionPeriod: 0 #!
`,
      clean: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.medium
      AllocatedStorage: "50"
      StorageEncrypted: true
      BackupRetentionPeriod: 7
`,
    },
  },
  {
    rule: 'aws/rds-deletion-protection-disabled',
    tf: {
      flagged: `${dbInstance('  deletion_protection = false #!\n')}
${auroraCluster('  deletion_protection = false #!\n')}`,
      clean: `variable "protect" {
  type = bool
}

${dbInstance('  deletion_protection = true\n')}
${auroraCluster('  deletion_protection = var.protect\n')}`,
    },
    cfn: {
      flagged: `Resources:
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      StorageEncrypted: true
      DeletionProtection: false #!
`,
      clean: `Resources:
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      StorageEncrypted: true
      DeletionProtection: true
`,
    },
  },
  {
    rule: 'aws/rds-iam-auth-disabled',
    tf: {
      flagged: auroraCluster('  iam_database_authentication_enabled = false #!\n'),
      clean: `${auroraCluster('  iam_database_authentication_enabled = true\n')}
resource "aws_db_instance" "legacy" {
  identifier        = "erp"
  engine            = "oracle-ee"
  instance_class    = "db.m5.large"
  allocated_storage = 100
  iam_database_authentication_enabled = false
}
`,
    },
  },
  {
    rule: 'aws/rds-auto-minor-upgrade-disabled',
    tf: {
      flagged: `${auroraCluster('')}
resource "aws_rds_cluster_instance" "writer" {
  identifier                 = "reporting-1"
  cluster_identifier         = aws_rds_cluster.aurora.id
  instance_class             = "db.r6g.large"
  engine                     = aws_rds_cluster.aurora.engine
  auto_minor_version_upgrade = false #!
}
`,
      clean: `${auroraCluster('')}
resource "aws_rds_cluster_instance" "writer" {
  identifier         = "reporting-1"
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.aurora.engine
}
`,
    },
  },
  {
    rule: 'aws/rds-performance-insights-no-cmk',
    tf: {
      flagged: dbInstance('  performance_insights_enabled = true\n', ' #!'),
      clean: `resource "aws_kms_key" "pi" {
  description = "Performance Insights"
}

${dbInstance('  performance_insights_enabled    = true\n  performance_insights_kms_key_id = aws_kms_key.pi.arn\n')}`,
    },
  },
  {
    rule: 'aws/rds-snapshot-public',
    tf: {
      flagged: `${dbInstance('  storage_encrypted = true\n')}
resource "aws_db_snapshot" "release" {
  db_instance_identifier = aws_db_instance.main.identifier
  db_snapshot_identifier = "orders-release"
  shared_accounts        = ["all"] #!
}
`,
      clean: `${dbInstance('  storage_encrypted = true\n')}
resource "aws_db_snapshot" "release" {
  db_instance_identifier = aws_db_instance.main.identifier
  db_snapshot_identifier = "orders-release"
  shared_accounts        = ["123456789012"]
}
`,
    },
  },
  {
    rule: 'aws/rds-parameter-group-tls-not-required',
    tf: {
      flagged: `resource "aws_db_parameter_group" "pg" {
  name   = "orders-pg"
  family = "postgres15"

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "0" #!
  }
}

resource "aws_rds_cluster_parameter_group" "mysql" {
  name   = "reporting"
  family = "aurora-mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "OFF" #!
  }
}
`,
      clean: `resource "aws_db_parameter_group" "pg" {
  name   = "orders-pg"
  family = "postgres15"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_rds_cluster_parameter_group" "mysql" {
  name   = "reporting"
  family = "aurora-mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "ON"
  }
}

resource "aws_db_parameter_group" "oracle" {
  name   = "erp"
  family = "oracle-ee-19"

  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }
}
`,
    },
  },
  {
    rule: 'aws/db-reachable-from-internet',
    tf: {
      flagged: {
        'main.tf': exposedDb('0.0.0.0/0', '  publicly_accessible    = true #!', 'inline'),
        'rule/main.tf': exposedDb('0.0.0.0/0', '  publicly_accessible    = true #!', 'rule'),
        'vpc/main.tf': exposedDb('0.0.0.0/0', '  publicly_accessible    = true #!', 'vpc-rule'),
        'aurora/main.tf': `resource "aws_security_group" "db" {
  name   = "aurora"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier          = "reporting"
  engine                      = "aurora-mysql"
  master_username             = "admin"
  manage_master_user_password = true
  storage_encrypted           = true
  vpc_security_group_ids      = [aws_security_group.db.id]
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "reporting-1"
  cluster_identifier  = aws_rds_cluster.aurora.id
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = true #!
}
`,
        'serverless/main.tf': `resource "aws_security_group" "wg" {
  name   = "workgroup"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 5439
    to_port     = 5439
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_redshiftserverless_workgroup" "adhoc" {
  namespace_name      = "analytics"
  workgroup_name      = "adhoc"
  security_group_ids  = [aws_security_group.wg.id]
  publicly_accessible = true #!
}
`,
        'redshift/main.tf': `resource "aws_security_group" "dw" {
  name   = "dw"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_security_group_rule" "dw_in" {
  type              = "ingress"
  security_group_id = aws_security_group.dw.id
  from_port         = 5439
  to_port           = 5439
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"]
}

resource "aws_redshift_cluster" "dw" {
  cluster_identifier     = "analytics"
  master_username        = "admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  encrypted              = true
  vpc_security_group_ids = [aws_security_group.dw.id]
  publicly_accessible    = true #!
}
`,
      },
      clean: {
        'main.tf': exposedDb('10.20.0.0/16', '  publicly_accessible    = true', 'inline'),
        'private/main.tf': exposedDb('0.0.0.0/0', '  publicly_accessible    = false', 'rule'),
        'vpc/main.tf': exposedDb('10.20.0.0/16', '  publicly_accessible    = true', 'vpc-rule'),
        'other-port/main.tf': `resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "main" {
  identifier             = "orders-db"
  engine                 = "mysql"
  instance_class         = "db.t3.micro"
  allocated_storage      = 20
  storage_encrypted      = true
  vpc_security_group_ids = [aws_security_group.web.id]
  publicly_accessible    = true
}
`,
        'unknown-port/main.tf': `variable "db_port" {
  type = number
}

resource "aws_security_group" "db" {
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
  port                   = var.db_port
  instance_class         = "db.t3.micro"
  allocated_storage      = 20
  storage_encrypted      = true
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = true
}
`,
      },
    },
  },
  {
    rule: 'aws/dynamodb-pitr-disabled',
    tf: {
      flagged: {
        'for-each/main.tf': `locals {
  tables = {
    orders = true
    carts  = false
  }
}

resource "aws_dynamodb_table" "t" {
  for_each     = local.tables
  name         = each.key
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = each.value #!
  }
}
`,
        'main.tf': `resource "aws_dynamodb_table" "sessions" { #!
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false #!
  }
}
`,
      },
      clean: `variable "pitr" {
  type = bool
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "cache" {
  name         = "cache"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Orders: #!
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
`,
      clean: `Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
`,
    },
  },
  {
    rule: 'aws/dynamodb-table-no-cmk',
    tf: {
      flagged: `resource "aws_dynamodb_table" "orders" { #!
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "audit" {
  name         = "audit"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = true #!
  }
}
`,
      clean: `resource "aws_kms_key" "ddb" {
  description = "DynamoDB"
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.ddb.arn
  }
}
`,
    },
  },
  {
    rule: 'aws/dax-cluster-not-encrypted',
    tf: {
      flagged: `resource "aws_dax_cluster" "cache" { #!
  cluster_name       = "orders-cache"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 3
}
`,
      clean: `variable "sse" {
  type = bool
}

resource "aws_dax_cluster" "cache" {
  cluster_name       = "orders-cache"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 3

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dax_cluster" "other" {
  cluster_name       = "other-cache"
  iam_role_arn       = "arn:aws:iam::123456789012:role/dax"
  node_type          = "dax.r5.large"
  replication_factor = 1

  server_side_encryption {
    enabled = var.sse
  }
}
`,
    },
  },
  {
    rule: 'aws/elasticache-at-rest-encryption-disabled',
    tf: {
      flagged: `resource "aws_elasticache_replication_group" "sessions" { #!
  replication_group_id       = "sessions"
  description                = "session store"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "job queue"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = false #!
}
`,
      clean: `variable "encrypt" {
  type = bool
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "queue" {
  replication_group_id       = "queue"
  description                = "job queue"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = var.encrypt
}
`,
    },
    cfn: {
      flagged: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      Engine: redis
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: false #!
`,
      clean: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      Engine: redis
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: true
`,
    },
  },
  {
    rule: 'aws/elasticache-transit-encryption-disabled',
    tf: {
      flagged: `resource "aws_elasticache_replication_group" "sessions" { #!
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
}

resource "aws_elasticache_cluster" "memcached" {
  cluster_id                 = "fragments"
  engine                     = "memcached"
  node_type                  = "cache.t4g.small"
  num_cache_nodes            = 2
  transit_encryption_enabled = false #!
}
`,
      clean: `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_token
}

variable "redis_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_cluster" "memcached" {
  cluster_id      = "fragments"
  engine          = "memcached"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 2
}
`,
    },
    cfn: {
      flagged: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: false #!
`,
      clean: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: true
`,
    },
  },
  {
    rule: 'aws/elasticache-redis-no-auth',
    tf: {
      flagged: `resource "aws_elasticache_replication_group" "sessions" { #!
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
`,
      clean: `variable "redis_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_token
}

resource "aws_elasticache_user_group" "app" {
  engine        = "REDIS"
  user_group_id = "app"
  user_ids      = ["default"]
}

resource "aws_elasticache_replication_group" "rbac" {
  replication_group_id       = "rbac"
  description                = "rbac store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  user_group_ids             = [aws_elasticache_user_group.app.id]
}
`,
    },
  },
  {
    rule: 'aws/elasticache-redis-snapshots-disabled',
    tf: {
      flagged: `resource "aws_elasticache_cluster" "cache" { #!
  cluster_id      = "page-cache"
  engine          = "redis"
  node_type       = "cache.t4g.micro"
  num_cache_nodes = 1
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "session store"
  node_type                = "cache.t4g.small"
  num_cache_clusters       = 2
  snapshot_retention_limit = 0 #!
}
`,
      clean: `resource "aws_elasticache_cluster" "cache" {
  cluster_id               = "page-cache"
  engine                   = "redis"
  node_type                = "cache.t4g.micro"
  num_cache_nodes          = 1
  snapshot_retention_limit = 5
}

resource "aws_elasticache_cluster" "memcached" {
  cluster_id      = "fragments"
  engine          = "memcached"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 2
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id     = "sessions"
  description              = "session store"
  node_type                = "cache.t4g.small"
  num_cache_clusters       = 2
  snapshot_retention_limit = 7
}

resource "aws_elasticache_cluster" "member" {
  cluster_id           = "sessions-003"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
`,
    },
  },
  {
    rule: 'aws/redshift-not-encrypted',
    tf: {
      flagged: `resource "aws_redshift_cluster" "dw" { #!
  cluster_identifier  = "analytics"
  database_name       = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  cluster_type        = "single-node"
}

resource "aws_redshift_cluster" "adhoc" {
  cluster_identifier  = "adhoc"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = false #!
}
`,
      clean: `variable "encrypted" {
  type = bool
}

resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "analytics"
  database_name       = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  cluster_type        = "single-node"
  encrypted           = true
}

resource "aws_redshift_cluster" "adhoc" {
  cluster_identifier  = "adhoc"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = var.encrypted
}
`,
    },
    cfn: {
      flagged: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: false #!
`,
      clean: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: true
`,
    },
  },
  {
    rule: 'aws/redshift-publicly-accessible',
    tf: {
      flagged: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true
  publicly_accessible = true #!
}
`,
      clean: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true
  publicly_accessible = false
}
`,
    },
    cfn: {
      flagged: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: true
      PubliclyAccessible: true #!
`,
      clean: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: true
      PubliclyAccessible: false
`,
    },
  },
  {
    rule: 'aws/redshift-audit-logging-disabled',
    tf: {
      flagged: `resource "aws_redshift_cluster" "dw" { #!
  cluster_identifier  = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true
}

resource "aws_redshift_cluster" "legacy" {
  cluster_identifier  = "legacy"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true

  logging {
    enable = false #!
  }
}
`,
      clean: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier  = "analytics"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true
}

resource "aws_redshift_logging" "dw" {
  cluster_identifier   = aws_redshift_cluster.dw.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_redshift_cluster" "legacy" {
  cluster_identifier  = "legacy"
  master_username     = "admin"
  manage_master_password = true
  node_type           = "ra3.xlplus"
  encrypted           = true

  logging {
    enable        = true
    bucket_name   = "audit-logs-123456789012"
  }
}
`,
    },
  },
  {
    rule: 'aws/redshift-enhanced-vpc-routing-disabled',
    tf: {
      flagged: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier   = "analytics"
  master_username      = "admin"
  manage_master_password = true
  node_type            = "ra3.xlplus"
  encrypted            = true
  enhanced_vpc_routing = false #!
}
`,
      clean: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier   = "analytics"
  master_username      = "admin"
  manage_master_password = true
  node_type            = "ra3.xlplus"
  encrypted            = true
  enhanced_vpc_routing = true
}
`,
    },
  },
  {
    rule: 'aws/redshift-ssl-not-required',
    tf: {
      flagged: `resource "aws_redshift_parameter_group" "dw" {
  name   = "analytics"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "false" #!
  }

  parameter {
    name  = "enable_user_activity_logging"
    value = "true"
  }
}
`,
      clean: `resource "aws_redshift_parameter_group" "dw" {
  name   = "analytics"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }
}
`,
    },
  },
  {
    rule: 'aws/opensearch-encryption-at-rest-disabled',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" { #!
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = false #!
  }
}
`,
      clean: `variable "encrypt" {
  type = bool
}

resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = var.encrypt
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      EncryptionAtRestOptions:
        Enabled: false #!
`,
      clean: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      EncryptionAtRestOptions:
        Enabled: true
`,
    },
  },
  {
    rule: 'aws/opensearch-node-to-node-encryption-disabled',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" { #!
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"

  node_to_node_encryption {
    enabled = false #!
  }
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  node_to_node_encryption {
    enabled = true
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      NodeToNodeEncryptionOptions:
        Enabled: false #!
`,
      clean: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      NodeToNodeEncryptionOptions:
        Enabled: true
`,
    },
  },
  {
    rule: 'aws/opensearch-https-not-enforced',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  domain_endpoint_options {
    enforce_https = false #!
  }
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_opensearch_domain" "defaults" {
  domain_name    = "defaults"
  engine_version = "OpenSearch_2.11"
}
`,
    },
  },
  {
    rule: 'aws/opensearch-outdated-tls-policy',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07" #!
  }
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
`,
    },
  },
  {
    rule: 'aws/opensearch-public-access-policy',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  access_policies = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/logs/*"
    }]
  })
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy"
  elasticsearch_version = "7.10"

  access_policies = <<-POLICY #!
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": ["*"]},
        "Action": "es:ESHttp*",
        "Resource": "arn:aws:es:eu-west-1:123456789012:domain/legacy/*",
        "Condition": {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}
      }]
    }
  POLICY
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"
}

resource "aws_opensearch_domain_policy" "search" {
  domain_name = aws_opensearch_domain.search.domain_name
  access_policies = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "es:ESHttpGet"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/search/*"
    }]
  })
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/logs/*"
      Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }
    }]
  })
}

resource "aws_opensearch_domain" "vpc" {
  domain_name    = "vpc"
  engine_version = "OpenSearch_2.11"

  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }

  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "es:*"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/vpc/*"
    }]
  })
}

resource "aws_opensearch_domain_policy" "elsewhere" {
  domain_name = "managed-elsewhere"
  access_policies = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "es:ESHttpGet"
      Resource  = "arn:aws:es:eu-west-1:123456789012:domain/managed-elsewhere/*"
    }]
  })
}
`,
    },
  },
  {
    rule: 'aws/opensearch-audit-logs-disabled',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" { #!
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }

  log_publishing_options {
    log_type                 = "INDEX_SLOW_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:os-slow"
  }
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
  }

  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:os-audit"
  }
}

resource "aws_opensearch_domain" "plain" {
  domain_name    = "plain"
  engine_version = "OpenSearch_2.11"
}
`,
    },
  },
  {
    rule: 'aws/opensearch-fine-grained-access-disabled',
    tf: {
      flagged: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled = false #!
  }
}
`,
      clean: `resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = "arn:aws:iam::123456789012:role/search-admin"
    }
  }
}
`,
    },
  },
  {
    rule: 'aws/docdb-storage-not-encrypted',
    tf: {
      flagged: `resource "aws_docdb_cluster" "catalog" { #!
  cluster_identifier          = "catalog"
  engine                      = "docdb"
  master_username             = "catalog"
  manage_master_user_password = true
}
`,
      clean: `variable "encrypted" {
  type = bool
}

resource "aws_docdb_cluster" "catalog" {
  cluster_identifier          = "catalog"
  engine                      = "docdb"
  master_username             = "catalog"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_docdb_cluster" "scratch" {
  cluster_identifier          = "scratch"
  master_username             = "scratch"
  manage_master_user_password = true
  storage_encrypted           = var.encrypted
}
`,
    },
    cfn: {
      flagged: `Resources:
  Catalog:
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUsername: catalog
      StorageEncrypted: false #!
`,
      clean: `Resources:
  Catalog:
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUsername: catalog
      StorageEncrypted: true
`,
    },
  },
  {
    rule: 'aws/docdb-logs-not-exported',
    tf: {
      flagged: `resource "aws_docdb_cluster" "catalog" { #!
  cluster_identifier          = "catalog"
  master_username             = "catalog"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_docdb_cluster" "orders" {
  cluster_identifier              = "orders"
  master_username                 = "orders"
  manage_master_user_password     = true
  storage_encrypted               = true
  enabled_cloudwatch_logs_exports = [] #!
}
`,
      clean: `resource "aws_docdb_cluster" "catalog" {
  cluster_identifier              = "catalog"
  master_username                 = "catalog"
  manage_master_user_password     = true
  storage_encrypted               = true
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}
`,
    },
  },
  {
    rule: 'aws/docdb-tls-disabled',
    tf: {
      flagged: `resource "aws_docdb_cluster_parameter_group" "catalog" {
  family = "docdb5.0"
  name   = "catalog"

  parameter {
    name  = "tls"
    value = "disabled" #!
  }
}
`,
      clean: `resource "aws_docdb_cluster_parameter_group" "catalog" {
  family = "docdb5.0"
  name   = "catalog"

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}
`,
    },
  },
  {
    rule: 'aws/neptune-storage-not-encrypted',
    tf: {
      flagged: `resource "aws_neptune_cluster" "graph" { #!
  cluster_identifier                  = "graph"
  engine                              = "neptune"
  iam_database_authentication_enabled = true
}

resource "aws_neptune_cluster" "other" {
  cluster_identifier = "other"
  storage_encrypted  = false #!
}
`,
      clean: `variable "encrypted" {
  type = bool
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  engine                              = "neptune"
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
}

resource "aws_neptune_cluster" "other" {
  cluster_identifier = "other"
  storage_encrypted  = var.encrypted
}
`,
    },
    cfn: {
      flagged: `Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      IamAuthEnabled: true
      StorageEncrypted: false #!
`,
      clean: `Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      IamAuthEnabled: true
      StorageEncrypted: true
`,
    },
  },
  {
    rule: 'aws/neptune-instance-publicly-accessible',
    tf: {
      flagged: `resource "aws_neptune_cluster_instance" "reader" {
  cluster_identifier  = "graph"
  instance_class      = "db.r6g.large"
  publicly_accessible = "true" #!
}
`,
      clean: `variable "expose" {
  type = bool
}

resource "aws_neptune_cluster_instance" "reader" {
  cluster_identifier = "graph"
  instance_class     = "db.r6g.large"
}

resource "aws_neptune_cluster_instance" "writer" {
  cluster_identifier  = "graph"
  instance_class      = "db.r6g.large"
  publicly_accessible = var.expose
}
`,
    },
  },
  {
    rule: 'aws/neptune-iam-auth-disabled',
    tf: {
      flagged: `resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  storage_encrypted                   = true
  iam_database_authentication_enabled = false #!
}
`,
      clean: `resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  storage_encrypted                   = true
  iam_database_authentication_enabled = true
}
`,
    },
  },
  {
    rule: 'aws/memorydb-tls-disabled',
    tf: {
      flagged: `resource "aws_memorydb_cluster" "cache" {
  name        = "cache"
  acl_name    = "app-acl"
  node_type   = "db.t4g.small"
  tls_enabled = false #!
}
`,
      clean: {
        'main.tf': `resource "aws_memorydb_cluster" "cache" {
  name      = "cache"
  acl_name  = "app-acl"
  node_type = "db.t4g.small"
}
`,
        'unknown/main.tf': `variable "tls" {
  type = bool
}

resource "aws_memorydb_cluster" "cache" {
  name        = "cache"
  acl_name    = "app-acl"
  node_type   = "db.t4g.small"
  tls_enabled = var.tls
}
`,
      },
    },
  },
  {
    rule: 'aws/memorydb-open-access-acl',
    tf: {
      flagged: `resource "aws_memorydb_cluster" "cache" {
  name      = "cache"
  acl_name  = "open-access" #!
  node_type = "db.t4g.small"
}
`,
      clean: `resource "aws_memorydb_acl" "app" {
  name       = "app-acl"
  user_names = ["app-user"]
}

resource "aws_memorydb_cluster" "cache" {
  name      = "cache"
  acl_name  = aws_memorydb_acl.app.name
  node_type = "db.t4g.small"
}
`,
    },
  },
  {
    rule: 'aws/qldb-permissions-allow-all',
    tf: {
      flagged: `resource "aws_qldb_ledger" "ledger" {
  name             = "payments"
  permissions_mode = "ALLOW_ALL" #!
}
`,
      clean: {
        'main.tf': `resource "aws_qldb_ledger" "ledger" {
  name             = "payments"
  permissions_mode = "STANDARD"
}
`,
        'unknown/main.tf': `variable "mode" {
  type = string
}

resource "aws_qldb_ledger" "ledger" {
  name             = "payments"
  permissions_mode = var.mode
}
`,
      },
    },
  },
];
