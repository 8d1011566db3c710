import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('compute and containers', () => {
  test('AWS::Lambda::Function → aws_lambda_function', () => {
    const t = template('AWS::Lambda::Function', `
      FunctionName: fn
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt Role.Arn
      Environment:
        Variables:
          DB_PASSWORD: hunter2       # @var
      KmsKeyArn: arn:aws:kms:x
      TracingConfig:
        Mode: PassThrough            # @mode
      VpcConfig:
        SubnetIds: [s-1]
        SecurityGroupIds: [sg-1]
      DeadLetterConfig:
        TargetArn: arn:aws:sqs:dlq
      ReservedConcurrentExecutions: 5`) + '  Role:\n    Type: AWS::IAM::Role\n';
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_lambda_function');
    expect(r.attrs).toMatchObject({
      function_name: 'fn',
      runtime: 'python3.12',
      handler: 'app.handler',
      environment: [{ variables: { DB_PASSWORD: 'hunter2' } }],
      kms_key_arn: 'arn:aws:kms:x',
      tracing_config: [{ mode: 'PassThrough' }],
      vpc_config: [{ subnet_ids: ['s-1'], security_group_ids: ['sg-1'] }],
      dead_letter_config: [{ target_arn: 'arn:aws:sqs:dlq' }],
      reserved_concurrent_executions: 5,
    });
    expectUnknown(r.attrs['role'], ['Role']);
    expect(r.lines.get('environment.0.variables.DB_PASSWORD')).toBe(lineWith(t, '@var'));
    expect(r.lines.get('tracing_config.0.mode')).toBe(lineWith(t, '@mode'));
  });

  test('AWS::Lambda::Permission and AWS::Lambda::Url', () => {
    const t = `Resources:
  Fn:
    Type: AWS::Lambda::Function
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: "*"                 # @principal
      SourceArn: arn:aws:s3:::b
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE                 # @auth
`;
    const l = load(t);
    const p = res(l, 'Perm');
    expect(p.type).toBe('aws_lambda_permission');
    expect(p.attrs).toMatchObject({ action: 'lambda:InvokeFunction', principal: '*', source_arn: 'arn:aws:s3:::b' });
    expect(p.refs.get('function_name')).toEqual(['Fn']);
    expect(p.lines.get('principal')).toBe(lineWith(t, '@principal'));
    const u = res(l, 'Url');
    expect(u.type).toBe('aws_lambda_function_url');
    expect(u.attrs['authorization_type']).toBe('NONE');
    expect(u.refs.get('function_name')).toEqual(['Fn']);
    expect(u.lines.get('authorization_type')).toBe(lineWith(t, '@auth'));
  });

  test('AWS::ECS::TaskDefinition → aws_ecs_task_definition with ECS-API JSON container definitions', () => {
    const t = template('AWS::ECS::TaskDefinition', `
      Family: app
      NetworkMode: awsvpc
      Cpu: 256
      RequiresCompatibilities: [FARGATE]
      ContainerDefinitions:            # @defs
        - Name: web
          Image: !Sub "\${AWS::AccountId}.dkr.ecr.us-east-1.amazonaws.com/web:1"
          Privileged: "true"
          User: root
          ReadonlyRootFilesystem: false
          Environment:
            - Name: API_KEY
              Value: abc
          PortMappings:
            - ContainerPort: "80"
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: /ecs/app
      Volumes:
        - Name: data
          EFSVolumeConfiguration:
            FilesystemId: fs-1
            TransitEncryption: DISABLED   # @transit`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_ecs_task_definition');
    expect(r.attrs).toMatchObject({ family: 'app', network_mode: 'awsvpc', cpu: '256', requires_compatibilities: ['FARGATE'] });
    expect(JSON.parse(r.attrs['container_definitions'] as string)).toEqual([
      {
        name: 'web',
        privileged: true,
        user: 'root',
        readonlyRootFilesystem: false,
        environment: [{ name: 'API_KEY', value: 'abc' }],
        portMappings: [{ containerPort: 80 }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app' } },
      },
    ]);
    expect(r.lines.get('container_definitions')).toBe(lineWith(t, '@defs'));
    expect(r.attrs['volume']).toEqual([{ name: 'data', efs_volume_configuration: [{ file_system_id: 'fs-1', transit_encryption: 'DISABLED' }] }]);
    expect(r.lines.get('volume.0.efs_volume_configuration.0.transit_encryption')).toBe(lineWith(t, '@transit'));
  });

  test('ECS container definitions with an unknown user or privileged flag are Unknown as a whole', () => {
    const t = template('AWS::ECS::TaskDefinition', `
      ContainerDefinitions:
        - Name: web
          User: !Ref RunAs`, 'Parameters:\n  RunAs:\n    Type: String\n');
    expectUnknown(res(load(t), 'Res').attrs['container_definitions']);
  });

  test('ECS container definitions keep their references even when the JSON leaves the unknown image out', () => {
    const t = template('AWS::ECS::TaskDefinition', `
      ContainerDefinitions:
        - Name: web
          Image: !GetAtt Repo.RepositoryUri
          ReadonlyRootFilesystem: true`) + '  Repo:\n    Type: AWS::ECR::Repository\n';
    const r = res(load(t), 'Res');
    expect(JSON.parse(r.attrs['container_definitions'] as string)).toEqual([{ name: 'web', readonlyRootFilesystem: true }]);
    expect(r.refs.get('container_definitions')).toEqual(['Repo']);
  });

  test('AWS::ECR::Repository → aws_ecr_repository plus its policy', () => {
    const t = template('AWS::ECR::Repository', `
      RepositoryName: app
      ImageTagMutability: MUTABLE       # @mut
      ImageScanningConfiguration:
        ScanOnPush: false               # @scan
      EncryptionConfiguration:
        EncryptionType: KMS
        KmsKey: alias/ecr
      RepositoryPolicyText:             # @policy
        Statement: [{Effect: Allow, Principal: "*", Action: "ecr:*"}]`);
    const l = load(t);
    const r = res(l, 'Res');
    expect(r.type).toBe('aws_ecr_repository');
    expect(r.attrs).toEqual({
      name: 'app',
      image_tag_mutability: 'MUTABLE',
      image_scanning_configuration: [{ scan_on_push: false }],
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: 'alias/ecr' }],
    });
    expect(r.lines.get('image_tag_mutability')).toBe(lineWith(t, '@mut'));
    expect(r.lines.get('image_scanning_configuration.0.scan_on_push')).toBe(lineWith(t, '@scan'));
    const p = res(l, 'Res.Policy');
    expect(p.type).toBe('aws_ecr_repository_policy');
    expect(p.line).toBe(lineWith(t, '@policy'));
    expect(p.refs.get('repository')).toEqual(['Res']);
  });

  test('AWS::EKS::Cluster → aws_eks_cluster', () => {
    const t = template('AWS::EKS::Cluster', `
      Name: k8s
      RoleArn: arn:aws:iam::1:role/eks
      Version: "1.29"
      ResourcesVpcConfig:
        SubnetIds: [a, b]
        EndpointPublicAccess: true        # @public
        PublicAccessCidrs: [0.0.0.0/0]
      EncryptionConfig:
        - Resources: [secrets]
          Provider:
            KeyArn: key-arn
      Logging:
        ClusterLogging:
          EnabledTypes:
            - Type: api
            - Type: audit                 # @audit`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_eks_cluster');
    expect(r.attrs).toEqual({
      name: 'k8s',
      role_arn: 'arn:aws:iam::1:role/eks',
      version: '1.29',
      vpc_config: [{ subnet_ids: ['a', 'b'], endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }],
      encryption_config: [{ resources: ['secrets'], provider: [{ key_arn: 'key-arn' }] }],
      enabled_cluster_log_types: ['api', 'audit'],
    });
    expect(r.lines.get('vpc_config.0.endpoint_public_access')).toBe(lineWith(t, '@public'));
    expect(r.lines.get('enabled_cluster_log_types.1')).toBe(lineWith(t, '@audit'));
  });
});
