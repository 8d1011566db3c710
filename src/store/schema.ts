import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The control plane's whole data model (issue 7), one table interface per table.
 *
 * Conventions, the same on SQLite and PostgreSQL:
 * - Timestamps are ISO 8601 UTC text from `Date#toISOString()` (`2026-01-02T03:04:05.678Z`): one
 *   fixed width and zone, so text order is time order and `<`/`>` compare correctly in SQL.
 *   Use `isoNow()` / `isoAt()` below, never a local-time string.
 * - Ids are text (UUIDs or other app-made ids), so no table depends on a dialect's
 *   autoincrement; the one exception is `audit_entries.seq`, the chain position, which the audit
 *   writer assigns itself (last + 1) inside its transaction.
 * - JSON lives in text columns (`Json` below); callers `JSON.stringify` and `JSON.parse`.
 * - Booleans are integers 0/1 (`Flag`).
 * - Binary is `Buffer` (SQLite blob, PostgreSQL bytea; the migration picks the type).
 * - Integer columns hold values below 2^53; PostgreSQL bigint is parsed to number (see db.ts).
 */

/** A JSON document stored as text. */
export type Json = string;
/** 0 or 1. */
export type Flag = number;
/** ISO 8601 UTC timestamp text. */
export type Iso = string;

export type OwnerKind = 'user' | 'service_account' | 'oidc_policy';
export type PrincipalKind = 'user' | 'service_account';

export interface ProjectsTable {
  id: string;
  /** Unique, URL-safe name used in routes and CLI flags. */
  name: string;
  description: string | null;
  created_at: Iso;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string | null;
  /** Optional password login (a slow hash, e.g. scrypt); null for token-only users. */
  password_hash: string | null;
  disabled_at: Iso | null;
  created_at: Iso;
}

export interface ServiceAccountsTable {
  id: string;
  name: string;
  /** The project it belongs to; null for an organisation-wide account. */
  project_id: string | null;
  description: string | null;
  disabled_at: Iso | null;
  created_at: Iso;
}

export interface ApiTokensTable {
  id: string;
  /** The token's kind prefix (`rmp_u_`...): lets listings tell kinds apart. */
  prefix: string;
  /** Hex SHA-256 of the token; the token itself is never stored. */
  hash: string;
  owner_kind: OwnerKind;
  owner_id: string;
  name: string;
  /** Narrows the token to one role (CI tokens); null = the owner's own bindings. */
  role_id: string | null;
  /** Narrows the token to one project; null = every project the owner is bound on. */
  project_id: string | null;
  expires_at: Iso | null;
  revoked_at: Iso | null;
  last_used_at: Iso | null;
  created_at: Iso;
  /** Principal id of whoever issued it for the owner; null = the owner did (0005). */
  issued_by: string | null;
  /** CI tokens: the commit (`sha` claim) of the id token it was exchanged for; null = none (0009). */
  ci_sha: string | null;
  /** 1 = the token `rampart server init` printed: it may issue tokens that outlive it, and is never renewed (0013). */
  bootstrap: Generated<Flag>;
  /** The latest it may be renewed to (its issuing token's expiry); null = no ceiling (0015). */
  not_after: Generated<Iso | null>;
}

export interface RolesTable {
  id: string;
  name: string;
  /** null = a global role usable in every project; else a custom role of that project. */
  project_id: string | null;
  /** JSON array of `resource:action` permission strings. */
  permissions: Json;
  description: string | null;
  /** 1 for the five built-in roles (viewer, developer, deployer, security-admin, admin). */
  builtin: Flag;
  created_at: Iso;
  /** JSON array of secret path patterns the role's secrets permissions are limited to; null = every path (0004). */
  paths: string | null;
}

export interface RoleBindingsTable {
  id: string;
  principal_kind: PrincipalKind;
  principal_id: string;
  role_id: string;
  /** null = a global binding (all projects); else that project only. */
  project_id: string | null;
  created_by: string | null;
  created_at: Iso;
  /** JSON array of secret path patterns the binding's secrets permissions are limited to; null = every path (0003). */
  paths: string | null;
}

