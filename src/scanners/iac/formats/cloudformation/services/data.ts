import { isUnknown } from '../../../model/value.js';
import { field, toBool, toList, toNum, toStr, type Block, type PV } from '../pv.js';
import { tags, type Translator } from '../translation.js';

/** Settings AWS::RDS::DBInstance and AWS::RDS::DBCluster name alike (Terraform names them alike too). */
function rdsCommon(b: Block, p: PV): void {
  b.set('engine', field(p, 'Engine'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('storage_encrypted', field(p, 'StorageEncrypted'), toBool);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('backup_retention_period', field(p, 'BackupRetentionPeriod'), toNum);
  b.set('deletion_protection', field(p, 'DeletionProtection'), toBool);
  b.set('iam_database_authentication_enabled', field(p, 'EnableIAMDatabaseAuthentication'), toBool);
  b.set('enabled_cloudwatch_logs_exports', field(p, 'EnableCloudwatchLogsExports'), toList);
  b.set('copy_tags_to_snapshot', field(p, 'CopyTagsToSnapshot'), toBool);
  b.set('db_subnet_group_name', field(p, 'DBSubnetGroupName'));
  b.set('port', field(p, 'Port'), toNum);
  b.set('manage_master_user_password', field(p, 'ManageMasterUserPassword'), toBool);
  b.set('performance_insights_enabled', field(p, 'EnablePerformanceInsights') ?? field(p, 'PerformanceInsightsEnabled'), toBool);
  b.set('performance_insights_kms_key_id', field(p, 'PerformanceInsightsKMSKeyId') ?? field(p, 'PerformanceInsightsKmsKeyId'));
  b.set('performance_insights_retention_period', field(p, 'PerformanceInsightsRetentionPeriod'), toNum);
  b.set('monitoring_interval', field(p, 'MonitoringInterval'), toNum);
  b.set('monitoring_role_arn', field(p, 'MonitoringRoleArn'));
  tags(b, p);
}

const dbInstance: Translator = (t) => {
  const p = t.props;
  // An instance inside an Aurora cluster is aws_rds_cluster_instance in Terraform: storage,
  // encryption and backups are the cluster's, not the instance's.
  if (field(p, 'DBClusterIdentifier')) return clusterInstance(t);
  const b = t.main('aws_db_instance');
  b.set('identifier', field(p, 'DBInstanceIdentifier'));
  b.set('instance_class', field(p, 'DBInstanceClass'));
  b.set('allocated_storage', field(p, 'AllocatedStorage'), toNum);
  b.set('storage_type', field(p, 'StorageType'));
  b.set('db_name', field(p, 'DBName'));
  b.set('username', field(p, 'MasterUsername'));
  b.set('password', field(p, 'MasterUserPassword'));
  b.set('multi_az', field(p, 'MultiAZ'), toBool);
  b.set('vpc_security_group_ids', field(p, 'VPCSecurityGroups'), toList);
  b.set('parameter_group_name', field(p, 'DBParameterGroupName'));
  b.set('ca_cert_identifier', field(p, 'CACertificateIdentifier'));
  b.set('snapshot_identifier', field(p, 'DBSnapshotIdentifier'));
  b.set('replicate_source_db', field(p, 'SourceDBInstanceIdentifier'));
  b.set('cluster_identifier', field(p, 'DBClusterIdentifier'));
  b.set('iops', field(p, 'Iops'), toNum);
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  rdsCommon(b, p);
};

const dbCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_rds_cluster');
  b.set('cluster_identifier', field(p, 'DBClusterIdentifier'));
  b.set('engine_mode', field(p, 'EngineMode'));
  b.set('database_name', field(p, 'DatabaseName'));
  b.set('master_username', field(p, 'MasterUsername'));
  b.set('master_password', field(p, 'MasterUserPassword'));
  b.set('vpc_security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('db_cluster_parameter_group_name', field(p, 'DBClusterParameterGroupName'));
  b.set('enable_http_endpoint', field(p, 'EnableHttpEndpoint'), toBool);
  b.set('snapshot_identifier', field(p, 'SnapshotIdentifier'));
  b.set('db_cluster_instance_class', field(p, 'DBClusterInstanceClass'));
  rdsCommon(b, p);
};

const dynamoTable: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_dynamodb_table');
  b.set('name', field(p, 'TableName'));
  b.set('billing_mode', field(p, 'BillingMode'));
  b.set('deletion_protection_enabled', field(p, 'DeletionProtectionEnabled'), toBool);
  b.set('table_class', field(p, 'TableClass'));
  b.nested('point_in_time_recovery', field(p, 'PointInTimeRecoverySpecification'), (r, rv) => {
    r.set('enabled', field(rv, 'PointInTimeRecoveryEnabled'), toBool);
    r.set('recovery_period_in_days', field(rv, 'RecoveryPeriodInDays'), toNum);
  });
  b.nested('server_side_encryption', field(p, 'SSESpecification'), (s, sv) => {
    s.set('enabled', field(sv, 'SSEEnabled'), toBool);
    s.set('kms_key_arn', field(sv, 'KMSMasterKeyId'));
  });
  const stream = field(p, 'StreamSpecification');
  if (stream) {
    b.value('stream_enabled', isUnknown(stream.value) ? stream.value : true, stream.line);
    b.set('stream_view_type', field(stream, 'StreamViewType'));
  }
  b.nested('ttl', field(p, 'TimeToLiveSpecification'), (x, xv) => {
    x.set('attribute_name', field(xv, 'AttributeName'));
    x.set('enabled', field(xv, 'Enabled'), toBool);
  });
  tags(b, p);
};

const replicationGroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_elasticache_replication_group');
  b.set('replication_group_id', field(p, 'ReplicationGroupId'));
  b.set('description', field(p, 'ReplicationGroupDescription'));
  b.set('engine', field(p, 'Engine'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('node_type', field(p, 'CacheNodeType'));
  b.set('num_cache_clusters', field(p, 'NumCacheClusters'), toNum);
  b.set('port', field(p, 'Port'), toNum);
  b.set('at_rest_encryption_enabled', field(p, 'AtRestEncryptionEnabled'), toBool);
  b.set('transit_encryption_enabled', field(p, 'TransitEncryptionEnabled'), toBool);
  b.set('transit_encryption_mode', field(p, 'TransitEncryptionMode'));
  b.set('auth_token', field(p, 'AuthToken'));
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('automatic_failover_enabled', field(p, 'AutomaticFailoverEnabled'), toBool);
  b.set('multi_az_enabled', field(p, 'MultiAZEnabled'), toBool);
  b.set('snapshot_retention_limit', field(p, 'SnapshotRetentionLimit'), toNum);
  b.set('security_group_ids', field(p, 'SecurityGroupIds'), toList);
  b.set('subnet_group_name', field(p, 'CacheSubnetGroupName'));
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  tags(b, p);
};

const cacheCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_elasticache_cluster');
  b.set('cluster_id', field(p, 'ClusterName'));
  b.set('engine', field(p, 'Engine'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('node_type', field(p, 'CacheNodeType'));
  b.set('num_cache_nodes', field(p, 'NumCacheNodes'), toNum);
  b.set('port', field(p, 'Port'), toNum);
  b.set('snapshot_retention_limit', field(p, 'SnapshotRetentionLimit'), toNum);
  b.set('security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('subnet_group_name', field(p, 'CacheSubnetGroupName'));
  b.set('transit_encryption_enabled', field(p, 'TransitEncryptionEnabled'), toBool);
  b.set('az_mode', field(p, 'AZMode'));
  tags(b, p);
};

const redshiftCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_redshift_cluster');
  b.set('cluster_identifier', field(p, 'ClusterIdentifier'));
  b.set('node_type', field(p, 'NodeType'));
  b.set('cluster_type', field(p, 'ClusterType'));
  b.set('number_of_nodes', field(p, 'NumberOfNodes'), toNum);
  b.set('database_name', field(p, 'DBName'));
  b.set('master_username', field(p, 'MasterUsername'));
  b.set('master_password', field(p, 'MasterUserPassword'));
  b.set('encrypted', field(p, 'Encrypted'), toBool);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('enhanced_vpc_routing', field(p, 'EnhancedVpcRouting'), toBool);
  b.set('automated_snapshot_retention_period', field(p, 'AutomatedSnapshotRetentionPeriod'), toNum);
  b.set('allow_version_upgrade', field(p, 'AllowVersionUpgrade'), toBool);
  b.set('vpc_security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('cluster_subnet_group_name', field(p, 'ClusterSubnetGroupName'));
  b.set('cluster_parameter_group_name', field(p, 'ClusterParameterGroupName'));
  b.set('port', field(p, 'Port'), toNum);
  // LoggingProperties present means audit logging is on.
  b.nested('logging', field(p, 'LoggingProperties'), (l, lv) => {
    l.value('enable', true, lv.line);
    l.set('bucket_name', field(lv, 'BucketName'));
    l.set('s3_key_prefix', field(lv, 'S3KeyPrefix'));
    l.set('log_destination_type', field(lv, 'LogDestinationType'));
    l.set('log_exports', field(lv, 'LogExports'), toList);
  });
  tags(b, p);
};

const docdbCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_docdb_cluster');
  b.set('cluster_identifier', field(p, 'DBClusterIdentifier'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('storage_encrypted', field(p, 'StorageEncrypted'), toBool);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('enabled_cloudwatch_logs_exports', field(p, 'EnableCloudwatchLogsExports'), toList);
  b.set('backup_retention_period', field(p, 'BackupRetentionPeriod'), toNum);
  b.set('deletion_protection', field(p, 'DeletionProtection'), toBool);
  b.set('master_username', field(p, 'MasterUsername'));
  b.set('master_password', field(p, 'MasterUserPassword'));
  b.set('vpc_security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('db_subnet_group_name', field(p, 'DBSubnetGroupName'));
  b.set('db_cluster_parameter_group_name', field(p, 'DBClusterParameterGroupName'));
  b.set('port', field(p, 'Port'), toNum);
  tags(b, p);
};

const neptuneCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_neptune_cluster');
  b.set('cluster_identifier', field(p, 'DBClusterIdentifier'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('storage_encrypted', field(p, 'StorageEncrypted'), toBool);
  // Terraform's Neptune resource calls the key an ARN.
  b.set('kms_key_arn', field(p, 'KmsKeyId'));
  b.set('iam_database_authentication_enabled', field(p, 'IamAuthEnabled'), toBool);
  b.set('enable_cloudwatch_logs_exports', field(p, 'EnableCloudwatchLogsExports'), toList);
  b.set('backup_retention_period', field(p, 'BackupRetentionPeriod'), toNum);
  b.set('deletion_protection', field(p, 'DeletionProtection'), toBool);
  b.set('copy_tags_to_snapshot', field(p, 'CopyTagsToSnapshot'), toBool);
  b.set('vpc_security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('neptune_subnet_group_name', field(p, 'DBSubnetGroupName'));
  b.set('port', field(p, 'Port'), toNum);
  tags(b, p);
};

const clusterInstance: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_rds_cluster_instance');
  b.set('identifier', field(p, 'DBInstanceIdentifier'));
  b.set('cluster_identifier', field(p, 'DBClusterIdentifier'));
  b.set('instance_class', field(p, 'DBInstanceClass'));
  b.set('engine', field(p, 'Engine'));
  b.set('engine_version', field(p, 'EngineVersion'), toStr);
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  b.set('monitoring_interval', field(p, 'MonitoringInterval'), toNum);
  b.set('monitoring_role_arn', field(p, 'MonitoringRoleArn'));
  b.set('performance_insights_enabled', field(p, 'EnablePerformanceInsights'), toBool);
  b.set('performance_insights_kms_key_id', field(p, 'PerformanceInsightsKMSKeyId'));
  b.set('db_subnet_group_name', field(p, 'DBSubnetGroupName'));
  b.set('db_parameter_group_name', field(p, 'DBParameterGroupName'));
  b.set('ca_cert_identifier', field(p, 'CACertificateIdentifier'));
  b.set('copy_tags_to_snapshot', field(p, 'CopyTagsToSnapshot'), toBool);
  tags(b, p);
};

const dbProxy: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_db_proxy');
  b.set('name', field(p, 'DBProxyName'));
  b.set('engine_family', field(p, 'EngineFamily'));
  b.set('role_arn', field(p, 'RoleArn'));
  b.set('vpc_subnet_ids', field(p, 'VpcSubnetIds'), toList);
  b.set('vpc_security_group_ids', field(p, 'VpcSecurityGroupIds'), toList);
  b.set('require_tls', field(p, 'RequireTLS'), toBool);
  b.set('debug_logging', field(p, 'DebugLogging'), toBool);
  b.each('auth', field(p, 'Auth'), (a, av) => {
    a.set('auth_scheme', field(av, 'AuthScheme'));
    a.set('iam_auth', field(av, 'IAMAuth'));
    a.set('secret_arn', field(av, 'SecretArn'));
  });
  tags(b, p);
};

/** `Parameters: {name: value}` (RDS, DocDB) → `parameter` blocks, each on its key's line. */
const parameterGroup = (type: string, nameProp: string): Translator => (t) => {
  const p = t.props;
  const b = t.main(type);
  b.set('name', field(p, nameProp));
  b.set('family', field(p, 'Family'));
  b.set('description', field(p, 'Description'));
  const params = field(p, 'Parameters');
  if (params && isUnknown(params.value)) b.set('parameter', params);
  for (const [name, v] of params?.fields ?? []) {
    const x = b.block('parameter', v.line);
    x.value('name', name, v.line);
    x.set('value', v, toStr);
  }
  tags(b, p);
};

/** Redshift writes its parameters as a list of {ParameterName, ParameterValue}. */
const redshiftParameterGroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_redshift_parameter_group');
  b.set('name', field(p, 'ParameterGroupName'));
  b.set('family', field(p, 'ParameterGroupFamily'));
  b.each('parameter', field(p, 'Parameters'), (x, xv) => {
    x.set('name', field(xv, 'ParameterName'));
    x.set('value', field(xv, 'ParameterValue'), toStr);
  });
  tags(b, p);
};

const memorydbCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_memorydb_cluster');
  b.set('name', field(p, 'ClusterName'));
  b.set('acl_name', field(p, 'ACLName'));
  b.set('node_type', field(p, 'NodeType'));
  b.set('tls_enabled', field(p, 'TLSEnabled'), toBool);
  b.set('kms_key_arn', field(p, 'KmsKeyId'));
  b.set('snapshot_retention_limit', field(p, 'SnapshotRetentionLimit'), toNum);
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  tags(b, p);
};

const daxCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_dax_cluster');
  b.set('cluster_name', field(p, 'ClusterName'));
  b.set('node_type', field(p, 'NodeType'));
  b.set('replication_factor', field(p, 'ReplicationFactor'), toNum);
  b.set('iam_role_arn', field(p, 'IAMRoleARN'));
  b.set('cluster_endpoint_encryption_type', field(p, 'ClusterEndpointEncryptionType'));
  b.nested('server_side_encryption', field(p, 'SSESpecification'), (s, sv) => s.set('enabled', field(sv, 'SSEEnabled'), toBool));
  tags(b, p);
};

const dmsReplicationInstance: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_dms_replication_instance');
  b.set('replication_instance_id', field(p, 'ReplicationInstanceIdentifier'));
  b.set('replication_instance_class', field(p, 'ReplicationInstanceClass'));
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  b.set('multi_az', field(p, 'MultiAZ'), toBool);
  b.set('kms_key_arn', field(p, 'KmsKeyId'));
  b.set('allocated_storage', field(p, 'AllocatedStorage'), toNum);
  tags(b, p);
};

const dmsEndpoint: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_dms_endpoint');
  b.set('endpoint_id', field(p, 'EndpointIdentifier'));
  b.set('endpoint_type', field(p, 'EndpointType'));
  b.set('engine_name', field(p, 'EngineName'));
  b.set('ssl_mode', field(p, 'SslMode'));
  b.set('kms_key_arn', field(p, 'KmsKeyId'));
  b.set('certificate_arn', field(p, 'CertificateArn'));
  b.set('username', field(p, 'Username'));
  b.set('password', field(p, 'Password'));
  tags(b, p);
};

const elasticacheUser: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_elasticache_user');
  b.set('user_id', field(p, 'UserId'));
  b.set('user_name', field(p, 'UserName'));
  b.set('engine', field(p, 'Engine'));
  b.set('access_string', field(p, 'AccessString'));
  b.set('passwords', field(p, 'Passwords'), toList);
  b.set('no_password_required', field(p, 'NoPasswordRequired'), toBool);
  b.nested('authentication_mode', field(p, 'AuthenticationMode'), (a, av) => {
    a.set('type', field(av, 'Type'));
    a.set('passwords', field(av, 'Passwords'), toList);
  });
  tags(b, p);
};

