#!/usr/bin/env node
// Vulnerability database benchmark: import the real Go, crates.io and PyPI OSV exports from
// /work/shared/osv (or --osv DIR) into a temp database, then match 100,000 synthetic packages.
// Goals (issue 3): import < 20 s total; match 100,000 packages < 2 s.
//
//   npm run build && node bench/vulndb.mjs [--osv DIR] [--packages N=100000] [--dist DIR=dist]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    osv: { type: 'string', default: '/work/shared/osv' },
    packages: { type: 'string', default: '100000' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
    // Share of packages named like an advisory's package (version taken from its range events).
    'hit-share': { type: 'string', default: '0.1' },
  },
});
const dist = resolve(opt.dist);
const { openDbForBuild, openDbReadOnly } = await import(join(dist, 'vulndb/store.js'));
const { importOsv } = await import(join(dist, 'vulndb/import.js'));
const { matchPackages } = await import(join(dist, 'vulndb/match.js'));

const ECOSYSTEMS = ['Go', 'crates.io', 'PyPI'];
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-vulndb-'));
const dbPath = join(dir, 'vulndb.sqlite');

try {
  const db = openDbForBuild(dbPath);
  let total = 0;
  for (const eco of ECOSYSTEMS) {
    const t = performance.now();
    const r = await importOsv(db, join(opt.osv, eco, 'all.zip'), { ecosystem: eco });
    const ms = performance.now() - t;
    total += ms;
    const e = r.ecosystems[0];
    console.log(`import ${eco.padEnd(10)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${e.records} records (${e.withdrawn} withdrawn), ${e.affected} affected rows, ${r.issues.length} issues`);
  }
  db.close();
  console.log(`import total      ${(total / 1000).toFixed(2).padStart(6)} s  (goal < 20 s)  db ${(statSync(dbPath).size / 1e6).toFixed(1)} MB`);

  // Synthetic packages: --hit-share of them named like a real advisory's package (name drawn
  // uniformly from distinct packages, version from its range events, so mostly vulnerable), the
  // rest unknown names, as a large monorepo would have.
  const ro = openDbReadOnly(dbPath);
  const rows = ro.prepare('SELECT ecosystem, package, ranges FROM affected GROUP BY ecosystem, name').all();
  const share = Number(opt['hit-share']);
  const n = Number(opt.packages);
  let seed = 1;
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const packages = [];
  for (let i = 0; i < n; i++) {
    if (rand(1000) < share * 1000) {
      const r = rows[rand(rows.length)];
      const events = JSON.parse(r.ranges).flatMap((x) => x.e.map((e) => e[1])).filter((v) => v !== '0' && !/^[0-9a-f]{40}$/.test(v));
      const v = events.length ? events[rand(events.length)] : '1.0.0';
      const version = r.ecosystem === 'Go' ? `v${v}` : v;
      packages.push({ ecosystem: r.ecosystem, name: r.package, version, purl: '', direct: true, dev: false, pinned: true, source: 'bench' });
    } else {
      const eco = ECOSYSTEMS[rand(3)];
      packages.push({ ecosystem: eco, name: `synthetic-${eco}-${i}`, version: `${rand(5)}.${rand(20)}.${rand(10)}`, purl: '', direct: false, dev: false, pinned: true, source: 'bench' });
    }
  }
  for (const run of ['cold', 'warm']) {
    const t = performance.now();
    const matches = matchPackages(ro, packages);
    const ms = performance.now() - t;
    const vulnerable = new Set(matches.map((m) => m.package)).size;
    console.log(`match ${run} (hit-share ${share}) ${String(n).padStart(7)} packages ${(ms / 1000).toFixed(2).padStart(6)} s  ${matches.length} matches on ${vulnerable} packages (goal < 2 s)`);
  }
  ro.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
