/** Kinesis Data Streams and Data Firehose. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isGiven, isOneOf, requireTrue } from './rds-util.js';

export const kinesisStreamNotEncrypted = awsRule({
  id: 'kinesis-stream-not-encrypted',
  title: 'Kinesis stream is not encrypted',
  severity: 'medium',
  cwe: [311],
  description: 'Records in a stream with `encryption_type = "NONE"` (the default) are stored unencrypted for the whole retention period.',
  remediation: 'Set `encryption_type = "KMS"` and `kms_key_id` (e.g. `alias/aws/kinesis` or a customer managed key).',
  types: ['aws_kinesis_stream'],
  check(r, report) {
    const v = r.attrs['encryption_type'];
    if (v === undefined || v === null || isOneOf(v, 'NONE')) report('encryption_type', `${r.address} stores records unencrypted`);
  },
});

export const firehoseNotEncrypted = awsRule({
  id: 'firehose-not-encrypted',
  title: 'Firehose delivery stream is not encrypted',
  severity: 'low',
  cwe: [311],
  description: 'Without server-side encryption (off by default) records buffered in a Direct PUT delivery stream are stored unencrypted.',
  remediation: 'Add `server_side_encryption { enabled = true }` (with `key_type = "CUSTOMER_MANAGED_CMK"` for your own key).',
  types: ['aws_kinesis_firehose_delivery_stream'],
  check(r, report) {
    // With a Kinesis stream or MSK source, encryption is the source's; SSE cannot be set.
    if (isGiven(r.attrs['kinesis_source_configuration']) || isGiven(r.attrs['msk_source_configuration'])) return;
    requireTrue(r, 'server_side_encryption.0.enabled', report, `${r.address} does not encrypt buffered records`);
  },
});

export const kinesisRules: CloudRule[] = [kinesisStreamNotEncrypted, firehoseNotEncrypted];
