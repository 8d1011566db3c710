export { defaultDbPath, openDbReadOnly, SCHEMA_VERSION, type Db } from './store.js';
export { importOsv, type ImportOptions, type ImportResult, type EcosystemImport } from './import.js';
export { rebuildDb } from './swap.js';
export { updateDb, DEFAULT_SOURCE, NetworkError, type UpdateOptions, type UpdateProgress, type UpdateResult } from './update.js';
export { dbStatus, staleness, type DbStatus, type EcosystemStatus } from './status.js';
export { matchPackages, clearMatchCache, type Match, type MatchOptions, type SchemeLookup } from './match.js';
export { bucketOf, cvssBaseScore, type SeverityInfo } from './cvss.js';
export { normalizeName } from './names.js';

import { importOsv as runImport, type ImportOptions as Opts, type ImportResult as Result } from './import.js';
import { rebuildDb as rebuild } from './swap.js';

/** `rampart db import`: imports into a copy of the database at `dbPath` and swaps it in. */
export function importIntoDb(dbPath: string, input: string, opts: Opts = {}): Promise<Result> {
  return rebuild(dbPath, (db) => runImport(db, input, opts));
}
