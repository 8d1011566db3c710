import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOsv } from '../../src/vulndb/import.js';
import { matchPackages } from '../../src/vulndb/match.js';
import { freshDb, rm } from './helpers/db.js';
import { pkg } from './helpers/fixtures.js';

const NPM = '/work/shared/osv/npm/all.zip';

describe('real OSV data (/work/shared/osv)', () => {
  it.runIf(existsSync(NPM))('imports the npm export: every record valid, counts as published', async () => {
    const { db, dir } = freshDb();
    try {
      const r = await importOsv(db, NPM);
      expect(r.issues).toEqual([]);
      expect(r.ecosystems).toEqual([{ ecosystem: 'npm', mode: 'replace', records: 462, withdrawn: 0, affected: 462, skipped: 0 }]);
      expect(db.prepare("SELECT records FROM sources WHERE ecosystem = 'npm'").pluck().get()).toBe(462);
      const all = matchPackages(db, [pkg('npm', 'jQuery', '1.0.0'), pkg('npm', 'Morris.js', '0.4.0')]);
      expect(all.length).toBeGreaterThan(0);
    } finally {
      db.close();
      rm(dir);
    }
  });
});
