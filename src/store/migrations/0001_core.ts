import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../db.js';

/**
 * The first schema: every table of issue 7's data model (see ../schema.ts for the meaning of each
 * column). One migration for both dialects; the only branch is the binary column type.
 * Foreign keys cascade from a project to what belongs only to it.
 */
export function coreMigration(dialect: StoreDialect): Migration {
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<any>): Promise<void> {
      const project = (c: ColumnDefinitionBuilder) => c.notNull().references('projects.id').onDelete('cascade');
      const optProject = (c: ColumnDefinitionBuilder) => c.references('projects.id').onDelete('cascade');

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('password_hash', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('service_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', optProject)
        .addColumn('description', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('roles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', optProject)
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('roles_project_name', ['project_id', 'name'])
        .execute();
      // NULLs are distinct in a unique constraint on both engines: global names need their own index.
      await db.schema.createIndex('roles_global_name').on('roles').column('name').unique().where(sql.ref('project_id'), 'is', null).execute();

      await db.schema
        .createTable('role_bindings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('principal_kind', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
        .addColumn('project_id', 'text', optProject)
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('role_bindings_principal').on('role_bindings').columns(['principal_kind', 'principal_id']).execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('owner_kind', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('cascade'))
        .addColumn('project_id', 'text', optProject)
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('api_tokens_owner').on('api_tokens').columns(['owner_kind', 'owner_id']).execute();

      await db.schema
        .createTable('oidc_trust_policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
        .addColumn('max_ttl_s', 'integer', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('oidc_trust_policies_project_name', ['project_id', 'name'])
        .execute();
      await db.schema.createIndex('oidc_trust_policies_issuer').on('oidc_trust_policies').column('issuer').execute();

      await db.schema
        .createTable('oidc_seen_jti')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_seen_jti_pk', ['issuer', 'jti'])
        .execute();
      await db.schema.createIndex('oidc_seen_jti_expires').on('oidc_seen_jti').column('expires_at').execute();

      await db.schema
        .createTable('master_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('check_value', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();

      await db.schema
        .createTable('secrets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_versions', 'integer', (c) => c.notNull())
        .addColumn('rotation_max_age_s', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addUniqueConstraint('secrets_project_path', ['project_id', 'path'])
        .execute();

      await db.schema
        .createTable('secret_versions')
        .addColumn('secret_id', 'text', (c) => c.notNull().references('secrets.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('ciphertext', binary)
        .addColumn('wrapped_data_key', binary)
        .addColumn('key_id', 'text', (c) => c.notNull().references('master_keys.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addColumn('destroyed', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('secret_versions_pk', ['secret_id', 'version'])
        .execute();
      // Master-key rotation rewraps data keys one key id at a time.
      await db.schema.createIndex('secret_versions_key').on('secret_versions').column('key_id').execute();

      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tree_size', 'bigint', (c) => c.notNull().unique())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('ts', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('scans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('commit', 'text')
        .addColumn('image_digest', 'text')
        .addColumn('scanners', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scans_commit').on('scans').columns(['project_id', 'commit', 'created_at']).execute();
      await db.schema.createIndex('scans_image').on('scans').columns(['project_id', 'image_digest', 'created_at']).execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('fixed_at', 'text')
        .addColumn('reintroduced_at', 'text')
        .addColumn('last_scan_id', 'text', (c) => c.references('scans.id').onDelete('set null'))
        .addColumn('data', 'text', (c) => c.notNull())
        .addUniqueConstraint('findings_project_fingerprint', ['project_id', 'fingerprint'])
        .execute();
      await db.schema.createIndex('findings_open').on('findings').columns(['project_id', 'state', 'scanner']).execute();

      await db.schema
        .createTable('waivers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('fingerprint', 'text')
        .addColumn('rule_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('waivers_project').on('waivers').columns(['project_id', 'expires_at']).execute();

      await db.schema
        .createTable('policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', optProject)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('policies_project_name', ['project_id', 'name'])
        .execute();

      await db.schema
        .createTable('environments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.references('policies.id').onDelete('set null'))
        .addColumn('fail_closed', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('environments_project_name', ['project_id', 'name'])
        .execute();

      await db.schema
        .createTable('deployment_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', project)
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('image_digest', 'text', (c) => c.notNull())
        .addColumn('commit', 'text')
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('ts', 'text', (c) => c.notNull())
        .execute();
      // The admission webhook asks: latest decision for this environment and digest.
      await db.schema.createIndex('deployment_decisions_lookup').on('deployment_decisions').columns(['environment', 'image_digest', 'ts']).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      for (const t of [
        'deployment_decisions',
        'environments',
        'policies',
        'waivers',
        'findings',
        'scans',
        'audit_checkpoints',
        'audit_entries',
        'secret_versions',
        'secrets',
        'master_keys',
        'oidc_seen_jti',
        'oidc_trust_policies',
        'api_tokens',
        'role_bindings',
        'roles',
        'service_accounts',
        'users',
        'projects',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
