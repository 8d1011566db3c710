import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { RampartError } from '../../core/errors.js';
import type { StoreDialect } from '../db.js';
import { coreMigration } from './0001_core.js';
import { imageSignaturesMigration } from './0002_image_signatures.js';
import { bindingPathsMigration } from './0003_binding_paths.js';
import { rolePathsMigration } from './0004_role_paths.js';
import { tokenIssuerMigration } from './0005_token_issuer.js';
import { tokenIssuerIndexMigration } from './0006_token_issuer_index.js';
import { scanFindingsMigration } from './0007_scan_findings.js';
import { waiverRequesterTokenMigration } from './0008_waiver_requester_token.js';
import { scanEvidenceMigration } from './0009_scan_evidence.js';
import { auditSeqRowidMigration } from './0010_audit_seq_rowid.js';
import { vaultMetadataMigration } from './0011_vault_metadata.js';
import { serverStateMigration } from './0012_server_state.js';
import { tokenBootstrapMigration } from './0013_token_bootstrap.js';
import { decisionHistoryIndexMigration } from './0014_decision_history_index.js';
import { tokenNotAfterMigration } from './0015_token_not_after.js';

/**
 * Migrations listed in code, in order (names sort the same way): nothing scans the file system,
 * so the built dist/ and the sources behave alike. Add a new file and one line here; never edit
 * a migration that has shipped.
 */
export function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001_core': coreMigration(dialect),
    '0002_image_signatures': imageSignaturesMigration(),
    '0003_binding_paths': bindingPathsMigration(),
    '0004_role_paths': rolePathsMigration(),
    '0005_token_issuer': tokenIssuerMigration(),
    '0006_token_issuer_index': tokenIssuerIndexMigration(),
    '0007_scan_findings': scanFindingsMigration(),
    '0008_waiver_requester_token': waiverRequesterTokenMigration(),
    '0009_scan_evidence': scanEvidenceMigration(),
    '0010_audit_seq_rowid': auditSeqRowidMigration(dialect),
    '0011_vault_metadata': vaultMetadataMigration(),
    '0012_server_state': serverStateMigration(),
    '0013_token_bootstrap': tokenBootstrapMigration(),
    '0014_decision_history_index': decisionHistoryIndexMigration(),
    '0015_token_not_after': tokenNotAfterMigration(),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings the schema up to date; throws a RampartError naming the failed migration. */
export async function migrateToLatest(db: Kysely<any>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const why = error instanceof Error ? error.message : String(error);
    throw new RampartError('E_STORE_MIGRATION', `database migration ${failed} failed: ${why}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
