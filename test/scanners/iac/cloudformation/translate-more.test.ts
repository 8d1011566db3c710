import { describe, expect, test } from 'vitest';
import { lineWith, load, res, template } from './helpers.js';

/**
 * One case per further mapped type: the CloudFormation properties (the line marked `# @` is
 * where `path` must point), the Terraform type and the exact attributes expected.
 */
interface Case {
  cfn: string;
  props: string;
  tf: string;
  attrs: Record<string, unknown>;
  path: string;
}

const cases: Case[] = [
  {
    cfn: 'AWS::RDS::DBInstance',
    props: `
      DBClusterIdentifier: aurora
      DBInstanceClass: db.r6g.large
      Engine: aurora-mysql
      PubliclyAccessible: true     # @`,
    tf: 'aws_rds_cluster_instance',
    attrs: { cluster_identifier: 'aurora', instance_class: 'db.r6g.large', engine: 'aurora-mysql', publicly_accessible: true },
    path: 'publicly_accessible',
  },
  {
    cfn: 'AWS::RDS::DBProxy',
    props: `
      DBProxyName: p
      EngineFamily: MYSQL
      RequireTLS: false            # @
      Auth: [{AuthScheme: SECRETS, IAMAuth: DISABLED}]`,
    tf: 'aws_db_proxy',
    attrs: { name: 'p', engine_family: 'MYSQL', require_tls: false, auth: [{ auth_scheme: 'SECRETS', iam_auth: 'DISABLED' }] },
    path: 'require_tls',
  },
  {
    cfn: 'AWS::RDS::DBParameterGroup',
    props: `
      Family: postgres15
      Description: pg
      Parameters:
        rds.force_ssl: 0           # @
        log_connections: "1"`,
    tf: 'aws_db_parameter_group',
    attrs: { family: 'postgres15', description: 'pg', parameter: [{ name: 'rds.force_ssl', value: '0' }, { name: 'log_connections', value: '1' }] },
    path: 'parameter.0.value',
  },
  {
    cfn: 'AWS::RDS::DBClusterParameterGroup',
    props: `
      Family: aurora-mysql8.0
      Parameters:
        require_secure_transport: "OFF"   # @`,
    tf: 'aws_rds_cluster_parameter_group',
    attrs: { family: 'aurora-mysql8.0', parameter: [{ name: 'require_secure_transport', value: 'OFF' }] },
    path: 'parameter.0',
  },
  {
    cfn: 'AWS::DocDB::DBClusterParameterGroup',
    props: `
      Family: docdb5.0
      Parameters:
        tls: disabled              # @`,
    tf: 'aws_docdb_cluster_parameter_group',
    attrs: { family: 'docdb5.0', parameter: [{ name: 'tls', value: 'disabled' }] },
    path: 'parameter.0.value',
  },
  {
    cfn: 'AWS::Redshift::ClusterParameterGroup',
    props: `
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: "false"  # @`,
    tf: 'aws_redshift_parameter_group',
    attrs: { family: 'redshift-1.0', parameter: [{ name: 'require_ssl', value: 'false' }] },
    path: 'parameter.0.value',
  },
  {
    cfn: 'AWS::MemoryDB::Cluster',
    props: `
      ClusterName: m
      ACLName: open-access         # @
      NodeType: db.t4g.small
      TLSEnabled: false`,
    tf: 'aws_memorydb_cluster',
    attrs: { name: 'm', acl_name: 'open-access', node_type: 'db.t4g.small', tls_enabled: false },
    path: 'acl_name',
  },
  {
    cfn: 'AWS::DAX::Cluster',
    props: `
      NodeType: dax.t3.small
      ReplicationFactor: 3
      IAMRoleARN: arn:role
      SSESpecification:
        SSEEnabled: false          # @`,
    tf: 'aws_dax_cluster',
    attrs: { node_type: 'dax.t3.small', replication_factor: 3, iam_role_arn: 'arn:role', server_side_encryption: [{ enabled: false }] },
    path: 'server_side_encryption.0.enabled',
  },
  {
    cfn: 'AWS::DMS::ReplicationInstance',
    props: `
      ReplicationInstanceClass: dms.t3.micro
      PubliclyAccessible: true     # @`,
    tf: 'aws_dms_replication_instance',
    attrs: { replication_instance_class: 'dms.t3.micro', publicly_accessible: true },
    path: 'publicly_accessible',
  },
  {
    cfn: 'AWS::DMS::Endpoint',
    props: `
      EndpointType: source
      EngineName: postgres
      SslMode: none                # @`,
    tf: 'aws_dms_endpoint',
    attrs: { endpoint_type: 'source', engine_name: 'postgres', ssl_mode: 'none' },
    path: 'ssl_mode',
  },
  {
    cfn: 'AWS::ElastiCache::User',
    props: `
      UserId: u1
      UserName: default
      Engine: redis
      AccessString: on ~* +@all
      NoPasswordRequired: true     # @`,
    tf: 'aws_elasticache_user',
    attrs: { user_id: 'u1', user_name: 'default', engine: 'redis', access_string: 'on ~* +@all', no_password_required: true },
    path: 'no_password_required',
  },
  {
    cfn: 'AWS::ElastiCache::CacheCluster',
    props: `
      Engine: memcached
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
      TransitEncryptionEnabled: false   # @`,
    tf: 'aws_elasticache_cluster',
    attrs: { engine: 'memcached', node_type: 'cache.t3.micro', num_cache_nodes: 1, transit_encryption_enabled: false },
    path: 'transit_encryption_enabled',
  },
  {
    cfn: 'AWS::QLDB::Ledger',
    props: `
      PermissionsMode: ALLOW_ALL   # @
      DeletionProtection: true`,
    tf: 'aws_qldb_ledger',
    attrs: { permissions_mode: 'ALLOW_ALL', deletion_protection: true },
    path: 'permissions_mode',
  },
  {
    cfn: 'AWS::Cognito::UserPool',
    props: `
      UserPoolName: users
      MfaConfiguration: "OFF"      # @
      Policies:
        PasswordPolicy:
          MinimumLength: 6
          RequireSymbols: false
      UserPoolAddOns:
        AdvancedSecurityMode: AUDIT`,
    tf: 'aws_cognito_user_pool',
    attrs: { name: 'users', mfa_configuration: 'OFF', password_policy: [{ minimum_length: 6, require_symbols: false }], user_pool_add_ons: [{ advanced_security_mode: 'AUDIT' }] },
    path: 'mfa_configuration',
  },
  {
    cfn: 'AWS::Cognito::IdentityPool',
    props: `
      AllowUnauthenticatedIdentities: true   # @
      AllowClassicFlow: false`,
    tf: 'aws_cognito_identity_pool',
    attrs: { allow_unauthenticated_identities: true, allow_classic_flow: false },
    path: 'allow_unauthenticated_identities',
  },
  {
    cfn: 'AWS::AppSync::GraphQLApi',
    props: `
      Name: api
      AuthenticationType: API_KEY
      LogConfig:
        FieldLogLevel: NONE        # @
      AdditionalAuthenticationProviders:
        - AuthenticationType: AWS_IAM`,
    tf: 'aws_appsync_graphql_api',
    attrs: { name: 'api', authentication_type: 'API_KEY', log_config: [{ field_log_level: 'NONE' }], additional_authentication_provider: [{ authentication_type: 'AWS_IAM' }] },
    path: 'log_config.0.field_log_level',
  },
  {
    cfn: 'AWS::Transfer::Server',
    props: `
      EndpointType: PUBLIC         # @
      Protocols: [FTP, SFTP]
      SecurityPolicyName: TransferSecurityPolicy-2018-11`,
    tf: 'aws_transfer_server',
    attrs: { endpoint_type: 'PUBLIC', protocols: ['FTP', 'SFTP'], security_policy_name: 'TransferSecurityPolicy-2018-11' },
    path: 'endpoint_type',
  },
  {
    cfn: 'AWS::CodeBuild::Project',
    props: `
      Name: build
      Environment:
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        Type: LINUX_CONTAINER
        PrivilegedMode: true       # @
        EnvironmentVariables:
          - Name: TOKEN
            Value: abc
      Artifacts:
        Type: S3
        EncryptionDisabled: true
      Source:
        Type: GITHUB
        InsecureSsl: false`,
    tf: 'aws_codebuild_project',
    attrs: {
      name: 'build',
      environment: [{ compute_type: 'BUILD_GENERAL1_SMALL', image: 'aws/codebuild/standard:7.0', type: 'LINUX_CONTAINER', privileged_mode: true, environment_variable: [{ name: 'TOKEN', value: 'abc' }] }],
      artifacts: [{ type: 'S3', encryption_disabled: true }],
      source: [{ type: 'GITHUB', insecure_ssl: false }],
    },
    path: 'environment.0.privileged_mode',
  },
  {
    cfn: 'AWS::Athena::WorkGroup',
    props: `
      Name: wg
      WorkGroupConfiguration:
        EnforceWorkGroupConfiguration: false   # @
        ResultConfiguration:
          EncryptionConfiguration:
            EncryptionOption: SSE_KMS
            KmsKey: key`,
    tf: 'aws_athena_workgroup',
    attrs: { name: 'wg', configuration: [{ enforce_workgroup_configuration: false, result_configuration: [{ encryption_configuration: [{ encryption_option: 'SSE_KMS', kms_key_arn: 'key' }] }] }] },
    path: 'configuration.0.enforce_workgroup_configuration',
  },
  {
    cfn: 'AWS::SSM::Parameter',
    props: `
      Name: /app/db
      Type: String
      Value: hunter2               # @
      Tags:
        team: sec`,
    tf: 'aws_ssm_parameter',
    attrs: { name: '/app/db', type: 'String', value: 'hunter2', tags: { team: 'sec' } },
    path: 'value',
  },
  {
    cfn: 'AWS::SSM::Document',
    props: `
      DocumentType: Command
      Content:                     # @
        schemaVersion: "2.2"
        mainSteps: []`,
    tf: 'aws_ssm_document',
    attrs: { document_type: 'Command', content: JSON.stringify({ schemaVersion: '2.2', mainSteps: [] }) },
    path: 'content',
  },
  {
    cfn: 'AWS::GuardDuty::Detector',
    props: `
      Enable: true
      DataSources:
        S3Logs:
          Enable: false            # @`,
    tf: 'aws_guardduty_detector',
    attrs: { enable: true, datasources: [{ s3_logs: [{ enable: false }] }] },
    path: 'datasources.0.s3_logs.0.enable',
  },
  {
    cfn: 'AWS::Config::ConfigurationRecorder',
    props: `
      RoleARN: arn:role
      RecordingGroup:
        AllSupported: false        # @
        IncludeGlobalResourceTypes: false`,
    tf: 'aws_config_configuration_recorder',
    attrs: { role_arn: 'arn:role', recording_group: [{ all_supported: false, include_global_resource_types: false }] },
    path: 'recording_group.0.all_supported',
  },
  {
    cfn: 'AWS::Backup::BackupVault',
    props: `
      BackupVaultName: v
      EncryptionKeyArn: key        # @`,
    tf: 'aws_backup_vault',
    attrs: { name: 'v', kms_key_arn: 'key' },
    path: 'kms_key_arn',
  },
  {
    cfn: 'AWS::WorkSpaces::Workspace',
    props: `
      BundleId: b
      DirectoryId: d
      UserName: u
      RootVolumeEncryptionEnabled: false   # @`,
    tf: 'aws_workspaces_workspace',
    attrs: { bundle_id: 'b', directory_id: 'd', user_name: 'u', root_volume_encryption_enabled: false },
    path: 'root_volume_encryption_enabled',
  },
  {
    cfn: 'AWS::SageMaker::EndpointConfig',
    props: `
      KmsKeyId: key                # @`,
    tf: 'aws_sagemaker_endpoint_configuration',
    attrs: { kms_key_arn: 'key' },
    path: 'kms_key_arn',
  },
  {
    cfn: 'AWS::SageMaker::Domain',
    props: `
      DomainName: d
      AuthMode: IAM
      AppNetworkAccessType: PublicInternetOnly   # @`,
    tf: 'aws_sagemaker_domain',
    attrs: { domain_name: 'd', auth_mode: 'IAM', app_network_access_type: 'PublicInternetOnly' },
    path: 'app_network_access_type',
  },
  {
    cfn: 'AWS::ECS::Cluster',
    props: `
      ClusterName: c
      ClusterSettings:
        - Name: containerInsights
          Value: disabled          # @`,
    tf: 'aws_ecs_cluster',
    attrs: { name: 'c', setting: [{ name: 'containerInsights', value: 'disabled' }] },
    path: 'setting.0.value',
  },
  {
    cfn: 'AWS::ECS::Service',
    props: `
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: ENABLED  # @
          Subnets: [s-1]`,
    tf: 'aws_ecs_service',
    attrs: { launch_type: 'FARGATE', network_configuration: [{ subnets: ['s-1'], assign_public_ip: true }] },
    path: 'network_configuration.0.assign_public_ip',
  },
  {
    cfn: 'AWS::EKS::Nodegroup',
    props: `
      ClusterName: k8s
      NodeRole: arn:role
      Subnets: [a]
      RemoteAccess:
        Ec2SshKey: admin           # @`,
    tf: 'aws_eks_node_group',
    attrs: { cluster_name: 'k8s', node_role_arn: 'arn:role', subnet_ids: ['a'], remote_access: [{ ec2_ssh_key: 'admin' }] },
    path: 'remote_access.0.ec2_ssh_key',
  },
  {
    cfn: 'AWS::Lambda::LayerVersionPermission',
    props: `
      LayerVersionArn: arn:layer:1
      Action: lambda:GetLayerVersion
      Principal: "*"               # @`,
    tf: 'aws_lambda_layer_version_permission',
    attrs: { layer_name: 'arn:layer:1', action: 'lambda:GetLayerVersion', principal: '*' },
    path: 'principal',
  },
  {
    cfn: 'AWS::ApiGateway::DomainName',
    props: `
      DomainName: api.example.com
      SecurityPolicy: TLS_1_0      # @`,
    tf: 'aws_api_gateway_domain_name',
    attrs: { domain_name: 'api.example.com', security_policy: 'TLS_1_0' },
    path: 'security_policy',
  },
  {
    cfn: 'AWS::ApiGateway::RestApi',
    props: `
      Name: api
      EndpointConfiguration:
        Types: [PRIVATE]           # @`,
    tf: 'aws_api_gateway_rest_api',
    attrs: { name: 'api', endpoint_configuration: [{ types: ['PRIVATE'] }] },
    path: 'endpoint_configuration.0.types',
  },
  {
    cfn: 'AWS::ApiGatewayV2::Stage',
    props: `
      ApiId: a
      StageName: $default
      AccessLogSettings:
        DestinationArn: arn:logs   # @
      DefaultRouteSettings:
        LoggingLevel: "OFF"`,
    tf: 'aws_apigatewayv2_stage',
    attrs: { api_id: 'a', name: '$default', access_log_settings: [{ destination_arn: 'arn:logs' }], default_route_settings: [{ logging_level: 'OFF' }] },
    path: 'access_log_settings.0.destination_arn',
  },
  {
    cfn: 'AWS::ApiGatewayV2::Route',
    props: `
      ApiId: a
      RouteKey: GET /items
      AuthorizationType: NONE      # @`,
    tf: 'aws_apigatewayv2_route',
    attrs: { api_id: 'a', route_key: 'GET /items', authorization_type: 'NONE' },
    path: 'authorization_type',
  },
  {
    cfn: 'AWS::ApiGatewayV2::DomainName',
    props: `
      DomainName: api.example.com
      DomainNameConfigurations:
        - SecurityPolicy: TLS_1_0  # @
          EndpointType: REGIONAL`,
    tf: 'aws_apigatewayv2_domain_name',
    attrs: { domain_name: 'api.example.com', domain_name_configuration: [{ endpoint_type: 'REGIONAL', security_policy: 'TLS_1_0' }] },
    path: 'domain_name_configuration.0.security_policy',
  },
  {
    cfn: 'AWS::SNS::Subscription',
    props: `
      TopicArn: arn:topic
      Protocol: http               # @
      Endpoint: http://example.com/hook`,
    tf: 'aws_sns_topic_subscription',
    attrs: { topic_arn: 'arn:topic', protocol: 'http', endpoint: 'http://example.com/hook' },
    path: 'protocol',
  },
  {
    cfn: 'AWS::KinesisFirehose::DeliveryStream',
    props: `
      DeliveryStreamName: f
      DeliveryStreamEncryptionConfigurationInput:   # @
        KeyType: AWS_OWNED_CMK
      ExtendedS3DestinationConfiguration:
        BucketARN: arn:bucket`,
    tf: 'aws_kinesis_firehose_delivery_stream',
    attrs: { name: 'f', destination: 'extended_s3', server_side_encryption: [{ enabled: true, key_type: 'AWS_OWNED_CMK' }] },
    path: 'server_side_encryption.0.enabled',
  },
  {
    cfn: 'AWS::AmazonMQ::Broker',
    props: `
      BrokerName: b
      EngineType: ACTIVEMQ
      PubliclyAccessible: true
      Logs:
        Audit: false               # @`,
    tf: 'aws_mq_broker',
    attrs: { broker_name: 'b', engine_type: 'ACTIVEMQ', publicly_accessible: true, logs: [{ audit: false }] },
    path: 'logs.0.audit',
  },
  {
    cfn: 'AWS::SecretsManager::ResourcePolicy',
    props: `
      SecretId: arn:secret
      BlockPublicPolicy: false     # @
      ResourcePolicy: {Statement: []}`,
    tf: 'aws_secretsmanager_secret_policy',
    attrs: { secret_arn: 'arn:secret', block_public_policy: false, policy: { Statement: [] } },
    path: 'block_public_policy',
  },
  {
    cfn: 'AWS::KMS::Alias',
    props: `
      AliasName: alias/app         # @
      TargetKeyId: key-1`,
    tf: 'aws_kms_alias',
    attrs: { name: 'alias/app', target_key_id: 'key-1' },
    path: 'name',
  },
  {
    cfn: 'AWS::IAM::InstanceProfile',
    props: `
      Roles: [web-role]            # @`,
    tf: 'aws_iam_instance_profile',
    attrs: { role: 'web-role' },
    path: 'role',
  },
  {
    cfn: 'AWS::EC2::TransitGateway',
    props: `
      AutoAcceptSharedAttachments: enable   # @
      DefaultRouteTableAssociation: disable`,
    tf: 'aws_ec2_transit_gateway',
    attrs: { auto_accept_shared_attachments: 'enable', default_route_table_association: 'disable' },
    path: 'auto_accept_shared_attachments',
  },
  {
    cfn: 'AWS::EC2::NetworkAcl',
    props: `
      VpcId: vpc-1                 # @`,
    tf: 'aws_network_acl',
    attrs: { vpc_id: 'vpc-1' },
    path: 'vpc_id',
  },
  {
    cfn: 'AWS::AutoScaling::LaunchConfiguration',
    props: `
      ImageId: ami-1
      InstanceType: t3.micro
      AssociatePublicIpAddress: true
      MetadataOptions:
        HttpTokens: optional       # @
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs: {Encrypted: false}`,
    tf: 'aws_launch_configuration',
    attrs: { image_id: 'ami-1', instance_type: 't3.micro', associate_public_ip_address: true, metadata_options: [{ http_tokens: 'optional' }], root_block_device: [{ encrypted: false }] },
    path: 'metadata_options.0.http_tokens',
  },
  {
    cfn: 'AWS::WAFv2::WebACL',
    props: `
      Name: acl
      Scope: REGIONAL
      DefaultAction:
        Allow: {}                  # @
      Rules:
        - Name: common
          Priority: 0
          OverrideAction: {None: {}}
          Statement: {ManagedRuleGroupStatement: {VendorName: AWS, Name: AWSManagedRulesCommonRuleSet}}
          VisibilityConfig: {CloudWatchMetricsEnabled: true, MetricName: common, SampledRequestsEnabled: true}
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: acl
        SampledRequestsEnabled: false`,
    tf: 'aws_wafv2_web_acl',
    attrs: {
      name: 'acl',
      scope: 'REGIONAL',
      default_action: [{ allow: [{}] }],
      rule: [{ name: 'common', priority: 0, override_action: [{ none: [{}] }], visibility_config: [{ cloudwatch_metrics_enabled: true, metric_name: 'common', sampled_requests_enabled: true }] }],
      visibility_config: [{ cloudwatch_metrics_enabled: true, metric_name: 'acl', sampled_requests_enabled: false }],
    },
    path: 'default_action.0.allow',
  },
  {
    cfn: 'AWS::WAFv2::WebACLAssociation',
    props: `
      ResourceArn: arn:alb
      WebACLArn: arn:acl           # @`,
    tf: 'aws_wafv2_web_acl_association',
    attrs: { resource_arn: 'arn:alb', web_acl_arn: 'arn:acl' },
    path: 'web_acl_arn',
  },
  {
    cfn: 'AWS::WAFv2::LoggingConfiguration',
    props: `
      ResourceArn: arn:acl
      LogDestinationConfigs: [arn:firehose]   # @`,
    tf: 'aws_wafv2_web_acl_logging_configuration',
    attrs: { resource_arn: 'arn:acl', log_destination_configs: ['arn:firehose'] },
    path: 'log_destination_configs',
  },
  {
    cfn: 'AWS::Glue::SecurityConfiguration',
    props: `
      Name: sc
      EncryptionConfiguration:
        S3Encryptions:
          - S3EncryptionMode: DISABLED   # @
        CloudWatchEncryption:
          CloudWatchEncryptionMode: SSE-KMS
          KmsKeyArn: key`,
    tf: 'aws_glue_security_configuration',
    attrs: { name: 'sc', encryption_configuration: [{ cloudwatch_encryption: [{ cloudwatch_encryption_mode: 'SSE-KMS', kms_key_arn: 'key' }], s3_encryption: [{ s3_encryption_mode: 'DISABLED' }] }] },
    path: 'encryption_configuration.0.s3_encryption.0.s3_encryption_mode',
  },
  {
    cfn: 'AWS::Glue::DataCatalogEncryptionSettings',
    props: `
      CatalogId: "111122223333"
      DataCatalogEncryptionSettings:
        EncryptionAtRest:
          CatalogEncryptionMode: DISABLED   # @
        ConnectionPasswordEncryption:
          ReturnConnectionPasswordEncrypted: false`,
    tf: 'aws_glue_data_catalog_encryption_settings',
    attrs: { catalog_id: '111122223333', data_catalog_encryption_settings: [{ connection_password_encryption: [{ return_connection_password_encrypted: false }], encryption_at_rest: [{ catalog_encryption_mode: 'DISABLED' }] }] },
    path: 'data_catalog_encryption_settings.0.encryption_at_rest.0.catalog_encryption_mode',
  },
  {
    cfn: 'AWS::EMR::SecurityConfiguration',
    props: `
      SecurityConfiguration:        # @
        EncryptionConfiguration:
          EnableAtRestEncryption: false`,
    tf: 'aws_emr_security_configuration',
    attrs: { configuration: JSON.stringify({ EncryptionConfiguration: { EnableAtRestEncryption: false } }) },
    path: 'configuration',
  },
  {
    cfn: 'AWS::Batch::JobDefinition',
    props: `
      Type: container
      ContainerProperties:          # @
        Image: busybox
        Privileged: "true"
        Command: [echo, hi]`,
    tf: 'aws_batch_job_definition',
    attrs: { type: 'container', container_properties: JSON.stringify({ image: 'busybox', privileged: true, command: ['echo', 'hi'] }) },
    path: 'container_properties',
  },
  {
    cfn: 'AWS::NetworkFirewall::FirewallPolicy',
    props: `
      FirewallPolicyName: fp
      FirewallPolicy:
        StatelessDefaultActions: ["aws:pass"]   # @
        StatelessFragmentDefaultActions: ["aws:drop"]`,
    tf: 'aws_networkfirewall_firewall_policy',
    attrs: { name: 'fp', firewall_policy: [{ stateless_default_actions: ['aws:pass'], stateless_fragment_default_actions: ['aws:drop'] }] },
    path: 'firewall_policy.0.stateless_default_actions',
  },
  {
    cfn: 'AWS::OpenSearchServerless::SecurityPolicy',
    props: `
      Name: net
      Type: network                 # @
      Policy: '[{"AllowFromPublic":true}]'`,
    tf: 'aws_opensearchserverless_security_policy',
    attrs: { name: 'net', type: 'network', policy: '[{"AllowFromPublic":true}]' },
    path: 'type',
  },
  {
    cfn: 'AWS::RedshiftServerless::Workgroup',
    props: `
      WorkgroupName: wg
      PubliclyAccessible: true      # @`,
    tf: 'aws_redshiftserverless_workgroup',
    attrs: { workgroup_name: 'wg', publicly_accessible: true },
    path: 'publicly_accessible',
  },
  {
    cfn: 'AWS::AppSync::ApiCache',
    props: `
      ApiId: api
      Type: SMALL
      TtlInSeconds: 60
      ApiCachingBehavior: FULL_REQUEST_CACHING
      AtRestEncryptionEnabled: false   # @`,
    tf: 'aws_appsync_api_cache',
    attrs: { api_id: 'api', type: 'SMALL', ttl: 60, api_caching_behavior: 'FULL_REQUEST_CACHING', at_rest_encryption_enabled: false },
    path: 'at_rest_encryption_enabled',
  },
  {
    cfn: 'AWS::ECR::RegistryScanningConfiguration',
    props: `
      ScanType: BASIC
      Rules:
        - ScanFrequency: MANUAL     # @
          RepositoryFilters: [{Filter: "*", FilterType: WILDCARD}]`,
    tf: 'aws_ecr_registry_scanning_configuration',
    attrs: { scan_type: 'BASIC', rule: [{ scan_frequency: 'MANUAL', repository_filter: [{ filter: '*', filter_type: 'WILDCARD' }] }] },
    path: 'rule.0.scan_frequency',
  },
];

