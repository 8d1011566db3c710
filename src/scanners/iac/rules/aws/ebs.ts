import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { accountEncryptsByDefault } from './ec2.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

export const ebsRules: CloudRule[] = [
  {
    id: 'iac/aws/ebs-volume-unencrypted',
    title: 'EBS volume not encrypted',
    severity: 'medium',
    cwe: [311],
    description: 'The EBS volume is stored unencrypted (the provider default), so its data and every snapshot taken from it are readable without a KMS permission.',
    remediation: 'Set `encrypted = true` (and `kms_key_id` for a customer-managed key), or enable `aws_ebs_encryption_by_default`.',
    references: [doc('ebs_volume')],
    provider: 'aws',
    types: ['aws_ebs_volume'],
    check(r, report, { graph }) {
      const enc = r.attrs['encrypted'];
      if (isUnknown(enc) || isTrue(enc)) return;
      if (isFalse(enc)) {
        report('encrypted', 'the volume is explicitly unencrypted');
        return;
      }
      // A volume restored from a snapshot inherits its encryption; a KMS key implies it.
      if (!isAbsent(r.attrs['snapshot_id']) || !isAbsent(r.attrs['kms_key_id']) || accountEncryptsByDefault(graph)) return;
      report(null, 'the volume does not set encrypted = true (defaults to unencrypted)');
    },
  },
  {
    id: 'iac/aws/ebs-encryption-by-default-disabled',
    title: 'EBS encryption by default turned off',
    severity: 'medium',
    cwe: [311],
    description: 'The account-and-region setting that encrypts every new EBS volume and snapshot copy is disabled, so any volume created without an explicit flag is unencrypted.',
    remediation: 'Set `enabled = true` on `aws_ebs_encryption_by_default`.',
    references: [doc('ebs_encryption_by_default')],
    provider: 'aws',
    types: ['aws_ebs_encryption_by_default'],
    check(r, report) {
      if (isFalse(r.attrs['enabled'])) report('enabled', 'EBS encryption by default is disabled');
    },
  },
  {
    id: 'iac/aws/ebs-snapshot-public-access-unblocked',
    title: 'EBS snapshot block public access turned off',
    severity: 'high',
    cwe: [284],
    description: 'With the region\'s block public access for snapshots set to "unblocked", any snapshot can be shared with everyone, exposing disk contents to all AWS accounts.',
    remediation: 'Set `state = "block-all-sharing"` (or "block-new-sharing") on `aws_ebs_snapshot_block_public_access`.',
    references: [doc('ebs_snapshot_block_public_access'), 'https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html'],
    provider: 'aws',
    types: ['aws_ebs_snapshot_block_public_access'],
    check(r, report) {
      if (str(r.attrs['state']) === 'unblocked') report('state', 'public sharing of EBS snapshots is not blocked');
    },
  },
  {
    id: 'iac/aws/ebs-snapshot-public',
    title: 'EBS snapshot shared with everyone',
    severity: 'high',
    cwe: [200],
    description: 'A create-volume permission for "all" makes the snapshot public: any AWS account can create a volume from it and read the disk contents.',
    remediation: 'Grant `aws_snapshot_create_volume_permission` to specific `account_id`s only.',
    references: [doc('snapshot_create_volume_permission'), 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html'],
    provider: 'aws',
    types: ['aws_snapshot_create_volume_permission'],
    check(r, report) {
      if (str(r.attrs['account_id'])?.toLowerCase() === 'all') report('account_id', 'the snapshot can be restored by every AWS account');
    },
  },
  {
    id: 'iac/aws/ebs-snapshot-copy-unencrypted',
    title: 'EBS snapshot copy not encrypted',
    severity: 'medium',
    cwe: [311],
    description: 'A snapshot copy made without `encrypted = true` stays unencrypted when its source is, so the disk data is kept (often in another region) without encryption at rest.',
    remediation: 'Set `encrypted = true` (and `kms_key_id`) on `aws_ebs_snapshot_copy`.',
    references: [doc('ebs_snapshot_copy')],
    provider: 'aws',
    types: ['aws_ebs_snapshot_copy'],
    check(r, report, { graph }) {
      const enc = r.attrs['encrypted'];
      if (isUnknown(enc) || isTrue(enc)) return;
      if (isFalse(enc)) report('encrypted', 'the snapshot copy is explicitly unencrypted');
      // A copy keeps its source's encryption (an encrypted source always gives an encrypted copy):
      // missing `encrypted` is only bad when the source is known to be unencrypted.
      else if (isAbsent(r.attrs['kms_key_id']) && !accountEncryptsByDefault(graph) && sourceUnencrypted(r, graph)) report(null, 'the snapshot copy does not set encrypted = true and its source is unencrypted');
    },
  },
];

/** The snapshot a copy is made from is in the configuration and known to be unencrypted. */
function sourceUnencrypted(copy: Resource, graph: ResourceGraph): boolean {
  return graph.targets(copy, 'source_snapshot_id', ['aws_ebs_snapshot', 'aws_ebs_snapshot_copy']).some((snap) => {
    if (snap.type === 'aws_ebs_snapshot_copy') return isFalse(snap.attrs['encrypted']) || (isAbsent(snap.attrs['encrypted']) && isAbsent(snap.attrs['kms_key_id']) && sourceUnencrypted(snap, graph));
    return graph.targets(snap, 'volume_id', ['aws_ebs_volume']).some((v) => isFalse(v.attrs['encrypted']) || (isAbsent(v.attrs['encrypted']) && isAbsent(v.attrs['kms_key_id'])));
  });
}
