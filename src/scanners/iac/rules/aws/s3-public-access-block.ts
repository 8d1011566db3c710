import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isAbsent, isFalse, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';

/** S3 Block Public Access: a bucket without a block, and each of the four settings left off. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block';
const GUIDE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html';

/**
 * The provider defaults every flag to false, so an omitted flag is as bad as `false`. An
 * Unknown flag stays silent.
 */
export function checkFlag(r: Resource, flag: string, report: CloudReport, effect: string): void {
  const v = r.attrs[flag];
  if (isFalse(v)) report(flag, `${flag} is false: ${effect}`);
  else if (isAbsent(v)) report(null, `${flag} is not set (defaults to false): ${effect}`);
}

function flagRule(flag: string, title: string, effect: string, severity: CloudRule['severity']): CloudRule {
  return {
    id: `iac/aws/s3-${flag.replace(/_/g, '-')}-disabled`,
    title,
    severity,
    cwe: [732],
    description: `The bucket's public access block leaves ${flag} off, so ${effect}.`,
    remediation: `Set \`${flag} = true\` in the aws_s3_bucket_public_access_block.`,
    references: [DOCS, GUIDE],
    provider: 'aws',
    types: ['aws_s3_bucket_public_access_block'],
    check(r, report) {
      checkFlag(r, flag, report, effect);
    },
  };
}

export const s3BlockPublicAcls = flagRule('block_public_acls', 'S3 public access block does not block public ACLs', 'new public ACLs on the bucket and its objects are accepted', 'medium');
export const s3BlockPublicPolicy = flagRule('block_public_policy', 'S3 public access block does not block public bucket policies', 'a bucket policy granting public access can be attached', 'medium');
export const s3IgnorePublicAcls = flagRule('ignore_public_acls', 'S3 public access block does not ignore public ACLs', 'existing public ACLs on the bucket and its objects stay in effect', 'medium');
export const s3RestrictPublicBuckets = flagRule('restrict_public_buckets', 'S3 public access block does not restrict public buckets', 'a public bucket policy keeps granting access to anyone', 'medium');

/** What the unit's public access blocks name without a reference: literal bucket names, and whether any is untraceable. */
interface LooseBlocks {
  names: Set<string>;
  untraceable: boolean;
}

// Computed once per unit: checking every bucket against every block would be quadratic.
const looseByGraph = new WeakMap<ResourceGraph, LooseBlocks>();

function looseBlocks(graph: ResourceGraph): LooseBlocks {
  let l = looseByGraph.get(graph);
  if (l) return l;
  l = { names: new Set(), untraceable: false };
  for (const pab of graph.ofType('aws_s3_bucket_public_access_block')) {
    const target = pab.attrs['bucket'];
    const literal = str(target);
    if (literal !== undefined) l.names.add(literal);
    // A computed `bucket` that leads to no resource of this unit (a variable, a module output): cannot tell.
    else if (!isAbsent(target) && graph.targets(pab, 'bucket').length === 0) l.untraceable = true;
  }
  looseByGraph.set(graph, l);
  return l;
}

/** True when some public access block in the unit covers `bucket`, or may and we cannot tell. */
function coveredOrUnclear(bucket: Resource, graph: ResourceGraph): boolean {
  if (graph.referrers(bucket, ['aws_s3_bucket_public_access_block']).length > 0) return true;
  const loose = looseBlocks(graph);
  if (loose.untraceable) return true;
  const name = str(bucket.attrs['bucket']);
  // A block naming a bucket literally covers ours when the names match, or when our name is unknown.
  return loose.names.size > 0 && (name === undefined || loose.names.has(name));
}

export const s3BucketPublicAccessBlockMissing: CloudRule = {
  id: 'iac/aws/s3-bucket-public-access-block-missing',
  title: 'S3 bucket has no public access block',
  severity: 'medium',
  cwe: [732],
  description: 'No aws_s3_bucket_public_access_block (and no account-level block) covers the bucket, so a later ACL or policy change can make it public without any guard rail.',
  remediation: 'Add an aws_s3_bucket_public_access_block for the bucket with all four settings true (or an aws_s3_account_public_access_block).',
  references: [DOCS, GUIDE],
  provider: 'aws',
  types: ['aws_s3_bucket'],
  check(r, report, ctx) {
    // An account-level block is checked by its own rule and covers every bucket.
    if (ctx.graph.ofType('aws_s3_account_public_access_block').length > 0) return;
    if (coveredOrUnclear(r, ctx.graph)) return;
    report(null, 'No public access block covers this bucket');
  },
};

export const s3PublicAccessBlockRules: CloudRule[] = [
  s3BucketPublicAccessBlockMissing,
  s3BlockPublicAcls,
  s3BlockPublicPolicy,
  s3IgnorePublicAcls,
  s3RestrictPublicBuckets,
];
