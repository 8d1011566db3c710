import { isUnknown, isWhollyKnown, Unknown, type Value } from '../../../model/value.js';
import { at, field, items, toBool, toList, toNum, type PV } from '../pv.js';
import { tags, type Translation, type Translator } from '../translation.js';

const topic: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sns_topic');
  b.set('name', field(p, 'TopicName'));
  b.set('kms_master_key_id', field(p, 'KmsMasterKeyId'));
  b.set('fifo_topic', field(p, 'FifoTopic'), toBool);
  b.set('content_based_deduplication', field(p, 'ContentBasedDeduplication'), toBool);
  tags(b, p);
};

/**
 * TopicPolicy / QueuePolicy apply one document to a list of targets; Terraform has one policy
 * resource per target. The first keeps the logical id, the others get `<id>.<List>.<i>`.
 */
const targetPolicy = (type: string, listProp: string, attr: string): Translator => (t: Translation) => {
  const list = field(t.props, listProp);
  const targets: (PV | undefined)[] = list && list.value instanceof Unknown ? [list] : items(list);
  if (targets.length === 0) targets.push(undefined);
  targets.forEach((target, i) => {
    const b = i === 0 ? t.main(type) : t.extra(`${listProp}.${i}`, type, target!.line);
    b.set(attr, target);
    b.set('policy', field(t.props, 'PolicyDocument'));
  });
};

/** Terraform holds redrive policies as JSON strings. */
const jsonString = (v: Value): Value => (isWhollyKnown(v) && typeof v === 'object' && v !== null ? JSON.stringify(v) : v);

const queue: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sqs_queue');
  b.set('name', field(p, 'QueueName'));
  b.set('kms_master_key_id', field(p, 'KmsMasterKeyId'));
  b.set('sqs_managed_sse_enabled', field(p, 'SqsManagedSseEnabled'), toBool);
  b.set('kms_data_key_reuse_period_seconds', field(p, 'KmsDataKeyReusePeriodSeconds'), toNum);
  b.set('fifo_queue', field(p, 'FifoQueue'), toBool);
  b.set('message_retention_seconds', field(p, 'MessageRetentionPeriod'), toNum);
  b.set('visibility_timeout_seconds', field(p, 'VisibilityTimeout'), toNum);
  b.set('delay_seconds', field(p, 'DelaySeconds'), toNum);
  b.set('redrive_policy', field(p, 'RedrivePolicy'), jsonString);
  tags(b, p);
};

const stream: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_kinesis_stream');
  b.set('name', field(p, 'Name'));
  b.set('shard_count', field(p, 'ShardCount'), toNum);
  b.set('retention_period', field(p, 'RetentionPeriodHours'), toNum);
  b.set('encryption_type', at(p, 'StreamEncryption.EncryptionType'));
  b.set('kms_key_id', at(p, 'StreamEncryption.KeyId'));
  b.nested('stream_mode_details', field(p, 'StreamModeDetails'), (m, mv) => m.set('stream_mode', field(mv, 'StreamMode')));
  tags(b, p);
};

const mskCluster: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_msk_cluster');
  b.set('cluster_name', field(p, 'ClusterName'));
  b.set('kafka_version', field(p, 'KafkaVersion'));
  b.set('number_of_broker_nodes', field(p, 'NumberOfBrokerNodes'), toNum);
  b.set('enhanced_monitoring', field(p, 'EnhancedMonitoring'));
  b.nested('broker_node_group_info', field(p, 'BrokerNodeGroupInfo'), (g, gv) => {
    g.set('instance_type', field(gv, 'InstanceType'));
    g.set('client_subnets', field(gv, 'ClientSubnets'), toList);
    g.set('security_groups', field(gv, 'SecurityGroups'), toList);
    g.nested('connectivity_info', field(gv, 'ConnectivityInfo'), (c, cv) => {
      c.nested('public_access', field(cv, 'PublicAccess'), (pa, pv) => pa.set('type', field(pv, 'Type')));
    });
  });
  b.nested('encryption_info', field(p, 'EncryptionInfo'), (e, ev) => {
    e.set('encryption_at_rest_kms_key_arn', at(ev, 'EncryptionAtRest.DataVolumeKMSKeyId'));
    e.nested('encryption_in_transit', field(ev, 'EncryptionInTransit'), (x, xv) => {
      x.set('client_broker', field(xv, 'ClientBroker'));
      x.set('in_cluster', field(xv, 'InCluster'), toBool);
    });
  });
  b.nested('client_authentication', field(p, 'ClientAuthentication'), (c, cv) => {
    c.set('unauthenticated', at(cv, 'Unauthenticated.Enabled'), toBool);
    c.nested('sasl', field(cv, 'Sasl'), (s, sv) => {
      s.set('iam', at(sv, 'Iam.Enabled'), toBool);
      s.set('scram', at(sv, 'Scram.Enabled'), toBool);
    });
    c.nested('tls', field(cv, 'Tls'), (x, xv) => x.set('certificate_authority_arns', field(xv, 'CertificateAuthorityArnList'), toList));
  });
  b.nested('logging_info', field(p, 'LoggingInfo'), (l, lv) => {
    l.nested('broker_logs', field(lv, 'BrokerLogs'), (bl, bv) => {
      bl.nested('cloudwatch_logs', field(bv, 'CloudWatchLogs'), (c, cv) => {
        c.set('enabled', field(cv, 'Enabled'), toBool);
        c.set('log_group', field(cv, 'LogGroup'));
      });
      bl.nested('firehose', field(bv, 'Firehose'), (f, fv) => {
        f.set('enabled', field(fv, 'Enabled'), toBool);
        f.set('delivery_stream', field(fv, 'DeliveryStream'));
      });
      bl.nested('s3', field(bv, 'S3'), (s, sv) => {
        s.set('enabled', field(sv, 'Enabled'), toBool);
        s.set('bucket', field(sv, 'Bucket'));
        s.set('prefix', field(sv, 'Prefix'));
      });
    });
  });
  tags(b, p);
};

