import { blocks, isAbsent, isFalse, str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, isPublicPrincipal, noBlock, reportPublicGrants } from './util.js';

const BUCKET = ['google_storage_bucket'] as const;
const REF = docs('google_storage_bucket');

export const uniformAccess: CloudRule = {
  id: `${GCP}storage-bucket-uniform-access-disabled`,
  title: 'Bucket uses fine-grained ACLs',
  severity: 'medium',
  cwe: [732],
  description: 'Without uniform bucket-level access, per-object ACLs can grant access that bucket IAM does not show, which is how objects end up public unnoticed.',
  remediation: 'Set `uniform_bucket_level_access = true`.',
  references: [REF, 'https://cloud.google.com/storage/docs/uniform-bucket-level-access'],
  provider: 'gcp',
  types: BUCKET,
  check(r, report) {
    const v = r.attrs.uniform_bucket_level_access;
    if (isFalse(v)) report('uniform_bucket_level_access', 'uniform_bucket_level_access is false: object ACLs stay in effect');
    else if (isAbsent(v)) report(null, 'uniform_bucket_level_access is not set (defaults to false): object ACLs stay in effect');
  },
};

export const publicAccessPrevention: CloudRule = {
  id: `${GCP}storage-bucket-public-access-prevention`,
  title: 'Bucket does not enforce public access prevention',
  severity: 'low',
  cwe: [732],
  description: 'Unless `public_access_prevention = "enforced"`, a later IAM binding or ACL for allUsers/allAuthenticatedUsers can make the data public (the default "inherited" relies on an organization policy).',
  remediation: 'Set `public_access_prevention = "enforced"` (or enforce storage.publicAccessPrevention as an organization policy).',
  references: [REF, 'https://cloud.google.com/storage/docs/public-access-prevention'],
  provider: 'gcp',
  types: BUCKET,
  check(r, report) {
    const v = r.attrs.public_access_prevention;
    if (isAbsent(v)) report(null, 'public_access_prevention is not set (inherited)');
    else if (typeof v === 'string' && v.trim().toLowerCase() !== 'enforced') report('public_access_prevention', `public_access_prevention is "${v}"`);
  },
};

export const bucketVersioning: CloudRule = {
  id: `${GCP}storage-bucket-versioning-disabled`,
  title: 'Bucket versioning disabled',
  severity: 'low',
  cwe: [693],
  description: 'Without object versioning, an overwritten or deleted object (by mistake, a bug or ransomware) cannot be recovered.',
  remediation: 'Add `versioning { enabled = true }` (with lifecycle rules to expire old versions).',
  references: [REF, 'https://cloud.google.com/storage/docs/object-versioning'],
  provider: 'gcp',
  types: BUCKET,
  check(r, report) {
    if (noBlock(r.attrs, 'versioning')) {
      report(null, 'bucket has no versioning block');
      return;
    }
    for (const b of blocks(r.attrs, 'versioning')) if (isFalse(b.block.enabled)) report(`${b.path}.enabled`, 'versioning is disabled');
  },
};

export const bucketLogging: CloudRule = {
  id: `${GCP}storage-bucket-logging-disabled`,
  title: 'Bucket access logging disabled',
  severity: 'low',
  cwe: [778],
  description: 'Without a `logging` block the bucket writes no usage logs, leaving no record of who read or changed objects beyond admin audit logs.',
  remediation: 'Add `logging { log_bucket = google_storage_bucket.logs.name }` (or enable Data Access audit logs for Cloud Storage).',
  references: [REF, 'https://cloud.google.com/storage/docs/access-logs'],
  provider: 'gcp',
  types: BUCKET,
  check(r, report) {
    if (noBlock(r.attrs, 'logging')) report(null, 'bucket has no logging block');
  },
};

/** ACL resources: entity form (`entity = "allUsers"`) and list form (`role_entity = ["READER:allUsers"]`). */
const ACL_ENTITY = ['google_storage_bucket_access_control', 'google_storage_default_object_access_control', 'google_storage_object_access_control'];
const ACL_LIST = ['google_storage_bucket_acl', 'google_storage_default_object_acl', 'google_storage_object_acl'];
const PUBLIC_PREDEFINED = new Set(['publicread', 'publicreadwrite', 'authenticatedread']);

export const bucketPublic: CloudRule = {
  id: `${GCP}storage-bucket-public`,
  title: 'Bucket or objects readable by anyone',
  severity: 'high',
  cwe: [284, 732],
  description: 'An IAM grant or ACL for allUsers or allAuthenticatedUsers makes bucket data reachable by anyone on the internet (any Google account counts as authenticated).',
  remediation: 'Remove allUsers/allAuthenticatedUsers from `member`/`members`/`entity`/`role_entity`, avoid public `predefined_acl`s, and set `public_access_prevention = "enforced"`.',
  references: [docs('google_storage_bucket_iam'), 'https://cloud.google.com/storage/docs/access-control/making-data-public'],
  provider: 'gcp',
  types: [...iamTypes('google_storage_bucket'), ...ACL_ENTITY, ...ACL_LIST],
  check(r, report) {
    const a = r.attrs;
    if (r.type.includes('_iam_')) {
      reportPublicGrants(r, report, 'bucket');
      return;
    }
    if (ACL_ENTITY.includes(r.type)) {
      const e = str(a.entity);
      if (e !== undefined && isPublicPrincipal(e)) report('entity', `ACL grants ${str(a.role) ?? 'access'} to ${e}`);
      return;
    }
    const pre = str(a.predefined_acl);
    if (pre !== undefined && PUBLIC_PREDEFINED.has(pre.toLowerCase())) report('predefined_acl', `predefined_acl "${pre}" makes the data public`);
    const pub = strings(a.role_entity).filter((re) => isPublicPrincipal(re.slice(re.indexOf(':') + 1)));
    if (pub.length > 0) report('role_entity', `ACL grants ${pub.join(', ')}`);
  },
};

export const storageRules: CloudRule[] = [uniformAccess, publicAccessPrevention, bucketVersioning, bucketLogging, bucketPublic];
