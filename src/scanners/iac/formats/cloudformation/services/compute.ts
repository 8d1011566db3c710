import { isObject } from '../../../model/value.js';
import { at, field, items, refsIn, toBool, toList, toNum, toStr } from '../pv.js';
import { tags, type Translator } from '../translation.js';
import { containerJson } from './container-json.js';

const lambdaFunction: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lambda_function');
  b.set('function_name', field(p, 'FunctionName'));
  b.set('role', field(p, 'Role'));
  b.set('runtime', field(p, 'Runtime'));
  b.set('handler', field(p, 'Handler'));
  b.set('timeout', field(p, 'Timeout'), toNum);
  b.set('memory_size', field(p, 'MemorySize'), toNum);
  b.set('package_type', field(p, 'PackageType'));
  b.set('architectures', field(p, 'Architectures'), toList);
  b.set('layers', field(p, 'Layers'), toList);
  b.set('image_uri', at(p, 'Code.ImageUri'));
  b.set('s3_bucket', at(p, 'Code.S3Bucket'));
  b.set('kms_key_arn', field(p, 'KmsKeyArn'));
  b.set('reserved_concurrent_executions', field(p, 'ReservedConcurrentExecutions'), toNum);
  b.set('code_signing_config_arn', field(p, 'CodeSigningConfigArn'));
  b.nested('environment', field(p, 'Environment'), (e, ev) => {
    e.set('variables', field(ev, 'Variables'));
    const vars = field(ev, 'Variables');
    for (const [k, v] of vars?.fields ?? []) e.lines.set(`${e.path}.variables.${k}`, v.line);
  });
  b.nested('tracing_config', field(p, 'TracingConfig'), (x, xv) => x.set('mode', field(xv, 'Mode')));
  // SAM (AWS::Serverless::Function) spells a few of these differently.
  const tracing = field(p, 'Tracing');
  if (tracing) b.block('tracing_config', tracing.line).set('mode', tracing);
  b.nested('dead_letter_config', field(p, 'DeadLetterQueue'), (d, dv) => d.set('target_arn', field(dv, 'TargetArn')));
  b.set('image_uri', field(p, 'ImageUri'));
  const url = field(p, 'FunctionUrlConfig');
  if (url) {
    const u = t.extra('Url', 'aws_lambda_function_url', url.line);
    u.value('function_name', t.self());
    u.set('authorization_type', field(url, 'AuthType'));
  }
  b.nested('vpc_config', field(p, 'VpcConfig'), (v, vv) => {
    v.set('subnet_ids', field(vv, 'SubnetIds'), toList);
    v.set('security_group_ids', field(vv, 'SecurityGroupIds'), toList);
  });
  b.nested('dead_letter_config', field(p, 'DeadLetterConfig'), (d, dv) => d.set('target_arn', field(dv, 'TargetArn')));
  tags(b, p);
};

const lambdaPermission: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lambda_permission');
  b.set('action', field(p, 'Action'));
  b.set('function_name', field(p, 'FunctionName'));
  b.set('principal', field(p, 'Principal'));
  b.set('source_arn', field(p, 'SourceArn'));
  b.set('source_account', field(p, 'SourceAccount'), toStr);
  b.set('principal_org_id', field(p, 'PrincipalOrgID'));
  b.set('function_url_auth_type', field(p, 'FunctionUrlAuthType'));
  b.set('event_source_token', field(p, 'EventSourceToken'));
};

const lambdaUrl: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lambda_function_url');
  b.set('function_name', field(p, 'TargetFunctionArn'));
  b.set('authorization_type', field(p, 'AuthType'));
  b.set('qualifier', field(p, 'Qualifier'));
  b.set('invoke_mode', field(p, 'InvokeMode'));
  b.nested('cors', field(p, 'Cors'), (c, cv) => {
    c.set('allow_origins', field(cv, 'AllowOrigins'), toList);
    c.set('allow_methods', field(cv, 'AllowMethods'), toList);
    c.set('allow_headers', field(cv, 'AllowHeaders'), toList);
    c.set('expose_headers', field(cv, 'ExposeHeaders'), toList);
    c.set('allow_credentials', field(cv, 'AllowCredentials'), toBool);
    c.set('max_age', field(cv, 'MaxAge'), toNum);
  });
};

