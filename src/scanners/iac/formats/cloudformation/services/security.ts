import { Unknown } from '../../../model/value.js';
import { field, toBool, toList, toNum, type Block } from '../pv.js';
import { tags, type Translation, type Translator } from '../translation.js';

const kmsKey: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_kms_key');
  b.set('description', field(p, 'Description'));
  b.set('enable_key_rotation', field(p, 'EnableKeyRotation'), toBool);
  b.set('rotation_period_in_days', field(p, 'RotationPeriodInDays'), toNum);
  b.set('policy', field(p, 'KeyPolicy'));
  b.set('deletion_window_in_days', field(p, 'PendingWindowInDays'), toNum);
  b.set('key_usage', field(p, 'KeyUsage'));
  b.set('customer_master_key_spec', field(p, 'KeySpec'));
  b.set('is_enabled', field(p, 'Enabled'), toBool);
  b.set('multi_region', field(p, 'MultiRegion'), toBool);
  b.set('bypass_policy_lockout_safety_check', field(p, 'BypassPolicyLockoutSafetyCheck'), toBool);
  tags(b, p);
};

const kmsAlias: Translator = (t) => {
  const b = t.main('aws_kms_alias');
  b.set('name', field(t.props, 'AliasName'));
  b.set('target_key_id', field(t.props, 'TargetKeyId'));
};

const trail: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_cloudtrail');
  b.set('name', field(p, 'TrailName'));
  b.set('s3_bucket_name', field(p, 'S3BucketName'));
  b.set('s3_key_prefix', field(p, 'S3KeyPrefix'));
  b.set('enable_logging', field(p, 'IsLogging'), toBool);
  b.set('is_multi_region_trail', field(p, 'IsMultiRegionTrail'), toBool);
  b.set('is_organization_trail', field(p, 'IsOrganizationTrail'), toBool);
  b.set('enable_log_file_validation', field(p, 'EnableLogFileValidation'), toBool);
  b.set('include_global_service_events', field(p, 'IncludeGlobalServiceEvents'), toBool);
  b.set('kms_key_id', field(p, 'KMSKeyId'));
  b.set('cloud_watch_logs_group_arn', field(p, 'CloudWatchLogsLogGroupArn'));
  b.set('cloud_watch_logs_role_arn', field(p, 'CloudWatchLogsRoleArn'));
  b.set('sns_topic_name', field(p, 'SnsTopicName'));
  b.each('event_selector', field(p, 'EventSelectors'), (e, ev) => {
    e.set('read_write_type', field(ev, 'ReadWriteType'));
    e.set('include_management_events', field(ev, 'IncludeManagementEvents'), toBool);
    e.set('exclude_management_event_sources', field(ev, 'ExcludeManagementEventSources'), toList);
    e.each('data_resource', field(ev, 'DataResources'), (d, dv) => {
      d.set('type', field(dv, 'Type'));
      d.set('values', field(dv, 'Values'), toList);
    });
  });
  b.each('insight_selector', field(p, 'InsightSelectors'), (i, iv) => i.set('insight_type', field(iv, 'InsightType')));
  tags(b, p);
};

const logGroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_cloudwatch_log_group');
  b.set('name', field(p, 'LogGroupName'));
  b.set('retention_in_days', field(p, 'RetentionInDays'), toNum);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('log_group_class', field(p, 'LogGroupClass'));
  tags(b, p);
};

const secret: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_secretsmanager_secret');
  b.set('name', field(p, 'Name'));
  b.set('description', field(p, 'Description'));
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.each('replica', field(p, 'ReplicaRegions'), (r, rv) => {
    r.set('region', field(rv, 'Region'));
    r.set('kms_key_id', field(rv, 'KmsKeyId'));
  });
  tags(b, p);
  // The value itself is a separate resource in Terraform.
  const value = field(p, 'SecretString');
  if (value) {
    const v = t.extra('Version', 'aws_secretsmanager_secret_version', value.line);
    v.value('secret_id', t.self());
    v.set('secret_string', value);
  }
};

