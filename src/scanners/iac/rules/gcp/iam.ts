import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { blocks, isAbsent, str, strings } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, legacyDocs, isDefaultComputeSa, policyBindings, reportMembers, reportPublicGrants } from './util.js';
import { trimEndChars } from '../../../../core/trim.js';

/** Grants on the resource hierarchy: a role here applies to every resource below. */
const HIERARCHY = [...iamTypes('google_project'), ...iamTypes('google_folder'), ...iamTypes('google_organization')];
const REF = legacyDocs('google_project_iam');

/** Reports a hierarchy-level grant of a role `match` accepts, at `role` (member/binding) or `policy_data` (policy). */
function reportRole(r: Resource, report: CloudReport, match: (role: string) => boolean, why: string): void {
  if (r.type.endsWith('_iam_policy')) {
    for (const b of policyBindings(r.attrs.policy_data)) {
      if (match(b.role) && b.members.length > 0) report('policy_data', `policy grants ${b.role} ${why}`);
    }
    return;
  }
  // A binding with a known empty member list grants nothing.
  if (Array.isArray(r.attrs.members) && r.attrs.members.length === 0) return;
  const role = str(r.attrs.role);
  if (role !== undefined && match(role)) report('role', `${role} ${why}`);
}

const scope = (r: Resource): string => r.type.replace(/^google_/, '').replace(/_iam_.*$/, '');

const PRIMITIVE = new Set(['roles/owner', 'roles/editor']);

export const primitiveRole: CloudRule = {
  id: `${GCP}iam-primitive-role`,
  title: 'Basic Owner/Editor role granted',
  severity: 'medium',
  cwe: [250, 269],
  description: 'roles/owner and roles/editor grant write access to nearly every service in the project, folder or organization; a leaked credential of the member compromises everything under it.',
  remediation: 'Replace roles/owner and roles/editor with predefined or custom roles that cover only what the member needs.',
  references: [REF, 'https://cloud.google.com/iam/docs/understanding-roles#basic'],
  provider: 'gcp',
  types: HIERARCHY,
  check(r, report) {
    reportRole(r, report, (role) => PRIMITIVE.has(role.trim().toLowerCase()), `is granted on the ${scope(r)}`);
  },
};

/**
 * Roles that let the member act as any service account they apply to: directly (User, Token
 * Creator, Workload Identity User), by minting a key for it (Key Admin), or by granting
 * themselves one of those on it (Service Account Admin holds setIamPolicy).
 */
const IMPERSONATION = new Set([
  'roles/iam.serviceaccountuser',
  'roles/iam.serviceaccounttokencreator',
  'roles/iam.workloadidentityuser',
  'roles/iam.serviceaccountkeyadmin',
  'roles/iam.serviceaccountadmin',
]);

export const saImpersonation: CloudRule = {
  id: `${GCP}iam-service-account-impersonation-wide`,
  title: 'Service account impersonation granted project-wide',
  severity: 'medium',
  cwe: [269],
  description:
    'Service Account User, Token Creator or Workload Identity User granted on a project, folder or organization lets the member act as every service account in it, including highly privileged ones; Service Account Key Admin (which can mint keys for them) and Service Account Admin (which can grant itself those roles on them) reach the same.',
  remediation: 'Grant the service-account roles on the specific service account (google_service_account_iam_member) instead of the project, folder or organization.',
  references: [REF, 'https://cloud.google.com/iam/docs/service-account-permissions'],
  provider: 'gcp',
  types: HIERARCHY,
  check(r, report) {
    reportRole(r, report, (role) => IMPERSONATION.has(role.trim().toLowerCase()), `is granted on the ${scope(r)}: the member can impersonate every service account in it`);
  },
};

