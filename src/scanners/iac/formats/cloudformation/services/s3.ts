import { isUnknown, type Value } from '../../../model/value.js';
import { at, field, toBool, toNum, type Block, type PV } from '../pv.js';
import { tags, type Translator } from '../translation.js';

/** CloudFormation AccessControl → Terraform canned ACL names. */
const CANNED_ACL: Record<string, string> = {
  Private: 'private',
  PublicRead: 'public-read',
  PublicReadWrite: 'public-read-write',
  AuthenticatedRead: 'authenticated-read',
  LogDeliveryWrite: 'log-delivery-write',
  BucketOwnerRead: 'bucket-owner-read',
  BucketOwnerFullControl: 'bucket-owner-full-control',
  AwsExecRead: 'aws-exec-read',
};
const acl = (v: Value): Value => (typeof v === 'string' ? (CANNED_ACL[v] ?? v) : v);

const bucket: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_s3_bucket');
  b.set('bucket', field(p, 'BucketName'));
  b.set('acl', field(p, 'AccessControl'), acl);
  const status = at(p, 'VersioningConfiguration.Status');
  b.nested('versioning', field(p, 'VersioningConfiguration'), (v) => {
    v.set('enabled', status, (s) => s === 'Enabled');
  });
  b.nested('server_side_encryption_configuration', field(p, 'BucketEncryption'), (sse, enc) => {
    const rules = field(enc, 'ServerSideEncryptionConfiguration');
    if (rules && isUnknown(rules.value)) return sse.set('rule', rules);
    sse.each('rule', rules, (rule, r) => {
      rule.nested('apply_server_side_encryption_by_default', field(r, 'ServerSideEncryptionByDefault'), (d, dv) => {
        d.set('sse_algorithm', field(dv, 'SSEAlgorithm'));
        d.set('kms_master_key_id', field(dv, 'KMSMasterKeyID'));
      });
      rule.set('bucket_key_enabled', field(r, 'BucketKeyEnabled'), toBool);
    });
  });
  b.nested('logging', field(p, 'LoggingConfiguration'), (l, lv) => {
    l.set('target_bucket', field(lv, 'DestinationBucketName'));
    l.set('target_prefix', field(lv, 'LogFilePrefix'));
  });
  b.set('object_lock_enabled', field(p, 'ObjectLockEnabled'), toBool);
  b.nested('object_lock_configuration', field(p, 'ObjectLockConfiguration'), (o, ov) => {
    o.set('object_lock_enabled', field(ov, 'ObjectLockEnabled'));
    o.nested('rule', field(ov, 'Rule'), (r, rv) => {
      r.nested('default_retention', field(rv, 'DefaultRetention'), (d, dv) => {
        d.set('mode', field(dv, 'Mode'));
        d.set('days', field(dv, 'Days'), toNum);
        d.set('years', field(dv, 'Years'), toNum);
      });
    });
  });
  b.nested('website', field(p, 'WebsiteConfiguration'), (w, wv) => {
    w.set('index_document', field(wv, 'IndexDocument'));
    w.set('error_document', field(wv, 'ErrorDocument'));
    w.set('redirect_all_requests_to', at(wv, 'RedirectAllRequestsTo.HostName'));
  });
  b.nested('replication_configuration', field(p, 'ReplicationConfiguration'), (r, rv) => {
    r.set('role', field(rv, 'Role'));
  });
  b.each('lifecycle_rule', at(p, 'LifecycleConfiguration.Rules'), (r, rv) => {
    r.set('id', field(rv, 'Id'));
    r.set('enabled', field(rv, 'Status'), (s) => s === 'Enabled');
    r.set('prefix', field(rv, 'Prefix'));
    const days = field(rv, 'ExpirationInDays');
    if (days) r.block('expiration', days.line).set('days', days, toNum);
    r.set('abort_incomplete_multipart_upload_days', at(rv, 'AbortIncompleteMultipartUpload.DaysAfterInitiation'), toNum);
  });
  tags(b, p);

  // Terraform models the public access block as its own resource; rules look for it there.
  const pab = field(p, 'PublicAccessBlockConfiguration');
  if (pab) publicAccessBlock(t.extra('PublicAccessBlock', 'aws_s3_bucket_public_access_block', pab.line), pab, t.self());
};

function publicAccessBlock(b: Block, pab: PV, self: Value): void {
  b.value('bucket', self);
  b.set('block_public_acls', field(pab, 'BlockPublicAcls'), toBool);
  b.set('block_public_policy', field(pab, 'BlockPublicPolicy'), toBool);
  b.set('ignore_public_acls', field(pab, 'IgnorePublicAcls'), toBool);
  b.set('restrict_public_buckets', field(pab, 'RestrictPublicBuckets'), toBool);
}

const bucketPolicy: Translator = (t) => {
  const b = t.main('aws_s3_bucket_policy');
  b.set('bucket', field(t.props, 'Bucket'));
  b.set('policy', field(t.props, 'PolicyDocument'));
};

export const s3: Record<string, Translator> = {
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
};