export interface OidcTrustPoliciesTable {
  id: string;
  project_id: string;
  name: string;
  /** Exact issuer URL (e.g. https://token.actions.githubusercontent.com). */
  issuer: string;
  audience: string;
  /** JSON object: claim name -> exact value or glob pattern. */
  conditions: Json;
  role_id: string;
  /** Lifetime of tokens issued under this policy, seconds (at most 900). */
  max_ttl_s: number;
  disabled_at: Iso | null;
  created_at: Iso;
}

/** JWT ids already exchanged, kept until the token would have expired (replay defence). */
export interface OidcSeenJtiTable {
  issuer: string;
  jti: string;
  expires_at: Iso;
}

export interface SecretsTable {
  id: string;
  project_id: string;
  path: string;
  /** Latest version number; 0 before the first write. Check-and-set compares against it. */
  current_version: number;
  max_versions: number;
  rotation_max_age_s: number | null;
  /** 1 = every write must give `cas` (0011); metadata may be set before the first version. */
  cas_required: Generated<Flag>;
  created_at: Iso;
  updated_at: Iso;
  deleted_at: Iso | null;
}

export interface SecretVersionsTable {
  secret_id: string;
  version: number;
  /** AES-256-GCM output (the vault fixes its layout: nonce, ciphertext, tag); null once destroyed. */
  ciphertext: Buffer | null;
  /** This version's data key, wrapped by master key `key_id`; null once destroyed. */
  wrapped_data_key: Buffer | null;
  key_id: string;
  created_at: Iso;
  created_by: string;
  deleted_at: Iso | null;
  destroyed: Flag;
}

export interface MasterKeysTable {
  id: string;
  /** A known value encrypted under this key: proves the loaded key is the right one. */
  check_value: Buffer;
  created_at: Iso;
  retired_at: Iso | null;
  /** How the key was split at init (0011); null for a key file or RAMPART_MASTER_KEY. */
  key_shares: number | null;
  key_threshold: number | null;
}

export interface AuditEntriesTable {
  /** Position in the hash chain, 1-based, assigned by the audit writer. */
  seq: number;
  ts: Iso;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  /** JSON object; never holds secret values or tokens. */
  detail: Json;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  id: string;
  /** Entries 1..tree_size are covered. */
  tree_size: number;
  /** Hex Merkle root over those entries. */
  root_hash: string;
  /** Base64 Ed25519 signature. */
  signature: string;
  key_id: string;
  ts: Iso;
}

export interface ScansTable {
  id: string;
  project_id: string;
  commit: string | null;
  image_digest: string | null;
  /** JSON array of scanner ids that ran. */
  scanners: Json;
  uploaded_by: string | null;
  created_at: Iso;
  /** Who uploaded it (0009; null on older scans, which never count as CI evidence). */
  uploader_kind: OwnerKind | null;
  /** Username, service account name or trust policy name at upload time (for reasons). */
  uploader_name: string | null;
  /** The api_tokens row it was uploaded with. */
  uploader_token_id: string | null;
  /** CI uploads: the OIDC trust policy the CI token was exchanged under. */
  uploader_policy_id: string | null;
  /** CI uploads: the commit the CI token's id token named (`sha` claim); null = it named none. */
  uploader_sha: string | null;
}

/** What one scan found (migration 0007): the gate judges these, per scan, not findings.state. */
export interface ScanFindingsTable {
  scan_id: string;
  fingerprint: string;
  rule_id: string;
  scanner: string;
  severity: string;
}

export type FindingState = 'open' | 'fixed';

export interface FindingsTable {
  id: string;
  project_id: string;
  fingerprint: string;
  rule_id: string;
  scanner: string;
  severity: string;
  state: FindingState;
  first_seen: Iso;
  last_seen: Iso;
  fixed_at: Iso | null;
  reintroduced_at: Iso | null;
  last_scan_id: string | null;
  /** JSON: the latest Finding as uploaded (evidence already redacted). */
  data: Json;
}

