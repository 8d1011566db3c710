import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('databases', () => {
  test('AWS::RDS::DBInstance → aws_db_instance', () => {
    const t = template('AWS::RDS::DBInstance', `
      DBInstanceIdentifier: db1
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      PubliclyAccessible: true            # @public
      StorageEncrypted: "false"           # @enc
      KmsKeyId: !Ref Key
      BackupRetentionPeriod: 0
      DeletionProtection: false
      EnableIAMDatabaseAuthentication: false
      MultiAZ: false
      AutoMinorVersionUpgrade: false
      MonitoringInterval: 0
      EnableCloudwatchLogsExports: [error, general]   # @logs
      EnablePerformanceInsights: true
      PerformanceInsightsKMSKeyId: alias/pi
      CopyTagsToSnapshot: true
      VPCSecurityGroups: [!Ref Sg]
      MasterUsername: admin
      MasterUserPassword: hunter2`) + '  Key:\n    Type: AWS::KMS::Key\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_db_instance');
    expect(r.attrs).toMatchObject({
      identifier: 'db1',
      engine: 'mysql',
      instance_class: 'db.t3.micro',
      allocated_storage: 20,
      publicly_accessible: true,
      storage_encrypted: false,
      backup_retention_period: 0,
      deletion_protection: false,
      iam_database_authentication_enabled: false,
      multi_az: false,
      auto_minor_version_upgrade: false,
      monitoring_interval: 0,
      enabled_cloudwatch_logs_exports: ['error', 'general'],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: 'alias/pi',
      copy_tags_to_snapshot: true,
      username: 'admin',
      password: 'hunter2',
    });
    expectUnknown(r.attrs['kms_key_id'], ['Key']);
    expect(r.refs.get('vpc_security_group_ids')).toEqual(['Sg']);
    expect(r.lines.get('publicly_accessible')).toBe(lineWith(t, '@public'));
    expect(r.lines.get('storage_encrypted')).toBe(lineWith(t, '@enc'));
    expect(r.lines.get('enabled_cloudwatch_logs_exports')).toBe(lineWith(t, '@logs'));
  });

  test('AWS::RDS::DBCluster → aws_rds_cluster', () => {
    const t = template('AWS::RDS::DBCluster', `
      Engine: aurora-postgresql
      DBClusterIdentifier: c1
      StorageEncrypted: false        # @enc
      BackupRetentionPeriod: 1
      DeletionProtection: true
      EnableIAMDatabaseAuthentication: true
      EnableCloudwatchLogsExports: [postgresql]
      VpcSecurityGroupIds: [sg-1]
      MasterUsername: admin
      PerformanceInsightsEnabled: true
      CopyTagsToSnapshot: false`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_rds_cluster');
    expect(r.attrs).toEqual({
      engine: 'aurora-postgresql',
      cluster_identifier: 'c1',
      storage_encrypted: false,
      backup_retention_period: 1,
      deletion_protection: true,
      iam_database_authentication_enabled: true,
      enabled_cloudwatch_logs_exports: ['postgresql'],
      vpc_security_group_ids: ['sg-1'],
      master_username: 'admin',
      performance_insights_enabled: true,
      copy_tags_to_snapshot: false,
    });
    expect(r.lines.get('storage_encrypted')).toBe(lineWith(t, '@enc'));
  });

  test('AWS::DynamoDB::Table → aws_dynamodb_table', () => {
    const t = template('AWS::DynamoDB::Table', `
      TableName: t
      BillingMode: PAY_PER_REQUEST
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: false   # @pitr
      SSESpecification:
        SSEEnabled: true                    # @sse
        KMSMasterKeyId: alias/ddb
      StreamSpecification:
        StreamViewType: NEW_IMAGE
      DeletionProtectionEnabled: true`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_dynamodb_table');
    expect(r.attrs).toEqual({
      name: 't',
      billing_mode: 'PAY_PER_REQUEST',
      deletion_protection_enabled: true,
      point_in_time_recovery: [{ enabled: false }],
      server_side_encryption: [{ enabled: true, kms_key_arn: 'alias/ddb' }],
      stream_enabled: true,
      stream_view_type: 'NEW_IMAGE',
    });
    expect(r.lines.get('point_in_time_recovery.0.enabled')).toBe(lineWith(t, '@pitr'));
    expect(r.lines.get('server_side_encryption.0.enabled')).toBe(lineWith(t, '@sse'));
  });

  test('AWS::ElastiCache::ReplicationGroup → aws_elasticache_replication_group', () => {
    const t = template('AWS::ElastiCache::ReplicationGroup', `
      ReplicationGroupDescription: cache
      Engine: redis
      CacheNodeType: cache.t3.micro
      NumCacheClusters: 2
      AtRestEncryptionEnabled: false        # @rest
      TransitEncryptionEnabled: "true"
      AuthToken: !Ref Token
      AutomaticFailoverEnabled: true
      SnapshotRetentionLimit: 0`, 'Parameters:\n  Token:\n    Type: String\n    NoEcho: true\n');
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_elasticache_replication_group');
    expect(r.attrs).toMatchObject({
      description: 'cache',
      engine: 'redis',
      node_type: 'cache.t3.micro',
      num_cache_clusters: 2,
      at_rest_encryption_enabled: false,
      transit_encryption_enabled: true,
      automatic_failover_enabled: true,
      snapshot_retention_limit: 0,
    });
    expectUnknown(r.attrs['auth_token'], [], 'no default');
    expect(r.lines.get('at_rest_encryption_enabled')).toBe(lineWith(t, '@rest'));
  });

  test('AWS::Redshift::Cluster → aws_redshift_cluster, LoggingProperties → logging with enable', () => {
    const t = template('AWS::Redshift::Cluster', `
      ClusterType: single-node
      NodeType: dc2.large
      DBName: dev
      MasterUsername: admin
      MasterUserPassword: Passw0rd!
      Encrypted: false                 # @enc
      PubliclyAccessible: true
      EnhancedVpcRouting: false
      LoggingProperties:               # @logging
        BucketName: audit
        S3KeyPrefix: rs/`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_redshift_cluster');
    expect(r.attrs).toMatchObject({
      cluster_type: 'single-node',
      node_type: 'dc2.large',
      database_name: 'dev',
      encrypted: false,
      publicly_accessible: true,
      enhanced_vpc_routing: false,
      logging: [{ enable: true, bucket_name: 'audit', s3_key_prefix: 'rs/' }],
    });
    expect(r.lines.get('encrypted')).toBe(lineWith(t, '@enc'));
    expect(r.lines.get('logging.0.enable')).toBe(lineWith(t, '@logging'));
  });

  test('AWS::DocDB::DBCluster → aws_docdb_cluster', () => {
    const t = template('AWS::DocDB::DBCluster', `
      StorageEncrypted: false            # @enc
      KmsKeyId: arn:aws:kms:us-east-1:1:key/x
      EnableCloudwatchLogsExports: [audit]
      BackupRetentionPeriod: 7
      MasterUsername: admin`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_docdb_cluster');
    expect(r.attrs).toEqual({
      storage_encrypted: false,
      kms_key_id: 'arn:aws:kms:us-east-1:1:key/x',
      enabled_cloudwatch_logs_exports: ['audit'],
      backup_retention_period: 7,
      master_username: 'admin',
    });
    expect(r.lines.get('storage_encrypted')).toBe(lineWith(t, '@enc'));
  });

  test('AWS::Neptune::DBCluster → aws_neptune_cluster', () => {
    const t = template('AWS::Neptune::DBCluster', `
      StorageEncrypted: true
      KmsKeyId: key-arn
      IamAuthEnabled: false              # @iam
      EnableCloudwatchLogsExports: [audit]
      BackupRetentionPeriod: 1`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_neptune_cluster');
    expect(r.attrs).toEqual({
      storage_encrypted: true,
      kms_key_arn: 'key-arn',
      iam_database_authentication_enabled: false,
      enable_cloudwatch_logs_exports: ['audit'],
      backup_retention_period: 1,
    });
    expect(r.lines.get('iam_database_authentication_enabled')).toBe(lineWith(t, '@iam'));
  });
});