const taskDefinition: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ecs_task_definition');
  b.set('family', field(p, 'Family'));
  b.set('cpu', field(p, 'Cpu'), toStr);
  b.set('memory', field(p, 'Memory'), toStr);
  b.set('network_mode', field(p, 'NetworkMode'));
  b.set('requires_compatibilities', field(p, 'RequiresCompatibilities'), toList);
  b.set('task_role_arn', field(p, 'TaskRoleArn'));
  b.set('execution_role_arn', field(p, 'ExecutionRoleArn'));
  b.set('pid_mode', field(p, 'PidMode'));
  b.set('ipc_mode', field(p, 'IpcMode'));
  const defs = field(p, 'ContainerDefinitions');
  if (defs) {
    b.value('container_definitions', containerJson(defs.value, `${t.id} container definitions`), defs.line);
    b.addRefs('container_definitions', refsIn(defs.value));
    items(defs).forEach((d, i) => b.lines.set(`container_definitions.${i}`, d.line));
  }
  b.each('volume', field(p, 'Volumes'), (v, vv) => {
    v.set('name', field(vv, 'Name'));
    v.set('host_path', at(vv, 'Host.SourcePath'));
    v.nested('efs_volume_configuration', field(vv, 'EFSVolumeConfiguration'), (e, ev) => {
      e.set('file_system_id', field(ev, 'FilesystemId'));
      e.set('root_directory', field(ev, 'RootDirectory'));
      e.set('transit_encryption', field(ev, 'TransitEncryption'));
      e.set('transit_encryption_port', field(ev, 'TransitEncryptionPort'), toNum);
      e.nested('authorization_config', field(ev, 'AuthorizationConfig'), (a, av) => {
        a.set('access_point_id', field(av, 'AccessPointId'));
        a.set('iam', field(av, 'IAM'));
      });
    });
  });
  tags(b, p);
};

const repository: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ecr_repository');
  b.set('name', field(p, 'RepositoryName'));
  b.set('image_tag_mutability', field(p, 'ImageTagMutability'));
  b.set('force_delete', field(p, 'EmptyOnDelete'), toBool);
  b.nested('image_scanning_configuration', field(p, 'ImageScanningConfiguration'), (s, sv) => s.set('scan_on_push', field(sv, 'ScanOnPush'), toBool));
  b.nested('encryption_configuration', field(p, 'EncryptionConfiguration'), (e, ev) => {
    e.set('encryption_type', field(ev, 'EncryptionType'));
    e.set('kms_key', field(ev, 'KmsKey'));
  });
  tags(b, p);
  const policy = field(p, 'RepositoryPolicyText');
  if (policy) {
    const x = t.extra('Policy', 'aws_ecr_repository_policy', policy.line);
    x.value('repository', t.self());
    x.set('policy', policy);
  }
  const lifecycle = at(p, 'LifecyclePolicy.LifecyclePolicyText');
  if (lifecycle) {
    const x = t.extra('LifecyclePolicy', 'aws_ecr_lifecycle_policy', lifecycle.line);
    x.value('repository', t.self());
    x.set('policy', lifecycle);
  }
};

const eksCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_eks_cluster');
  b.set('name', field(p, 'Name'));
  b.set('role_arn', field(p, 'RoleArn'));
  b.set('version', field(p, 'Version'), toStr);
  b.nested('vpc_config', field(p, 'ResourcesVpcConfig'), (v, vv) => {
    v.set('subnet_ids', field(vv, 'SubnetIds'), toList);
    v.set('security_group_ids', field(vv, 'SecurityGroupIds'), toList);
    v.set('endpoint_public_access', field(vv, 'EndpointPublicAccess'), toBool);
    v.set('endpoint_private_access', field(vv, 'EndpointPrivateAccess'), toBool);
    v.set('public_access_cidrs', field(vv, 'PublicAccessCidrs'), toList);
  });
  b.each('encryption_config', field(p, 'EncryptionConfig'), (e, ev) => {
    e.set('resources', field(ev, 'Resources'), toList);
    e.nested('provider', field(ev, 'Provider'), (x, xv) => x.set('key_arn', field(xv, 'KeyArn')));
  });
  // Logging.ClusterLogging.EnabledTypes: [{Type: api}, ...] → ["api", ...].
  const types = at(p, 'Logging.ClusterLogging.EnabledTypes');
  if (types) {
    b.set('enabled_cluster_log_types', types, (v) => (Array.isArray(v) ? v.map((x) => (isObject(x) ? (x['Type'] ?? null) : x)) : v));
    items(types).forEach((it, i) => b.lines.set(`enabled_cluster_log_types.${i}`, it.line));
  }
  b.nested('access_config', field(p, 'AccessConfig'), (a, av) => {
    a.set('authentication_mode', field(av, 'AuthenticationMode'));
    a.set('bootstrap_cluster_creator_admin_permissions', field(av, 'BootstrapClusterCreatorAdminPermissions'), toBool);
  });
  tags(b, p);
};

const ecsCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ecs_cluster');
  b.set('name', field(p, 'ClusterName'));
  b.each('setting', field(p, 'ClusterSettings'), (s, sv) => {
    s.set('name', field(sv, 'Name'));
    s.set('value', field(sv, 'Value'));
  });
  b.nested('configuration', field(p, 'Configuration'), (c, cv) => {
    c.nested('execute_command_configuration', field(cv, 'ExecuteCommandConfiguration'), (e, ev) => {
      e.set('kms_key_id', field(ev, 'KmsKeyId'));
      e.set('logging', field(ev, 'Logging'));
      e.nested('log_configuration', field(ev, 'LogConfiguration'), (l, lv) => {
        l.set('cloud_watch_encryption_enabled', field(lv, 'CloudWatchEncryptionEnabled'), toBool);
        l.set('cloud_watch_log_group_name', field(lv, 'CloudWatchLogGroupName'));
        l.set('s3_bucket_name', field(lv, 'S3BucketName'));
        l.set('s3_bucket_encryption_enabled', field(lv, 'S3EncryptionEnabled'), toBool);
        l.set('s3_key_prefix', field(lv, 'S3KeyPrefix'));
      });
    });
  });
  tags(b, p);
};

const ecsService: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ecs_service');
  b.set('name', field(p, 'ServiceName'));
  b.set('cluster', field(p, 'Cluster'));
  b.set('task_definition', field(p, 'TaskDefinition'));
  b.set('desired_count', field(p, 'DesiredCount'), toNum);
  b.set('launch_type', field(p, 'LaunchType'));
  b.set('platform_version', field(p, 'PlatformVersion'));
  b.set('enable_execute_command', field(p, 'EnableExecuteCommand'), toBool);
  // AssignPublicIp is ENABLED/DISABLED in CloudFormation, a boolean in Terraform.
  b.nested('network_configuration', at(p, 'NetworkConfiguration.AwsvpcConfiguration'), (n, nv) => {
    n.set('subnets', field(nv, 'Subnets'), toList);
    n.set('security_groups', field(nv, 'SecurityGroups'), toList);
    n.set('assign_public_ip', field(nv, 'AssignPublicIp'), (v) => (v === 'ENABLED' ? true : v === 'DISABLED' ? false : v));
  });
  tags(b, p);
};

const eksNodegroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_eks_node_group');
  b.set('cluster_name', field(p, 'ClusterName'));
  b.set('node_group_name', field(p, 'NodegroupName'));
  b.set('node_role_arn', field(p, 'NodeRole'));
  b.set('subnet_ids', field(p, 'Subnets'), toList);
  b.set('ami_type', field(p, 'AmiType'));
  b.set('instance_types', field(p, 'InstanceTypes'), toList);
  b.nested('remote_access', field(p, 'RemoteAccess'), (r, rv) => {
    r.set('ec2_ssh_key', field(rv, 'Ec2SshKey'));
    r.set('source_security_group_ids', field(rv, 'SourceSecurityGroups'), toList);
  });
  tags(b, p);
};

const layerPermission: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lambda_layer_version_permission');
  b.set('layer_name', field(p, 'LayerVersionArn'));
  b.set('action', field(p, 'Action'));
  b.set('principal', field(p, 'Principal'), toStr);
  b.set('organization_id', field(p, 'OrganizationId'));
};

export const compute: Record<string, Translator> = {
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Serverless::Function': lambdaFunction,
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::Lambda::Url': lambdaUrl,
  'AWS::ECS::TaskDefinition': taskDefinition,
  'AWS::ECR::Repository': repository,
  'AWS::EKS::Cluster': eksCluster,
  'AWS::ECS::Cluster': ecsCluster,
  'AWS::ECS::Service': ecsService,
  'AWS::EKS::Nodegroup': eksNodegroup,
  'AWS::Lambda::LayerVersionPermission': layerPermission,
};
