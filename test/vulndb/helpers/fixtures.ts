import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Package, Ecosystem } from '../../../src/scanners/deps/package.js';
import { makeZip } from './zip.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'records');

/** Fixture records by file name (valid ones only unless `broken`). */
export function fixtureFiles(opts: { broken?: boolean } = {}): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && (opts.broken || !f.startsWith('broken-')))
    .sort();
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Records of one ecosystem, as `<ID>.json` zip entries (an osv.dev all.zip). */
export function ecosystemZip(ecosystem: string, extra: Array<{ name: string; data: string }> = []): Buffer {
  const entries = fixtureFiles()
    .map((f) => ({ name: f, data: fixture(f) }))
    .filter((e) => (JSON.parse(e.data) as { affected?: Array<{ package: { ecosystem: string } }> }).affected?.some((a) => a.package.ecosystem === ecosystem));
  return makeZip([...entries, ...extra]);
}

export function pkg(ecosystem: Ecosystem, name: string, version: string, extra: Partial<Package> = {}): Package {
  return { ecosystem, name, version, purl: '', direct: true, dev: false, pinned: true, source: 'lockfile', ...extra };
}
