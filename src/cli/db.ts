import { resolve } from 'node:path';
import type { Command } from 'commander';
import { withRootFlags } from './secrets.js';
import { UsageError } from '../core/errors.js';
import type { GlobalOpts } from './shared.js';

interface DbFlags extends GlobalOpts {
  db?: string;
}

/** `rampart db update|import|status`: the offline-capable OSV vulnerability database. */
export function registerDb(program: Command, setCode: (c: number) => void): void {
  const db = program.command('db').description('manage the vulnerability database (OSV)');

  db.command('update')
    .description('download OSV exports for the ecosystems asked for, or found in [path]')
    .argument('[path]', 'project whose lockfiles decide the ecosystems', '.')
    .option('--db <file>', 'database file (default: your cache directory)')
    .option('--ecosystems <list>', 'comma-separated OSV ecosystems (npm,PyPI,Go,crates.io,...)')
    .option('--source <url>', 'mirror base URL (serves <Ecosystem>/all.zip)')
    .action(async (path: string, flags: DbFlags & { ecosystems?: string; source?: string }, self: Command) => {
      const o = withRootFlags(flags, self);
      const { updateDb, defaultDbPath } = await import('../vulndb/index.js');
      const ecosystems = o.ecosystems ? o.ecosystems.split(',').map((s) => s.trim()).filter(Boolean) : await ecosystemsIn(path);
      if (ecosystems.length === 0) {
        throw new UsageError(`no lockfiles found in ${path}; name the ecosystems with --ecosystems (e.g. npm,PyPI)`);
      }
      const dbPath = o.db ?? defaultDbPath();
      const tty = process.stderr.isTTY === true && !o.quiet;
      const r = await updateDb({
        dbPath,
        source: o.source,
        ecosystems,
        onProgress: (p) => {
          if (!tty) return;
          const size = p.total ? `${mb(p.bytes)} / ${mb(p.total)} MB` : `${mb(p.bytes)} MB`;
          const what = p.phase === 'import' ? `${p.bytes} records imported` : p.phase === 'download' ? size : p.phase;
          process.stderr.write(`\r\x1b[2K${p.ecosystem}: ${what}`);
        },
      });
      if (tty) process.stderr.write('\r\x1b[2K');
      for (const i of r.issues) process.stderr.write(`rampart: warning: ${i.path}: ${i.message}\n`);
      if (!o.quiet) {
        for (const e of r.ecosystems) {
          const what = e.status === 'not-modified' ? 'already up to date' : `${e.records ?? 0} records`;
          process.stderr.write(`rampart: ${e.ecosystem}: ${what}\n`);
        }
        process.stderr.write(`rampart: database ${r.dbPath}\n`);
      }
      setCode(0);
    });

  db.command('import')
    .description('import an OSV export for offline use: all.zip, a folder of records (or of <Ecosystem>/all.zip), or one JSON record')
    .argument('<file>', 'zip, directory or .json')
    .option('--db <file>', 'database file (default: your cache directory)')
    .action(async (file: string, flags: DbFlags, self: Command) => {
      const o = withRootFlags(flags, self);
      const { importIntoDb, defaultDbPath } = await import('../vulndb/index.js');
      const dbPath = o.db ?? defaultDbPath();
      const r = await importIntoDb(dbPath, resolve(file));
      for (const i of r.issues) process.stderr.write(`rampart: warning: ${i.path}${i.line ? `:${i.line}` : ''}: ${i.message}\n`);
      if (!o.quiet) {
        for (const e of r.ecosystems) process.stderr.write(`rampart: ${e.ecosystem}: ${e.records} records\n`);
        process.stderr.write(`rampart: imported ${r.records} records (${r.skipped} skipped) into ${dbPath}\n`);
      }
      setCode(0);
    });

  db.command('status')
    .description('show the database age, ecosystems and record counts')
    .option('--db <file>', 'database file (default: your cache directory)')
    .option('-f, --format <format>', 'table|json', 'table')
    .option('--max-age-days <n>', 'warn when older than this', '7')
    .action(async (flags: DbFlags & { format: string; maxAgeDays: string }, self: Command) => {
      const o = withRootFlags(flags, self);
      const { dbStatus, staleness, defaultDbPath } = await import('../vulndb/index.js');
      const s = dbStatus(o.db ?? defaultDbPath());
      if (o.format === 'json') process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      else if (o.format === 'table') {
        const lines = [`database: ${s.path} (${mb(s.sizeBytes)} MB, schema ${s.schemaVersion})`, `updated:  ${s.updatedAt ?? 'never'}`, ''];
        lines.push(`${'ECOSYSTEM'.padEnd(14)} ${'RECORDS'.padStart(8)} ${'WITHDRAWN'.padStart(9)}  CHECKED`);
        for (const e of s.ecosystems) {
          lines.push(`${e.ecosystem.padEnd(14)} ${String(e.records).padStart(8)} ${String(e.withdrawn).padStart(9)}  ${e.checkedAt ?? ''}`);
        }
        lines.push('', `${s.records} records`);
        process.stdout.write(lines.join('\n') + '\n');
      } else throw new UsageError(`unknown --format "${o.format}" for db status; use table or json`);
      const warn = staleness(s, { maxAgeDays: Number(o.maxAgeDays) });
      if (warn && !o.quiet) process.stderr.write(`rampart: warning: ${warn}\n`);
      setCode(0);
    });
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

/** OSV ecosystems of the lockfiles under path. */
async function ecosystemsIn(path: string): Promise<string[]> {
  const { walk } = await import('../core/walker.js');
  const { acceptsDepsFile, collectLockfiles } = await import('../scanners/deps/collect.js');
  const root = resolve(path);
  const w = await walk(root, { exclude: ['**/node_modules/**'], maxFileSize: 64 * 1024 * 1024 });
  const lockfiles = collectLockfiles(root, w.files.filter(acceptsDepsFile), () => {});
  return [...new Set(lockfiles.flatMap((l) => l.packages.map((p) => p.ecosystem)))].sort();
}