const subscription: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_sns_topic_subscription');
  b.set('topic_arn', field(p, 'TopicArn'));
  b.set('protocol', field(p, 'Protocol'));
  b.set('endpoint', field(p, 'Endpoint'));
  b.set('raw_message_delivery', field(p, 'RawMessageDelivery'), toBool);
};

/** Which *DestinationConfiguration a delivery stream has decides Terraform's `destination`. */
const FIREHOSE_DESTINATIONS: [string, string][] = [
  ['ExtendedS3DestinationConfiguration', 'extended_s3'],
  ['S3DestinationConfiguration', 'extended_s3'],
  ['RedshiftDestinationConfiguration', 'redshift'],
  ['ElasticsearchDestinationConfiguration', 'elasticsearch'],
  ['AmazonopensearchserviceDestinationConfiguration', 'opensearch'],
  ['SplunkDestinationConfiguration', 'splunk'],
  ['HttpEndpointDestinationConfiguration', 'http_endpoint'],
  ['SnowflakeDestinationConfiguration', 'snowflake'],
  ['IcebergDestinationConfiguration', 'iceberg'],
];

const firehose: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_kinesis_firehose_delivery_stream');
  b.set('name', field(p, 'DeliveryStreamName'));
  for (const [prop, dest] of FIREHOSE_DESTINATIONS) {
    const d = field(p, prop);
    if (d) {
      b.value('destination', isUnknown(d.value) ? d.value : dest, d.line);
      break;
    }
  }
  // The encryption input present means server-side encryption is on.
  b.nested('server_side_encryption', field(p, 'DeliveryStreamEncryptionConfigurationInput'), (s, sv) => {
    s.value('enabled', true, sv.line);
    s.set('key_type', field(sv, 'KeyType'));
    s.set('key_arn', field(sv, 'KeyARN'));
  });
  tags(b, p);
};

const mqBroker: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_mq_broker');
  b.set('broker_name', field(p, 'BrokerName'));
  b.set('engine_type', field(p, 'EngineType'));
  b.set('engine_version', field(p, 'EngineVersion'));
  b.set('host_instance_type', field(p, 'HostInstanceType'));
  b.set('deployment_mode', field(p, 'DeploymentMode'));
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('auto_minor_version_upgrade', field(p, 'AutoMinorVersionUpgrade'), toBool);
  b.set('security_groups', field(p, 'SecurityGroups'), toList);
  b.set('subnet_ids', field(p, 'SubnetIds'), toList);
  b.nested('logs', field(p, 'Logs'), (l, lv) => {
    l.set('general', field(lv, 'General'), toBool);
    l.set('audit', field(lv, 'Audit'), toBool);
  });
  b.nested('encryption_options', field(p, 'EncryptionOptions'), (e, ev) => {
    e.set('kms_key_id', field(ev, 'KmsKeyId'));
    e.set('use_aws_owned_key', field(ev, 'UseAwsOwnedKey'), toBool);
  });
  b.each('user', field(p, 'Users'), (u, uv) => {
    u.set('username', field(uv, 'Username'));
    u.set('password', field(uv, 'Password'));
    u.set('console_access', field(uv, 'ConsoleAccess'), toBool);
  });
  tags(b, p);
};

export const messaging: Record<string, Translator> = {
  'AWS::SNS::Topic': topic,
  'AWS::SNS::TopicPolicy': targetPolicy('aws_sns_topic_policy', 'Topics', 'arn'),
  'AWS::SQS::Queue': queue,
  'AWS::SQS::QueuePolicy': targetPolicy('aws_sqs_queue_policy', 'Queues', 'queue_url'),
  'AWS::Kinesis::Stream': stream,
  'AWS::MSK::Cluster': mskCluster,
  'AWS::SNS::Subscription': subscription,
  'AWS::KinesisFirehose::DeliveryStream': firehose,
  'AWS::AmazonMQ::Broker': mqBroker,
};