export interface WaiversTable {
  id: string;
  project_id: string;
  /** One finding, or... */
  fingerprint: string | null;
  /** ...every finding of a rule. Exactly one of the two is set. */
  rule_id: string | null;
  reason: string;
  expires_at: Iso;
  requested_by: string;
  /** Must differ from requested_by; null while pending. */
  approved_by: string | null;
  approved_at: Iso | null;
  revoked_at: Iso | null;
  created_at: Iso;
  /** api_tokens row the request was made with; its issuer may not approve (0008). null = before 0008. */
  requested_token_id: string | null;
}

export interface PoliciesTable {
  id: string;
  /** null = a global policy any project may use. */
  project_id: string | null;
  name: string;
  /** JSON policy document (max severity per scanner, required scanners, window...). */
  document: Json;
  created_at: Iso;
  updated_at: Iso;
}

export interface EnvironmentsTable {
  id: string;
  project_id: string;
  name: string;
  policy_id: string | null;
  /** 1 = the admission webhook denies when it cannot decide. */
  fail_closed: Flag;
  created_at: Iso;
}

export type Decision = 'allow' | 'deny';

export interface DeploymentDecisionsTable {
  id: string;
  project_id: string;
  environment: string;
  image_digest: string;
  commit: string | null;
  decision: Decision;
  /** JSON array of reason objects. */
  reasons: Json;
  actor: string;
  ts: Iso;
}

/** A Sigstore bundle stored for an image (POST /api/v1/projects/:project/images/:digest/signatures). */
export interface ImageSignaturesTable {
  id: string;
  project_id: string;
  /** `sha256:<hex>`: the image the bundle's signed payload names. */
  image_digest: string;
  /** The bundle's JSON text, as uploaded (verified at each deployment check, with that environment's trust). */
  bundle: Json;
  /** sha256 hex of `bundle`: the same bundle stored twice is one row. */
  bundle_sha256: string;
  uploaded_by: string;
  created_at: Iso;
}

export interface Schema {
  projects: ProjectsTable;
  users: UsersTable;
  service_accounts: ServiceAccountsTable;
  api_tokens: ApiTokensTable;
  roles: RolesTable;
  role_bindings: RoleBindingsTable;
  oidc_trust_policies: OidcTrustPoliciesTable;
  oidc_seen_jti: OidcSeenJtiTable;
  secrets: SecretsTable;
  secret_versions: SecretVersionsTable;
  master_keys: MasterKeysTable;
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
  scans: ScansTable;
  findings: FindingsTable;
  scan_findings: ScanFindingsTable;
  waivers: WaiversTable;
  policies: PoliciesTable;
  environments: EnvironmentsTable;
  deployment_decisions: DeploymentDecisionsTable;
  image_signatures: ImageSignaturesTable;
}

export type TableName = keyof Schema;
export type Row<T extends TableName> = Selectable<Schema[T]>;
export type NewRow<T extends TableName> = Insertable<Schema[T]>;
export type RowUpdate<T extends TableName> = Updateable<Schema[T]>;

/** Every table, in creation order (parents before children). */
export const TABLES: readonly TableName[] = [
  'projects',
  'users',
  'service_accounts',
  'roles',
  'role_bindings',
  'api_tokens',
  'oidc_trust_policies',
  'oidc_seen_jti',
  'master_keys',
  'secrets',
  'secret_versions',
  'audit_entries',
  'audit_checkpoints',
  'scans',
  'findings',
  'scan_findings',
  'waivers',
  'policies',
  'environments',
  'deployment_decisions',
  'image_signatures',
];

/** The storage form of a timestamp. */
export function isoAt(d: Date | number): Iso {
  return (typeof d === 'number' ? new Date(d) : d).toISOString();
}

export function isoNow(): Iso {
  return new Date().toISOString();
}


/** Reads a JSON-object text column (policy documents, finding data); a corrupt value reads as {}. */
export function parseObjectColumn(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
