import { describe, expect, test } from 'vitest';
import { expectUnknown, lineWith, load, res, template } from './helpers.js';

describe('messaging and streaming', () => {
  test('AWS::SNS::Topic and TopicPolicy (one Terraform policy per topic)', () => {
    const t = `Resources:
  A:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: a
      KmsMasterKeyId: alias/aws/sns    # @kms
  B:
    Type: AWS::SNS::Topic
  P:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics:
        - !Ref A
        - !Ref B                       # @second
      PolicyDocument:                  # @doc
        Statement: [{Effect: Allow, Principal: "*", Action: "sns:Publish", Resource: "*"}]
`;
    const l = load(t);
    const a = res(l, 'A');
    expect(a.type).toBe('aws_sns_topic');
    expect(a.attrs).toEqual({ name: 'a', kms_master_key_id: 'alias/aws/sns' });
    expect(a.lines.get('kms_master_key_id')).toBe(lineWith(t, '@kms'));
    expect(res(l, 'B').attrs).toEqual({});
    const p0 = res(l, 'P');
    expect(p0.type).toBe('aws_sns_topic_policy');
    expect(p0.refs.get('arn')).toEqual(['A']);
    expect(p0.attrs['policy']).toEqual({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' }] });
    expect(p0.lines.get('policy')).toBe(lineWith(t, '@doc'));
    const p1 = res(l, 'P.Topics.1');
    expect(p1.type).toBe('aws_sns_topic_policy');
    expect(p1.line).toBe(lineWith(t, '@second'));
    expect(p1.refs.get('arn')).toEqual(['B']);
  });

  test('AWS::SQS::Queue and QueuePolicy', () => {
    const t = `Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: q
      SqsManagedSseEnabled: false   # @sse
      MessageRetentionPeriod: "86400"
      RedrivePolicy:
        deadLetterTargetArn: arn:aws:sqs:x
        maxReceiveCount: 3
  P:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Q]
      PolicyDocument: {Statement: []}   # @qdoc
`;
    const l = load(t);
    const q = res(l, 'Q');
    expect(q.type).toBe('aws_sqs_queue');
    expect(q.attrs).toEqual({
      name: 'q',
      sqs_managed_sse_enabled: false,
      message_retention_seconds: 86400,
      redrive_policy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:x', maxReceiveCount: 3 }),
    });
    expect(q.lines.get('sqs_managed_sse_enabled')).toBe(lineWith(t, '@sse'));
    const p = res(l, 'P');
    expect(p.type).toBe('aws_sqs_queue_policy');
    expectUnknown(p.attrs['queue_url'], ['Q']);
    expect(p.attrs['policy']).toEqual({ Statement: [] });
    expect(p.lines.get('policy')).toBe(lineWith(t, '@qdoc'));
  });

  test('AWS::Kinesis::Stream → aws_kinesis_stream', () => {
    const t = template('AWS::Kinesis::Stream', `
      Name: s
      ShardCount: 1
      RetentionPeriodHours: 24
      StreamEncryption:
        EncryptionType: KMS      # @type
        KeyId: alias/aws/kinesis`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_kinesis_stream');
    expect(r.attrs).toEqual({ name: 's', shard_count: 1, retention_period: 24, encryption_type: 'KMS', kms_key_id: 'alias/aws/kinesis' });
    expect(r.lines.get('encryption_type')).toBe(lineWith(t, '@type'));
  });

  test('AWS::MSK::Cluster → aws_msk_cluster', () => {
    const t = template('AWS::MSK::Cluster', `
      ClusterName: kafka
      KafkaVersion: 3.5.1
      NumberOfBrokerNodes: 3
      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ClientSubnets: [a, b, c]
        ConnectivityInfo:
          PublicAccess:
            Type: DISABLED
      EncryptionInfo:
        EncryptionAtRest:
          DataVolumeKMSKeyId: key-arn
        EncryptionInTransit:
          ClientBroker: TLS_PLAINTEXT     # @cb
          InCluster: true
      ClientAuthentication:
        Unauthenticated:
          Enabled: true
      LoggingInfo:
        BrokerLogs:
          CloudWatchLogs:
            Enabled: true
            LogGroup: /msk`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_msk_cluster');
    expect(r.attrs).toEqual({
      cluster_name: 'kafka',
      kafka_version: '3.5.1',
      number_of_broker_nodes: 3,
      broker_node_group_info: [{ instance_type: 'kafka.m5.large', client_subnets: ['a', 'b', 'c'], connectivity_info: [{ public_access: [{ type: 'DISABLED' }] }] }],
      encryption_info: [{ encryption_at_rest_kms_key_arn: 'key-arn', encryption_in_transit: [{ client_broker: 'TLS_PLAINTEXT', in_cluster: true }] }],
      client_authentication: [{ unauthenticated: true }],
      logging_info: [{ broker_logs: [{ cloudwatch_logs: [{ enabled: true, log_group: '/msk' }] }] }],
    });
    expect(r.lines.get('encryption_info.0.encryption_in_transit.0.client_broker')).toBe(lineWith(t, '@cb'));
  });
});