const rotation: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_secretsmanager_secret_rotation');
  b.set('secret_id', field(p, 'SecretId'));
  b.set('rotation_lambda_arn', field(p, 'RotationLambdaARN'));
  const hosted = field(p, 'HostedRotationLambda');
  // A hosted rotation function is created by the stack: its ARN is known at deploy time.
  if (hosted && !('rotation_lambda_arn' in b.obj)) b.value('rotation_lambda_arn', new Unknown(`${t.id} hosted rotation function is created at deploy time`), hosted.line);
  b.nested('rotation_rules', field(p, 'RotationRules'), (r, rv) => {
    r.set('automatically_after_days', field(rv, 'AutomaticallyAfterDays'), toNum);
    r.set('schedule_expression', field(rv, 'ScheduleExpression'));
    r.set('duration', field(rv, 'Duration'));
  });
  b.set('rotate_immediately', field(p, 'RotateImmediatelyOnUpdate'), toBool);
};

const fileSystem: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_efs_file_system');
  b.set('encrypted', field(p, 'Encrypted'), toBool);
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('performance_mode', field(p, 'PerformanceMode'));
  b.set('throughput_mode', field(p, 'ThroughputMode'));
  b.set('provisioned_throughput_in_mibps', field(p, 'ProvisionedThroughputInMibps'), toNum);
  b.each('lifecycle_policy', field(p, 'LifecyclePolicies'), (l, lv) => {
    l.set('transition_to_ia', field(lv, 'TransitionToIA'));
    l.set('transition_to_primary_storage_class', field(lv, 'TransitionToPrimaryStorageClass'));
    l.set('transition_to_archive', field(lv, 'TransitionToArchive'));
  });
  tags(b, p, 'FileSystemTags');
  const policy = field(p, 'FileSystemPolicy');
  if (policy) {
    const x = t.extra('Policy', 'aws_efs_file_system_policy', policy.line);
    x.value('file_system_id', t.self());
    x.set('policy', policy);
    x.set('bypass_policy_lockout_safety_check', field(p, 'BypassPolicyLockoutSafetyCheck'), toBool);
  }
  const backup = field(p, 'BackupPolicy');
  if (backup) {
    const x = t.extra('BackupPolicy', 'aws_efs_backup_policy', backup.line);
    x.value('file_system_id', t.self());
    x.nested('backup_policy', backup, (bp, bv) => bp.set('status', field(bv, 'Status')));
  }
};

/** SageMaker notebook instances. */
const notebook: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sagemaker_notebook_instance');
  b.set('name', field(p, 'NotebookInstanceName'));
  b.set('role_arn', field(p, 'RoleArn'));
  b.set('instance_type', field(p, 'InstanceType'));
  b.set('direct_internet_access', field(p, 'DirectInternetAccess'));
  b.set('root_access', field(p, 'RootAccess'));
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('subnet_id', field(p, 'SubnetId'));
  b.set('security_groups', field(p, 'SecurityGroupIds'), toList);
  b.set('platform_identifier', field(p, 'PlatformIdentifier'));
  b.set('volume_size', field(p, 'VolumeSizeInGB'), toNum);
  b.set('lifecycle_config_name', field(p, 'LifecycleConfigName'));
  b.nested('instance_metadata_service_configuration', field(p, 'InstanceMetadataServiceConfiguration'), (m, mv) => {
    m.set('minimum_instance_metadata_service_version', field(mv, 'MinimumInstanceMetadataServiceVersion'), (v) => (typeof v === 'number' ? String(v) : v));
  });
  tags(b, p);
};

/**
 * OpenSearch and the older Elasticsearch domain: the same blocks in both providers' schemas,
 * except the version and cluster config property names.
 */
