import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('security services', () => {
  test('AWS::KMS::Key → aws_kms_key', () => {
    const t = template('AWS::KMS::Key', `
      Description: k
      EnableKeyRotation: false       # @rot
      PendingWindowInDays: 7
      KeyPolicy:                     # @policy
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: kms:*
            Resource: "*"`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_kms_key');
    expect(r.attrs).toEqual({
      description: 'k',
      enable_key_rotation: false,
      deletion_window_in_days: 7,
      policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] },
    });
    expect(r.lines.get('enable_key_rotation')).toBe(lineWith(t, '@rot'));
    expect(r.lines.get('policy')).toBe(lineWith(t, '@policy'));
  });

  test('AWS::CloudTrail::Trail → aws_cloudtrail', () => {
    const t = template('AWS::CloudTrail::Trail', `
      IsLogging: true
      S3BucketName: trail-bucket
      IsMultiRegionTrail: false            # @multi
      EnableLogFileValidation: false
      IncludeGlobalServiceEvents: true
      KMSKeyId: alias/trail
      CloudWatchLogsLogGroupArn: !GetAtt Logs.Arn
      EventSelectors:
        - ReadWriteType: All
          IncludeManagementEvents: true
          DataResources:
            - Type: AWS::S3::Object        # @data
              Values: ["arn:aws:s3"]`) + '  Logs:\n    Type: AWS::Logs::LogGroup\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_cloudtrail');
    expect(r.attrs).toMatchObject({
      enable_logging: true,
      s3_bucket_name: 'trail-bucket',
      is_multi_region_trail: false,
      enable_log_file_validation: false,
      include_global_service_events: true,
      kms_key_id: 'alias/trail',
      event_selector: [{ read_write_type: 'All', include_management_events: true, data_resource: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }],
    });
    expectUnknown(r.attrs['cloud_watch_logs_group_arn'], ['Logs']);
    expect(r.lines.get('is_multi_region_trail')).toBe(lineWith(t, '@multi'));
    expect(r.lines.get('event_selector.0.data_resource.0')).toBe(lineWith(t, '@data'));
  });

  test('AWS::Logs::LogGroup → aws_cloudwatch_log_group', () => {
    const t = template('AWS::Logs::LogGroup', `
      LogGroupName: /app
      RetentionInDays: 7        # @ret
      KmsKeyId: arn:aws:kms:x`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_cloudwatch_log_group');
    expect(r.attrs).toEqual({ name: '/app', retention_in_days: 7, kms_key_id: 'arn:aws:kms:x' });
    expect(r.lines.get('retention_in_days')).toBe(lineWith(t, '@ret'));
  });

  test('AWS::SecretsManager::Secret and RotationSchedule', () => {
    const t = `Resources:
  S:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: db
      KmsKeyId: alias/secrets      # @kms
      SecretString: '{"password":"hunter2"}'   # @value
  Rot:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref S
      RotationLambdaARN: arn:aws:lambda:x
      RotationRules:
        AutomaticallyAfterDays: 90   # @days
`;
    const l = load(t);
    const s = res(l, 'S');
    expect(s.type).toBe('aws_secretsmanager_secret');
    expect(s.attrs).toEqual({ name: 'db', kms_key_id: 'alias/secrets' });
    expect(s.lines.get('kms_key_id')).toBe(lineWith(t, '@kms'));
    const v = res(l, 'S.Version');
    expect(v.type).toBe('aws_secretsmanager_secret_version');
    expect(v.attrs['secret_string']).toBe('{"password":"hunter2"}');
    expect(v.lines.get('secret_string')).toBe(lineWith(t, '@value'));
    const rot = res(l, 'Rot');
    expect(rot.type).toBe('aws_secretsmanager_secret_rotation');
    expectUnknown(rot.attrs['secret_id'], ['S']);
    expect(rot.attrs).toMatchObject({ rotation_lambda_arn: 'arn:aws:lambda:x', rotation_rules: [{ automatically_after_days: 90 }] });
    expect(rot.lines.get('rotation_rules.0.automatically_after_days')).toBe(lineWith(t, '@days'));
  });

  test('AWS::EFS::FileSystem → aws_efs_file_system, its policy as aws_efs_file_system_policy', () => {
    const t = template('AWS::EFS::FileSystem', `
      Encrypted: false        # @enc
      PerformanceMode: generalPurpose
      FileSystemPolicy:       # @policy
        Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "elasticfilesystem:*"}]
      BackupPolicy:
        Status: ENABLED
      FileSystemTags: [{Key: Name, Value: shared}]`);
    const l = load(t);
    const r = res(l, 'Res');
    expect(r.type).toBe('aws_efs_file_system');
    expect(r.attrs).toEqual({ encrypted: false, performance_mode: 'generalPurpose', tags: { Name: 'shared' } });
    expect(r.lines.get('encrypted')).toBe(lineWith(t, '@enc'));
    const p = res(l, 'Res.Policy');
    expect(p.type).toBe('aws_efs_file_system_policy');
    expect(p.line).toBe(lineWith(t, '@policy'));
    expectUnknown(p.attrs['file_system_id'], ['Res']);
    expect(p.attrs['policy']).toEqual({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'elasticfilesystem:*' }] });
    expect(res(l, 'Res.BackupPolicy').attrs['backup_policy']).toEqual([{ status: 'ENABLED' }]);
  });

  test('AWS::SageMaker::NotebookInstance → aws_sagemaker_notebook_instance', () => {
    const t = template('AWS::SageMaker::NotebookInstance', `
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::1:role/sm
      DirectInternetAccess: Enabled   # @net
      RootAccess: Enabled
      KmsKeyId: alias/sm`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_sagemaker_notebook_instance');
    expect(r.attrs).toEqual({ instance_type: 'ml.t3.medium', role_arn: 'arn:aws:iam::1:role/sm', direct_internet_access: 'Enabled', root_access: 'Enabled', kms_key_id: 'alias/sm' });
    expect(r.lines.get('direct_internet_access')).toBe(lineWith(t, '@net'));
  });

  test('AWS::OpenSearchService::Domain → aws_opensearch_domain', () => {
    const t = template('AWS::OpenSearchService::Domain', `
      DomainName: search
      EngineVersion: OpenSearch_2.11
      EncryptionAtRestOptions:
        Enabled: false                  # @rest
      NodeToNodeEncryptionOptions:
        Enabled: true
      DomainEndpointOptions:
        EnforceHTTPS: false             # @https
        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07
      LogPublishingOptions:
        AUDIT_LOGS:                     # @audit
          CloudWatchLogsLogGroupArn: arn:aws:logs:x
          Enabled: true
      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
        MasterUserOptions:
          MasterUserName: admin
      AccessPolicies:
        Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "es:*"}]
      ClusterConfig:
        InstanceType: t3.small.search
        InstanceCount: 1`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_opensearch_domain');
    expect(r.attrs).toEqual({
      domain_name: 'search',
      engine_version: 'OpenSearch_2.11',
      access_policies: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*' }] },
      cluster_config: [{ instance_type: 't3.small.search', instance_count: 1 }],
      encrypt_at_rest: [{ enabled: false }],
      node_to_node_encryption: [{ enabled: true }],
      domain_endpoint_options: [{ enforce_https: false, tls_security_policy: 'Policy-Min-TLS-1-0-2019-07' }],
      log_publishing_options: [{ log_type: 'AUDIT_LOGS', cloudwatch_log_group_arn: 'arn:aws:logs:x', enabled: true }],
      advanced_security_options: [{ enabled: true, internal_user_database_enabled: true, master_user_options: [{ master_user_name: 'admin' }] }],
    });
    expect(r.lines.get('encrypt_at_rest.0.enabled')).toBe(lineWith(t, '@rest'));
    expect(r.lines.get('domain_endpoint_options.0.enforce_https')).toBe(lineWith(t, '@https'));
    expect(r.lines.get('log_publishing_options.0')).toBe(lineWith(t, '@audit'));
  });

  test('AWS::Elasticsearch::Domain → aws_elasticsearch_domain', () => {
    const t = template('AWS::Elasticsearch::Domain', `
      ElasticsearchVersion: 7.10
      ElasticsearchClusterConfig:
        InstanceCount: 2
        ZoneAwarenessEnabled: true
      EncryptionAtRestOptions:
        Enabled: true
      NodeToNodeEncryptionOptions:
        Enabled: false           # @n2n`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_elasticsearch_domain');
    expect(r.attrs).toEqual({
      elasticsearch_version: '7.10',
      cluster_config: [{ instance_count: 2, zone_awareness_enabled: true }],
      encrypt_at_rest: [{ enabled: true }],
      node_to_node_encryption: [{ enabled: false }],
    });
    expect(r.lines.get('node_to_node_encryption.0.enabled')).toBe(lineWith(t, '@n2n'));
  });
});
