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
];
