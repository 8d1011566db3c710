import type { Resource } from '../../model/resource.js';
import { blocks, isFalse, str, strings } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';
import { explicitIn } from './kms-util.js';

/** S3 bucket, object and bucket-policy rules (public-access-block rules live in s3-public-access-block.ts). */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

/** Canned ACLs that grant access outside the account. */
const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
/** Grantee groups meaning everyone / every AWS account holder. */
const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

const isPublicGroup = (uri: string | undefined): boolean => uri !== undefined && PUBLIC_GROUPS.includes(uri.trim());

function checkCannedAcl(r: Resource, report: CloudReport, what: string): void {
  const acl = str(r.attrs['acl']);
  if (acl !== undefined && PUBLIC_ACLS.has(acl.trim().toLowerCase())) report('acl', `${what} uses the canned ACL "${acl}", which grants access outside the account`);
}

export const s3BucketPublicAcl: CloudRule = {
  id: 'iac/aws/s3-bucket-public-acl',
  title: 'S3 bucket ACL grants public access',
  severity: 'high',
  cwe: [732],
  description: 'A public-read, public-read-write or authenticated-read ACL (or a grant to the AllUsers / AuthenticatedUsers group) lets anyone on the internet, or any AWS account, list or change the bucket.',
  remediation: 'Set `acl = "private"` (or drop ACLs and use `object_ownership = "BucketOwnerEnforced"`), and remove grants to the AllUsers and AuthenticatedUsers groups.',
  references: [`${DOCS}s3_bucket_acl`, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html'],
  provider: 'aws',
  types: ['aws_s3_bucket', 'aws_s3_bucket_acl'],
  check(r, report) {
    checkCannedAcl(r, report, 'The bucket');
    // Legacy inline grants on aws_s3_bucket.
    for (const { block, path } of blocks(r.attrs, 'grant')) {
      if (isPublicGroup(str(block['uri']))) report(`${path}.uri`, 'The bucket ACL grants access to a public group');
    }
    // aws_s3_bucket_acl access_control_policy { grant { grantee { uri } } }.
    for (const acp of blocks(r.attrs, 'access_control_policy')) {
      for (const g of blocks(acp.block, 'grant', acp.path)) {
        for (const ge of blocks(g.block, 'grantee', g.path)) {
          if (isPublicGroup(str(ge.block['uri']))) report(`${ge.path}.uri`, 'The bucket ACL grants access to a public group');
        }
      }
    }
  },
};

export const s3ObjectPublicAcl: CloudRule = {
  id: 'iac/aws/s3-object-public-acl',
  title: 'S3 object ACL grants public access',
  severity: 'high',
  cwe: [732],
  description: 'An object uploaded with a public-read, public-read-write or authenticated-read ACL can be read by anyone, whatever the bucket policy says.',
  remediation: 'Set `acl = "private"` on the aws_s3_object (or omit it) and serve public content through CloudFront with origin access control.',
  references: [`${DOCS}s3_object`],
  provider: 'aws',
  types: ['aws_s3_object', 'aws_s3_bucket_object'],
  check(r, report) {
    checkCannedAcl(r, report, 'The object');
  },
};

export const s3BucketPolicyPublic: CloudRule = {
  id: 'iac/aws/s3-bucket-policy-public',
  title: 'S3 bucket policy allows any principal',
  severity: 'critical',
  cwe: [732],
  description: 'A bucket policy statement that allows `Principal: "*"` with no condition narrowing the caller (source VPC/IP, organization, account) opens the bucket to the whole internet.',
  remediation: 'Name the allowed principals (account or role ARNs) in the statement, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce`; serve public sites through CloudFront with origin access control.',
  references: [`${DOCS}s3_bucket_policy`, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status'],
  provider: 'aws',
  types: ['aws_s3_bucket_policy', 'aws_s3_bucket'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The bucket policy');
  },
};

export const s3BucketVersioningDisabled: CloudRule = {
  id: 'iac/aws/s3-bucket-versioning-disabled',
  title: 'S3 bucket versioning is disabled',
  severity: 'medium',
  cwe: [693],
  description: 'Without versioning an overwritten or deleted object is gone for good, so a mistake or a ransomware-style overwrite cannot be undone.',
  remediation: 'Set `versioning_configuration { status = "Enabled" }` in aws_s3_bucket_versioning (or `versioning { enabled = true }` on older providers).',
  references: [`${DOCS}s3_bucket_versioning`],
  provider: 'aws',
  types: ['aws_s3_bucket', 'aws_s3_bucket_versioning'],
  check(r, report) {
    for (const { block, path } of blocks(r.attrs, 'versioning')) {
      if (isFalse(block['enabled']) && explicitIn(r, `${path}.enabled`)) report(`${path}.enabled`, 'Versioning is explicitly disabled on the bucket');
    }
    for (const { block, path } of blocks(r.attrs, 'versioning_configuration')) {
      const status = str(block['status']);
      if (status === 'Suspended' || status === 'Disabled') report(`${path}.status`, `Bucket versioning status is "${status}"`);
    }
  },
};

/** Methods that change bucket contents. */
const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);

export const s3BucketCorsAnyOriginWrite: CloudRule = {
  id: 'iac/aws/s3-bucket-cors-any-origin-write',
  title: 'S3 bucket CORS lets any website write',
  severity: 'low',
  cwe: [942],
  description: 'A CORS rule allowing origin "*" with PUT, POST or DELETE lets scripts on any website send cross-origin writes to the bucket with a visitor\'s credentials or presigned URLs, widening what a leaked URL or token can do.',
  remediation: 'List the exact origins of your application in `allowed_origins` for rules that allow PUT, POST or DELETE (aws_s3_bucket_cors_configuration `cors_rule`).',
  references: [`${DOCS}s3_bucket_cors_configuration`, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html'],
  provider: 'aws',
  types: ['aws_s3_bucket', 'aws_s3_bucket_cors_configuration'],
  check(r, report) {
    for (const { block, path } of blocks(r.attrs, 'cors_rule')) {
      const anyOrigin = strings(block['allowed_origins']).some((o) => o.trim() === '*');
      const writes = strings(block['allowed_methods']).filter((m) => WRITE_METHODS.has(m.trim().toUpperCase()));
      if (anyOrigin && writes.length > 0) report(`${path}.allowed_origins`, `CORS allows ${writes.join(', ')} from any origin`);
    }
  },
};

export const s3Rules: CloudRule[] = [s3BucketPublicAcl, s3ObjectPublicAcl, s3BucketPolicyPublic, s3BucketVersioningDisabled, s3BucketCorsAnyOriginWrite];
