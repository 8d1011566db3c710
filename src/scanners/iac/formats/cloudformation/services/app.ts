import { isObject, isWhollyKnown, type Value } from '../../../model/value.js';
import { at, field, items, toBool, toList, toNum, type Block, type PV } from '../pv.js';
import { tags, type Translator } from '../translation.js';

/** Application, identity and account-level services. */

const userPool: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_cognito_user_pool');
  b.set('name', field(p, 'UserPoolName'));
  b.set('mfa_configuration', field(p, 'MfaConfiguration'));
  b.set('deletion_protection', field(p, 'DeletionProtection'));
  b.set('alias_attributes', field(p, 'AliasAttributes'), toList);
  b.set('username_attributes', field(p, 'UsernameAttributes'), toList);
  b.set('auto_verified_attributes', field(p, 'AutoVerifiedAttributes'), toList);
  b.nested('password_policy', at(p, 'Policies.PasswordPolicy'), (pp, pv) => {
    pp.set('minimum_length', field(pv, 'MinimumLength'), toNum);
    pp.set('require_lowercase', field(pv, 'RequireLowercase'), toBool);
    pp.set('require_uppercase', field(pv, 'RequireUppercase'), toBool);
    pp.set('require_numbers', field(pv, 'RequireNumbers'), toBool);
    pp.set('require_symbols', field(pv, 'RequireSymbols'), toBool);
    pp.set('temporary_password_validity_days', field(pv, 'TemporaryPasswordValidityDays'), toNum);
    pp.set('password_history_size', field(pv, 'PasswordHistorySize'), toNum);
  });
  b.nested('user_pool_add_ons', field(p, 'UserPoolAddOns'), (a, av) => a.set('advanced_security_mode', field(av, 'AdvancedSecurityMode')));
  tags(b, p, 'UserPoolTags');
};

const identityPool: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_cognito_identity_pool');
  b.set('identity_pool_name', field(p, 'IdentityPoolName'));
  b.set('allow_unauthenticated_identities', field(p, 'AllowUnauthenticatedIdentities'), toBool);
  b.set('allow_classic_flow', field(p, 'AllowClassicFlow'), toBool);
};

const graphqlApi: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_appsync_graphql_api');
  b.set('name', field(p, 'Name'));
  b.set('authentication_type', field(p, 'AuthenticationType'));
  b.set('xray_enabled', field(p, 'XrayEnabled'), toBool);
  b.set('visibility', field(p, 'Visibility'));
  b.nested('log_config', field(p, 'LogConfig'), (l, lv) => {
    l.set('cloudwatch_logs_role_arn', field(lv, 'CloudWatchLogsRoleArn'));
    l.set('field_log_level', field(lv, 'FieldLogLevel'));
    l.set('exclude_verbose_content', field(lv, 'ExcludeVerboseContent'), toBool);
  });
  b.each('additional_authentication_provider', field(p, 'AdditionalAuthenticationProviders'), (a, av) => a.set('authentication_type', field(av, 'AuthenticationType')));
  tags(b, p);
};

const transferServer: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_transfer_server');
  b.set('endpoint_type', field(p, 'EndpointType'));
  b.set('protocols', field(p, 'Protocols'), toList);
  b.set('identity_provider_type', field(p, 'IdentityProviderType'));
  b.set('security_policy_name', field(p, 'SecurityPolicyName'));
  b.set('logging_role', field(p, 'LoggingRole'));
  b.set('domain', field(p, 'Domain'));
  tags(b, p);
};

