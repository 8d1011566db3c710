/**
 * More CloudFormation cases for the AWS data and container rules (the Terraform and first
 * CloudFormation cases live in the db/app case files). Lines ending in `#!` are where the rule
 * must report, exactly once each. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

const PG = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.medium
      AllocatedStorage: "50"
      StorageEncrypted: true
`;

const NOTEBOOK = `Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sagemaker
      DirectInternetAccess: Disabled
      SubnetId: subnet-0a1b2c3d
      SecurityGroupIds: [sg-0a1b2c3d]
`;

const MSK = `Resources:
  Events:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: events
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 3
`;

const BROKERS = `      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ClientSubnets: [subnet-0a1b2c3d, subnet-4e5f6a7b, subnet-8c9d0e1f]
`;

const DOMAIN = `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
`;

const TASK = `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: "512"
      Memory: "1024"
`;

const EKS = `Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/eks-cluster
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        EndpointPublicAccess: false
`;

const BUILD = (env: string, extra = '', artifacts = '      Artifacts:\n        Type: NO_ARTIFACTS\n'): string => `Resources:
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/codebuild
${artifacts}      Environment:
        ComputeType: BUILD_GENERAL1_SMALL
        Image: aws/codebuild/standard:7.0
        Type: LINUX_CONTAINER
${env}      Source:
        Type: GITHUB
        Location: https://github.com/example/app.git
${extra}`;

const BROKER = (engine: string, extra: string, head = ''): string => `Resources:
  Broker:${head}
    Type: AWS::AmazonMQ::Broker
    Properties:
      BrokerName: jobs
      EngineType: ${engine}
      HostInstanceType: mq.m5.large
      DeploymentMode: SINGLE_INSTANCE
      AutoMinorVersionUpgrade: true
      Users:
        - Username: jobs
          Password: "{{resolve:secretsmanager:mq-jobs}}"
${extra}`;

const WORKGROUP = (config: string, head = ''): string => `Resources:
  Analysts:${head}
    Type: AWS::Athena::WorkGroup
    Properties:
      Name: analysts
      WorkGroupConfiguration:
${config}`;

export const cfnCases: CloudCase[] = [
  {
    rule: 'aws/db-reachable-from-internet',
    cfn: {
      flagged: `Resources:
  DbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: database
      VpcId: vpc-0a1b2c3d
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 3306
          ToPort: 3306
          CidrIp: 0.0.0.0/0
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      StorageEncrypted: true
      VPCSecurityGroups: [!GetAtt DbGroup.GroupId]
      PubliclyAccessible: true #!
`,
      clean: `Resources:
  DbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: database
      VpcId: vpc-0a1b2c3d
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 3306
          ToPort: 3306
          CidrIp: 10.0.0.0/16
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      StorageEncrypted: true
      VPCSecurityGroups: [!GetAtt DbGroup.GroupId]
      PubliclyAccessible: true
`,
    },
  },
  {
    rule: 'aws/db-reachable-from-internet',
    cfn: {
      flagged: `Resources:
  DbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: aurora
      VpcId: vpc-0a1b2c3d
  DbIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref DbGroup
      IpProtocol: tcp
      FromPort: 5432
      ToPort: 5432
      CidrIp: 0.0.0.0/0
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      StorageEncrypted: true
      VpcSecurityGroupIds: [!Ref DbGroup]
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-postgresql
      DBClusterIdentifier: !Ref Cluster
      DBInstanceClass: db.r6g.large
      PubliclyAccessible: true #!
`,
      clean: `Resources:
  DbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: aurora
      VpcId: vpc-0a1b2c3d
  DbIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref DbGroup
      IpProtocol: tcp
      FromPort: 5432
      ToPort: 5432
      SourceSecurityGroupId: sg-0a1b2c3d
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      StorageEncrypted: true
      VpcSecurityGroupIds: [!Ref DbGroup]
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-postgresql
      DBClusterIdentifier: !Ref Cluster
      DBInstanceClass: db.r6g.large
      PubliclyAccessible: true
`,
    },
  },
  {
    rule: 'aws/rds-retired-ca-certificate',
    cfn: {
      flagged: `${PG}      CACertificateIdentifier: rds-ca-2019 #!\n`,
      clean: `${PG}      CACertificateIdentifier: rds-ca-ecc384-g1\n`,
    },
  },
  {
    rule: 'aws/elasticache-redis-no-auth',
    cfn: {
      flagged: `Resources:
  Sessions: #!
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: true
`,
      clean: `Parameters:
  RedisToken:
    Type: String
    NoEcho: true
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: session store
      CacheNodeType: cache.t4g.small
      NumCacheClusters: 2
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: true
      AuthToken: !Ref RedisToken
`,
    },
  },
  {
    rule: 'aws/opensearch-audit-logs-disabled',
    cfn: {
      flagged: `Resources:
  Search: #!
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
      LogPublishingOptions:
        ES_APPLICATION_LOGS:
          CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:123456789012:log-group:os-app
          Enabled: true
`,
      clean: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
      LogPublishingOptions:
        AUDIT_LOGS:
          CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:123456789012:log-group:os-audit
          Enabled: true
`,
    },
  },
  {
    rule: 'aws/opensearch-anonymous-auth-enabled',
    cfn: {
      flagged: `${DOMAIN}      AdvancedSecurityOptions:\n        Enabled: true\n        AnonymousAuthEnabled: true #!\n`,
      clean: `${DOMAIN}      AdvancedSecurityOptions:\n        Enabled: true\n        AnonymousAuthEnabled: false\n`,
    },
  },
  {
    rule: 'aws/ecs-task-writable-root-filesystem',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api #!
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          ReadonlyRootFilesystem: false
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          ReadonlyRootFilesystem: true
`,
    },
  },
  {
    rule: 'aws/ecs-task-dangerous-capabilities',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api #!
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          LinuxParameters:
            Capabilities:
              Add: [SYS_ADMIN]
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          LinuxParameters:
            Capabilities:
              Drop: [ALL]
`,
    },
  },
  {
    rule: 'aws/ecs-task-docker-socket-mount',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
      Volumes:
        - Name: docker
          Host:
            SourcePath: /var/run/docker.sock #!
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
      Volumes:
        - Name: scratch
`,
    },
  },
  {
    rule: 'aws/redshift-ssl-not-required',
    cfn: {
      flagged: `Resources:
  Params:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: analytics
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: enable_user_activity_logging
          ParameterValue: "true"
        - ParameterName: require_ssl
          ParameterValue: "false" #!
`,
      clean: `Resources:
  Params:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: analytics
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: "true"
`,
    },
  },
  {
    rule: 'aws/rds-iam-auth-disabled',
    cfn: {
      flagged: `${PG}      EnableIAMDatabaseAuthentication: false #!\n`,
      clean: `${PG}      EnableIAMDatabaseAuthentication: true\n`,
    },
  },
  {
    rule: 'aws/rds-auto-minor-upgrade-disabled',
    cfn: {
      flagged: `${PG}      AutoMinorVersionUpgrade: false #!\n`,
      clean: `${PG}      AutoMinorVersionUpgrade: true\n`,
    },
  },
  {
    rule: 'aws/rds-performance-insights-no-cmk',
    cfn: {
      flagged: PG.replace('  Db:\n', '  Db: #!\n') + '      EnablePerformanceInsights: true\n',
      clean: `${PG}      EnablePerformanceInsights: true\n      PerformanceInsightsKMSKeyId: alias/pi\n`,
    },
  },
  {
    rule: 'aws/dynamodb-table-no-cmk',
    cfn: {
      flagged: `Resources:
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
      SSESpecification:
        SSEEnabled: false #!
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
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: alias/orders
`,
    },
  },
  {
    rule: 'aws/elasticache-redis-snapshots-disabled',
    cfn: {
      flagged: `Resources:
  Cache: #!
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t4g.micro
      NumCacheNodes: 1
`,
      clean: `Resources:
  Cache:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t4g.micro
      NumCacheNodes: 1
      SnapshotRetentionLimit: 3
`,
    },
  },
  {
    rule: 'aws/redshift-audit-logging-disabled',
    cfn: {
      flagged: `Resources:
  Warehouse: #!
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      Encrypted: true
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
      LoggingProperties:
        BucketName: audit-logs-123456789012
`,
    },
  },
  {
    rule: 'aws/redshift-enhanced-vpc-routing-disabled',
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
      EnhancedVpcRouting: false #!
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
      EnhancedVpcRouting: true
`,
    },
  },
  {
    rule: 'aws/opensearch-https-not-enforced',
    cfn: {
      flagged: `${DOMAIN}      DomainEndpointOptions:\n        EnforceHTTPS: false #!\n`,
      clean: `${DOMAIN}      DomainEndpointOptions:\n        EnforceHTTPS: true\n`,
    },
  },
  {
    rule: 'aws/opensearch-outdated-tls-policy',
    cfn: {
      flagged: `${DOMAIN}      DomainEndpointOptions:\n        EnforceHTTPS: true\n        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07 #!\n`,
      clean: `${DOMAIN}      DomainEndpointOptions:\n        EnforceHTTPS: true\n        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07\n`,
    },
  },
  {
    rule: 'aws/opensearch-public-access-policy',
    cfn: {
      flagged: `${DOMAIN}      AccessPolicies: #!
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: es:*
            Resource: arn:aws:es:eu-west-1:123456789012:domain/search/*
`,
      clean: `${DOMAIN}      VPCOptions:
        SubnetIds: [subnet-0a1b2c3d]
        SecurityGroupIds: [sg-0a1b2c3d]
      AccessPolicies:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: es:*
            Resource: arn:aws:es:eu-west-1:123456789012:domain/search/*
`,
    },
  },
  {
    rule: 'aws/opensearch-fine-grained-access-disabled',
    cfn: {
      flagged: `${DOMAIN}      AdvancedSecurityOptions:\n        Enabled: false #!\n`,
      clean: `${DOMAIN}      AdvancedSecurityOptions:\n        Enabled: true\n        InternalUserDatabaseEnabled: true\n`,
    },
  },
  {
    rule: 'aws/docdb-logs-not-exported',
    cfn: {
      flagged: `Resources:
  Catalog: #!
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUsername: catalog
      StorageEncrypted: true
`,
      clean: `Resources:
  Catalog:
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUsername: catalog
      StorageEncrypted: true
      EnableCloudwatchLogsExports: [audit, profiler]
`,
    },
  },
  {
    rule: 'aws/neptune-iam-auth-disabled',
    cfn: {
      flagged: `Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: true
      IamAuthEnabled: false #!
`,
      clean: `Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: true
      IamAuthEnabled: true
`,
    },
  },
  {
    rule: 'aws/eks-secrets-encryption-disabled',
    cfn: {
      flagged: EKS.replace('  Cluster:\n', '  Cluster: #!\n'),
      clean: `${EKS}      EncryptionConfig:
        - Resources: [secrets]
          Provider:
            KeyArn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  },
  {
    rule: 'aws/eks-control-plane-logging-disabled',
    cfn: {
      flagged: EKS.replace('  Cluster:\n', '  Cluster: #!\n'),
      clean: `${EKS}      Logging:
        ClusterLogging:
          EnabledTypes:
            - Type: api
            - Type: audit
`,
    },
  },
  {
    rule: 'aws/ecs-task-root-user',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api #!
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          User: root
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          User: "1000"
`,
    },
  },
  {
    rule: 'aws/ecs-task-plaintext-secret',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api #!
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          Environment:
            - Name: STRIPE_API_KEY
              Value: sk_live_51H8aBcDeFgHiJkLmNoPqRsT
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          Environment:
            - Name: STRIPE_API_KEY_ARN
              Value: arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-AbCdEf
          Secrets:
            - Name: STRIPE_API_KEY
              ValueFrom: arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-AbCdEf
`,
    },
  },
  {
    rule: 'aws/ecs-task-efs-transit-encryption-disabled',
    cfn: {
      flagged: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
      Volumes:
        - Name: uploads
          EFSVolumeConfiguration:
            FilesystemId: fs-0a1b2c3d
            TransitEncryption: DISABLED #!
`,
      clean: `${TASK}      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
      Volumes:
        - Name: uploads
          EFSVolumeConfiguration:
            FilesystemId: fs-0a1b2c3d
            TransitEncryption: ENABLED
`,
    },
  },
  {
    rule: 'aws/ecr-repository-policy-public',
    cfn: {
      flagged: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageTagMutability: IMMUTABLE
      RepositoryPolicyText: #!
        Version: "2012-10-17"
        Statement:
          - Sid: pull
            Effect: Allow
            Principal: "*"
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
`,
      clean: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageTagMutability: IMMUTABLE
      RepositoryPolicyText:
        Version: "2012-10-17"
        Statement:
          - Sid: pull
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::210987654321:root
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
`,
    },
  },
  {
    rule: 'aws/efs-policy-public',
    cfn: {
      flagged: `Resources:
  Shared:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
      FileSystemPolicy: #!
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite]
`,
      clean: `Resources:
  Shared:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
      FileSystemPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "*"
            Action: [elasticfilesystem:ClientMount]
            Condition:
              Bool:
                elasticfilesystem:AccessedViaMountTarget: "true"
`,
    },
  },
  {
    rule: 'aws/msk-in-cluster-encryption-disabled',
    cfn: {
      flagged: `${MSK}${BROKERS}      EncryptionInfo:\n        EncryptionInTransit:\n          InCluster: false #!\n`,
      clean: `${MSK}${BROKERS}      EncryptionInfo:\n        EncryptionInTransit:\n          InCluster: true\n`,
    },
  },
  {
    rule: 'aws/msk-public-access',
    cfn: {
      flagged: `${MSK}${BROKERS}        ConnectivityInfo:\n          PublicAccess:\n            Type: SERVICE_PROVIDED_EIPS #!\n`,
      clean: `${MSK}${BROKERS}        ConnectivityInfo:\n          PublicAccess:\n            Type: DISABLED\n`,
    },
  },
  {
    rule: 'aws/msk-unauthenticated-access',
    cfn: {
      flagged: `${MSK}${BROKERS}      ClientAuthentication:\n        Unauthenticated:\n          Enabled: true #!\n`,
      clean: `${MSK}${BROKERS}      ClientAuthentication:\n        Sasl:\n          Iam:\n            Enabled: true\n`,
    },
  },
  {
    rule: 'aws/msk-broker-logging-disabled',
    cfn: {
      flagged: MSK.replace('  Events:\n', '  Events: #!\n') + BROKERS,
      clean: `${MSK}${BROKERS}      LoggingInfo:
        BrokerLogs:
          CloudWatchLogs:
            Enabled: true
            LogGroup: /msk/events
`,
    },
  },
  {
    rule: 'aws/sagemaker-notebook-root-access',
    cfn: {
      flagged: `${NOTEBOOK}      RootAccess: Enabled #!\n`,
      clean: `${NOTEBOOK}      RootAccess: Disabled\n`,
    },
  },
  {
    rule: 'aws/sagemaker-notebook-no-kms',
    cfn: {
      flagged: NOTEBOOK.replace('  Notebook:\n', '  Notebook: #!\n') + '      RootAccess: Disabled\n',
      clean: `${NOTEBOOK}      RootAccess: Disabled\n      KmsKeyId: alias/notebooks\n`,
    },
  },
  {
    rule: 'aws/ecs-cluster-container-insights-disabled',
    cfn: {
      flagged: `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: batch
      ClusterSettings:
        - Name: containerInsights
          Value: disabled #!
  Default: #!
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: default-settings
`,
      clean: `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: batch
      ClusterSettings:
        - Name: containerInsights
          Value: enhanced
`,
    },
  },
  {
    rule: 'aws/ecs-service-public-ip',
    cfn: {
      flagged: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: main
      TaskDefinition: api:12
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-0a1b2c3d]
          AssignPublicIp: ENABLED #!
`,
      clean: `Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: main
      TaskDefinition: api:12
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-0a1b2c3d]
          AssignPublicIp: DISABLED
`,
    },
  },
  {
    rule: 'aws/eks-node-group-ssh-open',
    cfn: {
      flagged: `Resources:
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: platform
      NodeRole: arn:aws:iam::123456789012:role/eks-node
      Subnets: [subnet-0a1b2c3d]
      RemoteAccess: #!
        Ec2SshKey: ops-key
`,
      clean: `Resources:
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: platform
      NodeRole: arn:aws:iam::123456789012:role/eks-node
      Subnets: [subnet-0a1b2c3d]
      RemoteAccess:
        Ec2SshKey: ops-key
        SourceSecurityGroups: [sg-0a1b2c3d]
`,
    },
  },
  {
    rule: 'aws/mq-broker-publicly-accessible',
    cfn: {
      flagged: BROKER('RABBITMQ', '      PubliclyAccessible: true #!\n'),
      clean: BROKER('RABBITMQ', '      PubliclyAccessible: false\n'),
    },
  },
  {
    rule: 'aws/mq-broker-audit-log-disabled',
    cfn: {
      flagged: BROKER('ACTIVEMQ', '      PubliclyAccessible: false\n      Logs:\n        General: true\n        Audit: false #!\n'),
      clean: BROKER('ACTIVEMQ', '      PubliclyAccessible: false\n      Logs:\n        General: true\n        Audit: true\n'),
    },
  },
  {
    rule: 'aws/dms-replication-instance-public',
    cfn: {
      flagged: `Resources:
  Migrate:
    Type: AWS::DMS::ReplicationInstance
    Properties:
      ReplicationInstanceClass: dms.t3.medium
      AllocatedStorage: 50
      PubliclyAccessible: true #!
`,
      clean: `Resources:
  Migrate:
    Type: AWS::DMS::ReplicationInstance
    Properties:
      ReplicationInstanceClass: dms.t3.medium
      AllocatedStorage: 50
      PubliclyAccessible: false
`,
    },
  },
  {
    // CloudFormation omits PubliclyAccessible and the DMS API then defaults it to true.
    rule: 'aws/dms-replication-instance-public',
    cfn: {
      flagged: `Parameters:
  Subnets:
    Type: String
Resources:
  Replicator: #!
    Type: AWS::DMS::ReplicationInstance
    Properties:
      ReplicationInstanceClass: dms.c5.large
      ReplicationSubnetGroupIdentifier: !Ref Subnets
`,
      clean: `Parameters:
  Public:
    Type: String
    AllowedValues: ['true', 'false']
Resources:
  Replicator:
    Type: AWS::DMS::ReplicationInstance
    Properties:
      ReplicationInstanceClass: dms.c5.large
      PubliclyAccessible: !Ref Public
`,
    },
  },
  {
    rule: 'aws/dms-endpoint-ssl-disabled',
    cfn: {
      flagged: `Resources:
  Source:
    Type: AWS::DMS::Endpoint
    Properties:
      EndpointType: source
      EngineName: mysql
      ServerName: legacy-db.internal.example.com
      Port: 3306
      SslMode: none #!
`,
      clean: `Resources:
  Source:
    Type: AWS::DMS::Endpoint
    Properties:
      EndpointType: source
      EngineName: mysql
      ServerName: legacy-db.internal.example.com
      Port: 3306
      SslMode: verify-ca
      CertificateArn: arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOP
`,
    },
  },
  {
    rule: 'aws/codebuild-privileged-mode',
    cfn: {
      flagged: BUILD('        PrivilegedMode: true #!\n'),
      clean: BUILD('        PrivilegedMode: false\n'),
    },
  },
  {
    rule: 'aws/codebuild-artifact-encryption-disabled',
    cfn: {
      flagged: BUILD('', '', '      Artifacts:\n        Type: S3\n        Location: build-artifacts-123456789012\n        EncryptionDisabled: true #!\n'),
      clean: BUILD('', '', '      Artifacts:\n        Type: S3\n        Location: build-artifacts-123456789012\n'),
    },
  },
  {
    rule: 'aws/codebuild-plaintext-secret',
    cfn: {
      flagged: BUILD('        EnvironmentVariables:\n          - Name: STAGE\n            Value: prod\n          - Name: SONAR_TOKEN\n            Value: squ_4f1c2e9a7b3d5f6e8a0b1c2d3e4f5a6b7c8d9e0f #!\n'),
      clean: BUILD('        EnvironmentVariables:\n          - Name: SONAR_TOKEN\n            Type: PARAMETER_STORE\n            Value: /ci/sonar-token\n'),
    },
  },
  {
    rule: 'aws/codebuild-source-insecure-ssl',
    cfn: {
      flagged: BUILD('', '      SecondarySources:\n        - Type: GITHUB_ENTERPRISE\n          SourceIdentifier: shared\n          Location: https://git.example.internal/team/shared.git\n          InsecureSsl: true #!\n'),
      clean: BUILD('', '      SecondarySources:\n        - Type: GITHUB_ENTERPRISE\n          SourceIdentifier: shared\n          Location: https://git.example.internal/team/shared.git\n'),
    },
  },
  {
    rule: 'aws/athena-workgroup-settings-not-enforced',
    cfn: {
      flagged: WORKGROUP('        EnforceWorkGroupConfiguration: false #!\n'),
      clean: WORKGROUP('        EnforceWorkGroupConfiguration: true\n'),
    },
  },
  {
    rule: 'aws/athena-workgroup-results-not-encrypted',
    cfn: {
      flagged: WORKGROUP('        ResultConfiguration: #!\n          OutputLocation: s3://athena-results-123456789012/\n'),
      clean: WORKGROUP('        ResultConfiguration:\n          OutputLocation: s3://athena-results-123456789012/\n          EncryptionConfiguration:\n            EncryptionOption: SSE_KMS\n            KmsKey: alias/athena\n'),
    },
  },
  {
    rule: 'aws/dax-cluster-not-encrypted',
    cfn: {
      flagged: `Resources:
  Cache: #!
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.r5.large
      ReplicationFactor: 3
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
`,
      clean: `Resources:
  Cache:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.r5.large
      ReplicationFactor: 3
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
      SSESpecification:
        SSEEnabled: true
`,
    },
  },
  {
    rule: 'aws/dax-cluster-endpoint-not-encrypted',
    cfn: {
      flagged: `Resources:
  Cache:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.r5.large
      ReplicationFactor: 3
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
      ClusterEndpointEncryptionType: NONE #!
`,
      clean: `Resources:
  Cache:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.r5.large
      ReplicationFactor: 3
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
      ClusterEndpointEncryptionType: TLS
`,
    },
  },
  {
    rule: 'aws/docdb-tls-disabled',
    cfn: {
      flagged: `Resources:
  Params:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Description: catalog
      Family: docdb5.0
      Parameters:
        audit_logs: enabled
        tls: disabled #!
`,
      clean: `Resources:
  Params:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Description: catalog
      Family: docdb5.0
      Parameters:
        tls: enabled
`,
    },
  },
  {
    rule: 'aws/rds-parameter-group-tls-not-required',
    cfn: {
      flagged: `Resources:
  Params:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Description: orders
      Family: postgres14
      Parameters:
        rds.force_ssl: "0" #!
`,
      clean: `Resources:
  Params:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Description: orders
      Family: postgres14
      Parameters:
        rds.force_ssl: "1"
`,
    },
  },
  {
    rule: 'aws/rds-proxy-tls-not-required',
    cfn: {
      flagged: `Resources:
  Proxy:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: orders
      EngineFamily: POSTGRESQL
      RoleArn: arn:aws:iam::123456789012:role/rds-proxy
      VpcSubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
      RequireTLS: false #!
      Auth:
        - AuthScheme: SECRETS
          SecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf
`,
      clean: `Resources:
  Proxy:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: orders
      EngineFamily: POSTGRESQL
      RoleArn: arn:aws:iam::123456789012:role/rds-proxy
      VpcSubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
      RequireTLS: true
      Auth:
        - AuthScheme: SECRETS
          SecretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf
`,
    },
  },
  {
    rule: 'aws/elasticache-user-no-password',
    cfn: {
      flagged: `Resources:
  Reporting:
    Type: AWS::ElastiCache::User
    Properties:
      UserId: reporting
      UserName: reporting
      Engine: redis
      AccessString: on ~report:* +@read
      NoPasswordRequired: true #!
`,
      clean: `Resources:
  Reporting:
    Type: AWS::ElastiCache::User
    Properties:
      UserId: reporting
      UserName: reporting
      Engine: redis
      AccessString: on ~report:* +@read
      AuthenticationMode:
        Type: iam
`,
    },
  },
  {
    rule: 'aws/firehose-not-encrypted',
    cfn: {
      flagged: `Resources:
  Logs: #!
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: DirectPut
      ExtendedS3DestinationConfiguration:
        BucketARN: arn:aws:s3:::app-logs-123456789012
        RoleARN: arn:aws:iam::123456789012:role/firehose
`,
      clean: `Resources:
  Logs:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: DirectPut
      DeliveryStreamEncryptionConfigurationInput:
        KeyType: AWS_OWNED_CMK
      ExtendedS3DestinationConfiguration:
        BucketARN: arn:aws:s3:::app-logs-123456789012
        RoleARN: arn:aws:iam::123456789012:role/firehose
`,
    },
  },
  {
    rule: 'aws/memorydb-tls-disabled',
    cfn: {
      flagged: `Resources:
  Cache:
    Type: AWS::MemoryDB::Cluster
    Properties:
      ClusterName: cache
      ACLName: app-acl
      NodeType: db.t4g.small
      TLSEnabled: false #!
`,
      clean: `Resources:
  Cache:
    Type: AWS::MemoryDB::Cluster
    Properties:
      ClusterName: cache
      ACLName: app-acl
      NodeType: db.t4g.small
      TLSEnabled: true
`,
    },
  },
  {
    rule: 'aws/memorydb-open-access-acl',
    cfn: {
      flagged: `Resources:
  Cache:
    Type: AWS::MemoryDB::Cluster
    Properties:
      ClusterName: cache
      ACLName: open-access #!
      NodeType: db.t4g.small
`,
      clean: `Resources:
  Cache:
    Type: AWS::MemoryDB::Cluster
    Properties:
      ClusterName: cache
      ACLName: app-acl
      NodeType: db.t4g.small
`,
    },
  },
  {
    rule: 'aws/sagemaker-domain-public-internet',
    cfn: {
      flagged: `Resources:
  Studio:
    Type: AWS::SageMaker::Domain
    Properties:
      DomainName: studio
      AuthMode: IAM
      VpcId: vpc-0a1b2c3d
      SubnetIds: [subnet-0a1b2c3d]
      AppNetworkAccessType: PublicInternetOnly #!
      DefaultUserSettings:
        ExecutionRole: arn:aws:iam::123456789012:role/sagemaker
`,
      clean: `Resources:
  Studio:
    Type: AWS::SageMaker::Domain
    Properties:
      DomainName: studio
      AuthMode: IAM
      VpcId: vpc-0a1b2c3d
      SubnetIds: [subnet-0a1b2c3d]
      AppNetworkAccessType: VpcOnly
      DefaultUserSettings:
        ExecutionRole: arn:aws:iam::123456789012:role/sagemaker
`,
    },
  },
  {
    rule: 'aws/sagemaker-endpoint-config-no-kms',
    cfn: {
      flagged: `Resources:
  Config: #!
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: primary
          ModelName: churn
          InitialInstanceCount: 1
          InstanceType: ml.m5.large
`,
      clean: `Resources:
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      KmsKeyId: alias/sagemaker
      ProductionVariants:
        - VariantName: primary
          ModelName: churn
          InitialInstanceCount: 1
          InstanceType: ml.m5.large
`,
    },
  },
  {
    rule: 'aws/workspaces-volume-not-encrypted',
    cfn: {
      flagged: `Resources:
  Desk: #!
    Type: AWS::WorkSpaces::Workspace
    Properties:
      BundleId: wsb-b0s22j3d7
      DirectoryId: d-1234567890
      UserName: alice
`,
      clean: `Resources:
  Desk:
    Type: AWS::WorkSpaces::Workspace
    Properties:
      BundleId: wsb-b0s22j3d7
      DirectoryId: d-1234567890
      UserName: alice
      RootVolumeEncryptionEnabled: true
      UserVolumeEncryptionEnabled: true
      VolumeEncryptionKey: alias/aws/workspaces
`,
    },
  },
  {
    rule: 'aws/qldb-permissions-allow-all',
    cfn: {
      flagged: `Resources:
  Ledger:
    Type: AWS::QLDB::Ledger
    Properties:
      Name: payments
      PermissionsMode: ALLOW_ALL #!
`,
      clean: `Resources:
  Ledger:
    Type: AWS::QLDB::Ledger
    Properties:
      Name: payments
      PermissionsMode: STANDARD
`,
    },
  },
];
