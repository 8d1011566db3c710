import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { blocks, isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { accountEncryptsByDefault } from './ec2.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

export const amiRules: CloudRule[] = [
  {
    id: 'iac/aws/ami-public-launch-permission',
    title: 'AMI shared publicly',
    severity: 'high',
    cwe: [200],
    description: 'A launch permission for the group "all" makes the AMI public: every AWS account can launch it and read its disks, including any credentials or code baked into the image.',
    remediation: 'Remove `group = "all"`; share the image with specific `account_id`s or an `organization_arn` instead.',
    references: [doc('ami_launch_permission')],
    provider: 'aws',
    types: ['aws_ami_launch_permission'],
    check(r, report) {
      if (str(r.attrs['group']) === 'all') report('group', 'the AMI is launchable by every AWS account');
    },
  },
  {
    id: 'iac/aws/ami-unencrypted',
    title: 'AMI with unencrypted volumes',
    severity: 'medium',
    cwe: [311],
    description: 'The image\'s EBS snapshots are not encrypted, so every instance launched from it starts on unencrypted disks and the snapshots can be shared without a KMS grant.',
    remediation: 'Set `encrypted = true` on `aws_ami_copy`, and on each `ebs_block_device` of `aws_ami` that does not come from an encrypted snapshot.',
    references: [doc('ami'), doc('ami_copy')],
    provider: 'aws',
    types: ['aws_ami', 'aws_ami_copy'],
    check(r, report, { graph }) {
      if (r.type === 'aws_ami_copy') {
        const enc = r.attrs['encrypted'];
        if (isFalse(enc)) report('encrypted', 'the AMI copy is explicitly unencrypted');
        // A copy keeps its source's encryption: missing `encrypted` is bad only for a source in
        // this configuration with unencrypted volumes, and never under account-wide EBS encryption.
        else if (isAbsent(enc) && isAbsent(r.attrs['kms_key_id']) && !accountEncryptsByDefault(graph) && graph.targets(r, 'source_ami_id', ['aws_ami']).some(hasPlainVolume)) {
          report(null, 'the AMI copy does not set encrypted = true and its source AMI has unencrypted volumes');
        }
        return;
      }
      if (accountEncryptsByDefault(graph)) {
        for (const { block, path } of blocks(r.attrs, 'ebs_block_device')) if (isFalse(block['encrypted'])) report(`${path}.encrypted`, 'the image volume is explicitly unencrypted');
        return;
      }
      for (const { block, path } of blocks(r.attrs, 'ebs_block_device')) {
        const enc = block['encrypted'];
        if (isUnknown(enc) || isTrue(enc)) continue;
        if (isFalse(enc)) report(`${path}.encrypted`, 'the image volume is explicitly unencrypted');
        // With a snapshot_id the volume's encryption is the snapshot's: only a missing flag without one is known bad.
        else if (isAbsent(block['snapshot_id'])) report(path, 'the image volume does not set encrypted = true');
      }
    },
  },
  {
    id: 'iac/aws/ami-public-access-unblocked',
    title: 'AMI block public access turned off',
    severity: 'medium',
    cwe: [284],
    description: 'With image block public access "unblocked" for the region, any AMI in the account can be made public by a single API call.',
    remediation: 'Set `state = "block-new-sharing"` on `aws_ec2_image_block_public_access`.',
    references: [doc('ec2_image_block_public_access')],
    provider: 'aws',
    types: ['aws_ec2_image_block_public_access'],
    check(r, report) {
      if (str(r.attrs['state']) === 'unblocked') report('state', 'public sharing of AMIs is not blocked');
    },
  },
];

/** An aws_ami with a volume that is neither encrypted nor made from a snapshot. */
function hasPlainVolume(ami: Resource): boolean {
  return blocks(ami.attrs, 'ebs_block_device').some(({ block }) => isFalse(block['encrypted']) || (isAbsent(block['encrypted']) && isAbsent(block['snapshot_id'])));
}