const domain = (kind: 'opensearch' | 'elasticsearch'): Translator => (t) => {
  const p = t.props;
  const b = t.main(`aws_${kind}_domain`);
  b.set('domain_name', field(p, 'DomainName'));
  if (kind === 'opensearch') b.set('engine_version', field(p, 'EngineVersion'));
  else b.set('elasticsearch_version', field(p, 'ElasticsearchVersion'), (v) => (typeof v === 'number' ? String(v) : v));
  b.set('access_policies', field(p, 'AccessPolicies'));
  b.nested('cluster_config', field(p, kind === 'opensearch' ? 'ClusterConfig' : 'ElasticsearchClusterConfig'), (c, cv) => {
    c.set('instance_type', field(cv, 'InstanceType'));
    c.set('instance_count', field(cv, 'InstanceCount'), toNum);
    c.set('dedicated_master_enabled', field(cv, 'DedicatedMasterEnabled'), toBool);
    c.set('dedicated_master_type', field(cv, 'DedicatedMasterType'));
    c.set('dedicated_master_count', field(cv, 'DedicatedMasterCount'), toNum);
    c.set('zone_awareness_enabled', field(cv, 'ZoneAwarenessEnabled'), toBool);
    c.set('warm_enabled', field(cv, 'WarmEnabled'), toBool);
  });
  b.nested('encrypt_at_rest', field(p, 'EncryptionAtRestOptions'), (e, ev) => {
    e.set('enabled', field(ev, 'Enabled'), toBool);
    e.set('kms_key_id', field(ev, 'KmsKeyId'));
  });
  b.nested('node_to_node_encryption', field(p, 'NodeToNodeEncryptionOptions'), (e, ev) => e.set('enabled', field(ev, 'Enabled'), toBool));
  b.nested('domain_endpoint_options', field(p, 'DomainEndpointOptions'), (d, dv) => {
    d.set('enforce_https', field(dv, 'EnforceHTTPS'), toBool);
    d.set('tls_security_policy', field(dv, 'TLSSecurityPolicy'));
    d.set('custom_endpoint_enabled', field(dv, 'CustomEndpointEnabled'), toBool);
    d.set('custom_endpoint', field(dv, 'CustomEndpoint'));
    d.set('custom_endpoint_certificate_arn', field(dv, 'CustomEndpointCertificateArn'));
  });
  logPublishing(b, t);
  b.nested('advanced_security_options', field(p, 'AdvancedSecurityOptions'), (a, av) => {
    a.set('enabled', field(av, 'Enabled'), toBool);
    a.set('internal_user_database_enabled', field(av, 'InternalUserDatabaseEnabled'), toBool);
    if (kind === 'opensearch') a.set('anonymous_auth_enabled', field(av, 'AnonymousAuthEnabled'), toBool);
    a.nested('master_user_options', field(av, 'MasterUserOptions'), (m, mv) => {
      m.set('master_user_arn', field(mv, 'MasterUserARN'));
      m.set('master_user_name', field(mv, 'MasterUserName'));
      m.set('master_user_password', field(mv, 'MasterUserPassword'));
    });
  });
  b.nested('vpc_options', field(p, 'VPCOptions'), (v, vv) => {
    v.set('subnet_ids', field(vv, 'SubnetIds'), toList);
    v.set('security_group_ids', field(vv, 'SecurityGroupIds'), toList);
  });
  b.nested('ebs_options', field(p, 'EBSOptions'), (e, ev) => {
    e.set('ebs_enabled', field(ev, 'EBSEnabled'), toBool);
    e.set('volume_size', field(ev, 'VolumeSize'), toNum);
    e.set('volume_type', field(ev, 'VolumeType'));
    e.set('iops', field(ev, 'Iops'), toNum);
  });
  tags(b, p);
};

/** CloudFormation keys log publishing by log type; Terraform has one block per type with `log_type`. */
function logPublishing(b: Block, t: Translation): void {
  const lp = field(t.props, 'LogPublishingOptions');
  if (!lp) return;
  if (lp.value instanceof Unknown) return b.set('log_publishing_options', lp);
  for (const [logType, opt] of lp.fields ?? []) {
    const x = b.block('log_publishing_options', opt.line);
    x.value('log_type', logType, opt.line);
    x.set('cloudwatch_log_group_arn', field(opt, 'CloudWatchLogsLogGroupArn'));
    x.set('enabled', field(opt, 'Enabled'), toBool);
  }
  if (lp.fields && lp.fields.size > 0) b.lines.set('log_publishing_options', lp.line);
}

const secretPolicy: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_secretsmanager_secret_policy');
  b.set('secret_arn', field(p, 'SecretId'));
  b.set('policy', field(p, 'ResourcePolicy'));
  b.set('block_public_policy', field(p, 'BlockPublicPolicy'), toBool);
};

export const security: Record<string, Translator> = {
  'AWS::KMS::Key': kmsKey,
  'AWS::KMS::Alias': kmsAlias,
  'AWS::CloudTrail::Trail': trail,
  'AWS::Logs::LogGroup': logGroup,
  'AWS::SecretsManager::Secret': secret,
  'AWS::SecretsManager::RotationSchedule': rotation,
  'AWS::SecretsManager::ResourcePolicy': secretPolicy,
  'AWS::EFS::FileSystem': fileSystem,
  'AWS::SageMaker::NotebookInstance': notebook,
  'AWS::OpenSearchService::Domain': domain('opensearch'),
  'AWS::Elasticsearch::Domain': domain('elasticsearch'),
};