const codebuildProject: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_codebuild_project');
  b.set('name', field(p, 'Name'));
  b.set('service_role', field(p, 'ServiceRole'));
  b.set('encryption_key', field(p, 'EncryptionKey'));
  b.nested('environment', field(p, 'Environment'), (e, ev) => {
    e.set('compute_type', field(ev, 'ComputeType'));
    e.set('image', field(ev, 'Image'));
    e.set('type', field(ev, 'Type'));
    e.set('privileged_mode', field(ev, 'PrivilegedMode'), toBool);
    e.each('environment_variable', field(ev, 'EnvironmentVariables'), (v, vv) => {
      v.set('name', field(vv, 'Name'));
      v.set('value', field(vv, 'Value'));
      v.set('type', field(vv, 'Type'));
    });
  });
  const artifact = (a: Block, av: PV): void => {
    a.set('type', field(av, 'Type'));
    a.set('location', field(av, 'Location'));
    a.set('artifact_identifier', field(av, 'ArtifactIdentifier'));
    a.set('encryption_disabled', field(av, 'EncryptionDisabled'), toBool);
  };
  b.nested('artifacts', field(p, 'Artifacts'), artifact);
  b.each('secondary_artifacts', field(p, 'SecondaryArtifacts'), artifact);
  const source = (s: Block, sv: PV): void => {
    s.set('type', field(sv, 'Type'));
    s.set('location', field(sv, 'Location'));
    s.set('source_identifier', field(sv, 'SourceIdentifier'));
    s.set('insecure_ssl', field(sv, 'InsecureSsl'), toBool);
    s.set('buildspec', field(sv, 'BuildSpec'));
  };
  b.nested('source', field(p, 'Source'), source);
  b.each('secondary_sources', field(p, 'SecondarySources'), source);
  b.nested('logs_config', field(p, 'LogsConfig'), (l, lv) => {
    l.nested('cloudwatch_logs', field(lv, 'CloudWatchLogs'), (c, cv) => {
      c.set('status', field(cv, 'Status'));
      c.set('group_name', field(cv, 'GroupName'));
    });
    l.nested('s3_logs', field(lv, 'S3Logs'), (s, sv) => {
      s.set('status', field(sv, 'Status'));
      s.set('location', field(sv, 'Location'));
      s.set('encryption_disabled', field(sv, 'EncryptionDisabled'), toBool);
    });
  });
  tags(b, p);
};

const athenaWorkgroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_athena_workgroup');
  b.set('name', field(p, 'Name'));
  b.set('state', field(p, 'State'));
  b.nested('configuration', field(p, 'WorkGroupConfiguration'), (c, cv) => {
    c.set('enforce_workgroup_configuration', field(cv, 'EnforceWorkGroupConfiguration'), toBool);
    c.set('publish_cloudwatch_metrics_enabled', field(cv, 'PublishCloudWatchMetricsEnabled'), toBool);
    c.nested('result_configuration', field(cv, 'ResultConfiguration'), (r, rv) => {
      r.set('output_location', field(rv, 'OutputLocation'));
      r.nested('encryption_configuration', field(rv, 'EncryptionConfiguration'), (e, ev) => {
        e.set('encryption_option', field(ev, 'EncryptionOption'));
        e.set('kms_key_arn', field(ev, 'KmsKey'));
      });
    });
  });
  tags(b, p);
};

/** Terraform holds documents as strings; a known CloudFormation object becomes its JSON. */
const jsonString = (v: Value): Value => (isObject(v) && isWhollyKnown(v) ? JSON.stringify(v) : v);

const ssmParameter: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ssm_parameter');
  b.set('name', field(p, 'Name'));
  b.set('type', field(p, 'Type'));
  b.set('value', field(p, 'Value'));
  b.set('tier', field(p, 'Tier'));
  b.set('description', field(p, 'Description'));
  tags(b, p);
};

const ssmDocument: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ssm_document');
  b.set('name', field(p, 'Name'));
  b.set('document_type', field(p, 'DocumentType'));
  b.set('document_format', field(p, 'DocumentFormat'));
  b.set('content', field(p, 'Content'), jsonString);
  tags(b, p);
};