export const saKey: CloudRule = {
  id: `${GCP}iam-service-account-key`,
  title: 'User-managed service account key',
  severity: 'low',
  cwe: [798],
  description: 'A google_service_account_key (or a Cloud Storage HMAC key for a service account) is a long-lived credential that ends up in Terraform state and often in files or CI secrets, where it leaks and is rarely rotated.',
  remediation: 'Remove the key; use attached service accounts, Workload Identity (Federation) or short-lived impersonation tokens instead.',
  references: [legacyDocs('google_service_account_key'), 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys'],
  provider: 'gcp',
  types: ['google_service_account_key', 'google_storage_hmac_key'],
  check(r, report) {
    // An HMAC key set to INACTIVE cannot authenticate.
    if (r.type === 'google_storage_hmac_key' && str(r.attrs.state)?.toUpperCase() === 'INACTIVE') return;
    // A key for an uploaded public key (public_key_data) still is a long-lived key; any key counts.
    report(null, `${r.type === 'google_storage_hmac_key' ? 'HMAC key' : 'service account key'} resource creates a long-lived credential`);
  },
};

/**
 * IAM resources of services without their own public-access rule (storage, BigQuery, KMS,
 * Pub/Sub, Cloud Run and Cloud Functions have theirs).
 */
const GENERIC_IAM = [
  ...HIERARCHY,
  ...[
    'google_service_account',
    'google_compute_instance',
    'google_compute_subnetwork',
    'google_compute_image',
    'google_compute_disk',
    'google_compute_snapshot',
    'google_compute_machine_image',
    'google_secret_manager_secret',
    'google_artifact_registry_repository',
    'google_dataproc_cluster',
    'google_dataproc_job',
    'google_spanner_instance',
    'google_spanner_database',
    'google_sourcerepo_repository',
    'google_notebooks_instance',
    'google_workbench_instance',
    'google_cloud_tasks_queue',
    'google_container_analysis_note',
    'google_bigtable_instance',
    'google_bigtable_table',
    'google_healthcare_dataset',
    'google_healthcare_fhir_store',
    'google_healthcare_dicom_store',
    'google_data_catalog_entry_group',
    'google_data_catalog_tag_template',
    'google_endpoints_service',
    'google_iap_web',
    'google_iap_tunnel',
    'google_iap_tunnel_instance',
    'google_billing_account',
  ].flatMap(iamTypes),
];

export const publicIam: CloudRule = {
  id: `${GCP}iam-public-member`,
  title: 'IAM role granted to allUsers or allAuthenticatedUsers',
  severity: 'high',
  cwe: [284],
  description: 'allUsers is anyone on the internet and allAuthenticatedUsers is anyone with a Google account; a role granted to either exposes the resource publicly.',
  remediation: 'Replace allUsers/allAuthenticatedUsers with the specific users, groups or service accounts that need access.',
  references: [REF, 'https://cloud.google.com/iam/docs/principals-overview#all-users'],
  provider: 'gcp',
  types: GENERIC_IAM,
  check(r, report) {
    reportPublicGrants(r, report, scope(r).replace(/_/g, ' '));
  },
};

/** The Compute Engine and App Engine default service accounts (both get Editor on creation). */
function isDefaultSaMember(m: string): boolean {
  const t = m.trim();
  if (!t.toLowerCase().startsWith('serviceaccount:')) return false;
  const email = t.slice('serviceAccount:'.length);
  return isDefaultComputeSa(email) || /@appspot\.gserviceaccount\.com$/i.test(email);
}

export const defaultSaGrant: CloudRule = {
  id: `${GCP}iam-default-service-account-grant`,
  title: 'Role granted to a default service account',
  severity: 'medium',
  cwe: [250],
  description: 'Default Compute Engine and App Engine service accounts are attached to every VM, function and app that does not name another one, so a role granted to them reaches every such workload.',
  remediation: 'Create a dedicated service account for the workload and grant the role to it instead of the default service account.',
  references: [REF, 'https://cloud.google.com/iam/docs/service-account-types#default'],
  provider: 'gcp',
  types: HIERARCHY,
  check(r, report) {
    reportMembers(r, report, isDefaultSaMember, (m, role) => `${role} is granted to the default service account ${m.replace(/^serviceAccount:/i, '')}`);
  },
};

/** OIDC issuers shared by every customer of the service: any of their tokens verifies without a condition. */
const MULTI_TENANT_ISSUERS = ['https://token.actions.githubusercontent.com', 'https://gitlab.com', 'https://app.terraform.io'];

export const wifNoCondition: CloudRule = {
  id: `${GCP}iam-workload-identity-provider-unrestricted`,
  title: 'Workload Identity provider for a shared issuer without attribute condition',
  severity: 'high',
  cwe: [863],
  description: 'A provider trusting GitHub Actions, gitlab.com or Terraform Cloud tokens without attribute_condition accepts tokens minted for any repository or workspace of any customer of that service.',
  remediation: 'Set `attribute_condition` to pin the owner/repository (e.g. `assertion.repository_owner == "my-org"`).',
  references: [docs('google_iam_workload_identity_pool_provider'), 'https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines'],
  provider: 'gcp',
  types: ['google_iam_workload_identity_pool_provider'],
  check(r, report) {
    const cond = r.attrs.attribute_condition;
    if (isUnknown(cond) || (typeof cond === 'string' && cond.trim() !== '') || (!isAbsent(cond) && typeof cond !== 'string')) return;
    for (const o of blocks(r.attrs, 'oidc')) {
      const uri = str(o.block.issuer_uri);
      const iss = uri === undefined ? undefined : trimEndChars(uri.trim(), '/').toLowerCase();
      if (iss !== undefined && MULTI_TENANT_ISSUERS.includes(iss)) {
        report(cond === undefined ? null : 'attribute_condition', `provider trusts ${iss} without an attribute_condition`);
      }
    }
  },
};

export const auditExemptions: CloudRule = {
  id: `${GCP}iam-audit-log-exempted-members`,
  title: 'Audit logging exempts principals',
  severity: 'low',
  cwe: [778],
  description: 'exempted_members in an audit config stop Cloud Audit Logs from recording those principals, so their data access leaves no trace.',
  remediation: 'Remove `exempted_members` from `audit_log_config`.',
  references: [REF, 'https://cloud.google.com/logging/docs/audit/configure-data-access'],
  provider: 'gcp',
  types: ['google_project_iam_audit_config', 'google_folder_iam_audit_config', 'google_organization_iam_audit_config'],
  check(r, report) {
    for (const c of blocks(r.attrs, 'audit_log_config')) {
      const ex = strings(c.block.exempted_members);
      if (ex.length > 0) report(`${c.path}.exempted_members`, `audit logging exempts ${ex.join(', ')}`);
    }
  },
};

/** Consumer Google account domains: accounts the organization does not manage. */
const PERSONAL = /^user:[^@\s]+@(gmail|googlemail)\.com$/i;

export const personalAccount: CloudRule = {
  id: `${GCP}iam-personal-account`,
  title: 'IAM role granted to a personal Gmail account',
  severity: 'low',
  cwe: [284],
  description: 'A consumer Gmail account is outside the organization\'s identity management: its MFA, recovery and offboarding are not under your control, and access survives the person leaving.',
  remediation: 'Grant the role to an account or group in your Cloud Identity / Workspace domain instead of a @gmail.com user.',
  references: [REF, 'https://cloud.google.com/iam/docs/principals-overview'],
  provider: 'gcp',
  types: HIERARCHY,
  check(r, report) {
    reportMembers(r, report, (m) => PERSONAL.test(m.trim()), (m, role) => `${role} is granted to the personal account ${m.replace(/^user:/i, '')}`);
  },
};

export const iamRules: CloudRule[] = [primitiveRole, saImpersonation, saKey, publicIam, defaultSaGrant, wifNoCondition, auditExemptions, personalAccount];