describe('further translations', () => {
  test.each(cases.map((c) => [c.cfn, c] as const))('%s', (_name, c) => {
    const t = template(c.cfn, c.props);
    const r = res(load(t), 'Res');
    expect(r.type).toBe(c.tf);
    expect(r.originalType).toBe(c.cfn);
    expect(r.attrs).toEqual(c.attrs);
    expect(r.lines.get(c.path)).toBe(lineWith(t, '# @'));
  });

  test('GuardDuty Features → aws_guardduty_detector_feature', () => {
    const t = template('AWS::GuardDuty::Detector', `
      Enable: true
      Features:
        - Name: S3_DATA_EVENTS
          Status: DISABLED        # @status`);
    const f = res(load(t), 'Res.Features.0');
    expect(f.type).toBe('aws_guardduty_detector_feature');
    expect(f.attrs['name']).toBe('S3_DATA_EVENTS');
    expect(f.attrs['status']).toBe('DISABLED');
    expect(f.refs.get('detector_id')).toEqual(['Res']);
    expect(f.lines.get('status')).toBe(lineWith(t, '@status'));
  });

  test('an RDS instance outside a cluster stays aws_db_instance', () => {
    expect(res(load(template('AWS::RDS::DBInstance', '      Engine: mysql')), 'Res').type).toBe('aws_db_instance');
  });
});