const guardDuty: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_guardduty_detector');
  b.set('enable', field(p, 'Enable'), toBool);
  b.set('finding_publishing_frequency', field(p, 'FindingPublishingFrequency'));
  b.nested('datasources', field(p, 'DataSources'), (d, dv) => {
    d.nested('s3_logs', field(dv, 'S3Logs'), (s, sv) => s.set('enable', field(sv, 'Enable'), toBool));
    d.nested('kubernetes', field(dv, 'Kubernetes'), (k, kv) => {
      k.nested('audit_logs', field(kv, 'AuditLogs'), (a, av) => a.set('enable', field(av, 'Enable'), toBool));
    });
  });
  tags(b, p);
  // Features are separate aws_guardduty_detector_feature resources in Terraform.
  items(field(p, 'Features')).forEach((f, i) => {
    const x = t.extra(`Features.${i}`, 'aws_guardduty_detector_feature', f.line);
    x.value('detector_id', t.self());
    x.set('name', field(f, 'Name'));
    x.set('status', field(f, 'Status'));
    x.each('additional_configuration', field(f, 'AdditionalConfiguration'), (a, av) => {
      a.set('name', field(av, 'Name'));
      a.set('status', field(av, 'Status'));
    });
  });
};

const configRecorder: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_config_configuration_recorder');
  b.set('name', field(p, 'Name'));
  b.set('role_arn', field(p, 'RoleARN'));
  b.nested('recording_group', field(p, 'RecordingGroup'), (g, gv) => {
    g.set('all_supported', field(gv, 'AllSupported'), toBool);
    g.set('include_global_resource_types', field(gv, 'IncludeGlobalResourceTypes'), toBool);
    g.set('resource_types', field(gv, 'ResourceTypes'), toList);
  });
};

const backupVault: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_backup_vault');
  b.set('name', field(p, 'BackupVaultName'));
  b.set('kms_key_arn', field(p, 'EncryptionKeyArn'));
  tags(b, p, 'BackupVaultTags');
  const policy = field(p, 'AccessPolicy');
  if (policy) {
    const x = t.extra('AccessPolicy', 'aws_backup_vault_policy', policy.line);
    x.value('backup_vault_name', t.self());
    x.set('policy', policy);
  }
};

const workspace: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_workspaces_workspace');
  b.set('bundle_id', field(p, 'BundleId'));
  b.set('directory_id', field(p, 'DirectoryId'));
  b.set('user_name', field(p, 'UserName'));
  b.set('root_volume_encryption_enabled', field(p, 'RootVolumeEncryptionEnabled'), toBool);
  b.set('user_volume_encryption_enabled', field(p, 'UserVolumeEncryptionEnabled'), toBool);
  b.set('volume_encryption_key', field(p, 'VolumeEncryptionKey'));
  tags(b, p);
};

const sagemakerEndpointConfig: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sagemaker_endpoint_configuration');
  b.set('name', field(p, 'EndpointConfigName'));
  b.set('kms_key_arn', field(p, 'KmsKeyId'));
  tags(b, p);
};

const sagemakerDomain: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sagemaker_domain');
  b.set('domain_name', field(p, 'DomainName'));
  b.set('auth_mode', field(p, 'AuthMode'));
  b.set('app_network_access_type', field(p, 'AppNetworkAccessType'));
  b.set('kms_key_id', field(p, 'KmsKeyId'));
  b.set('vpc_id', field(p, 'VpcId'));
  b.set('subnet_ids', field(p, 'SubnetIds'), toList);
  tags(b, p);
};

export const app: Record<string, Translator> = {
  'AWS::Cognito::UserPool': userPool,
  'AWS::Cognito::IdentityPool': identityPool,
  'AWS::AppSync::GraphQLApi': graphqlApi,
  'AWS::Transfer::Server': transferServer,
  'AWS::CodeBuild::Project': codebuildProject,
  'AWS::Athena::WorkGroup': athenaWorkgroup,
  'AWS::SSM::Parameter': ssmParameter,
  'AWS::SSM::Document': ssmDocument,
  'AWS::GuardDuty::Detector': guardDuty,
  'AWS::Config::ConfigurationRecorder': configRecorder,
  'AWS::Backup::BackupVault': backupVault,
  'AWS::WorkSpaces::Workspace': workspace,
  'AWS::SageMaker::EndpointConfig': sagemakerEndpointConfig,
  'AWS::SageMaker::Domain': sagemakerDomain,
};