const qldbLedger: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_qldb_ledger');
  b.set('name', field(p, 'Name'));
  b.set('permissions_mode', field(p, 'PermissionsMode'));
  b.set('deletion_protection', field(p, 'DeletionProtection'), toBool);
  b.set('kms_key', field(p, 'KmsKey'));
  tags(b, p);
};

/** SAM's AWS::Serverless::SimpleTable: a DynamoDB table with a reduced property set. */
const simpleTable: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_dynamodb_table');
  b.set('name', field(p, 'TableName'));
  b.nested('server_side_encryption', field(p, 'SSESpecification'), (s, sv) => s.set('enabled', field(sv, 'SSEEnabled'), toBool));
  tags(b, p);
};

export const data: Record<string, Translator> = {
  'AWS::RDS::DBInstance': dbInstance,
  'AWS::RDS::DBCluster': dbCluster,
  'AWS::DynamoDB::Table': dynamoTable,
  'AWS::Serverless::SimpleTable': simpleTable,
  'AWS::ElastiCache::ReplicationGroup': replicationGroup,
  'AWS::ElastiCache::CacheCluster': cacheCluster,
  'AWS::Redshift::Cluster': redshiftCluster,
  'AWS::DocDB::DBCluster': docdbCluster,
  'AWS::Neptune::DBCluster': neptuneCluster,
  'AWS::RDS::DBProxy': dbProxy,
  'AWS::RDS::DBParameterGroup': parameterGroup('aws_db_parameter_group', 'DBParameterGroupName'),
  'AWS::RDS::DBClusterParameterGroup': parameterGroup('aws_rds_cluster_parameter_group', 'DBClusterParameterGroupName'),
  'AWS::DocDB::DBClusterParameterGroup': parameterGroup('aws_docdb_cluster_parameter_group', 'Name'),
  'AWS::Redshift::ClusterParameterGroup': redshiftParameterGroup,
  'AWS::MemoryDB::Cluster': memorydbCluster,
  'AWS::DAX::Cluster': daxCluster,
  'AWS::DMS::ReplicationInstance': dmsReplicationInstance,
  'AWS::DMS::Endpoint': dmsEndpoint,
  'AWS::ElastiCache::User': elasticacheUser,
  'AWS::QLDB::Ledger': qldbLedger,
};
