import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScan } from '../../../src/core/scan.js';
import type { Finding } from '../../../src/core/finding.js';
import { tmpTrees } from '../../helpers/tmp.js';

// A re-scan with a warm cache after editing one file must report exactly what a cold scan of the
// same tree reports: the cache may only save work, never change findings. The clock is moved an
// hour on, so unchanged files are trusted by their stat print (the path real re-scans take) and
// the edited one is caught by its size, times and content hash.

const trees = tmpTrees();
afterAll(() => trees.cleanup());

let savedCache: string | undefined;
beforeEach(() => {
  savedCache = process.env.XDG_CACHE_HOME;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 3_600_000);
});
afterEach(() => {
  vi.useRealTimers();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
});

const LONG_AGO = new Date('2024-01-02T03:04:05Z');

/** Everything a user sees of a finding, in a stable order. */
function view(findings: Finding[]): string[] {
  return findings
    .map((f) => JSON.stringify({ rule: f.ruleId, at: f.location, fp: f.fingerprint, msg: f.message, flow: f.codeFlow ?? [] }))
    .sort();
}

/** A scan of `root` with the summary cache under `cacheHome`. */
async function scan(root: string, cacheHome: string): Promise<string[]> {
  process.env.XDG_CACHE_HOME = cacheHome;
  const r = await runScan({ path: root, scanners: ['sast'], failOn: 'none', threads: 1 });
  return view(r.findings);
}

/** The same tree scanned with an empty cache. */
async function cold(root: string): Promise<string[]> {
  const cacheHome = trees.make({});
  const out = await scan(root, cacheHome);
  rmSync(cacheHome, { recursive: true, force: true });
  return out;
}

const FILES: Record<string, string> = {
  'package.json': '{ "name": "shop", "private": true, "dependencies": { "express": "4.19.2", "pg": "8.11.0" } }\n',
  'src/app.ts': [
    "import express from 'express';",
    "import { findOrders } from './orders/repository.js';",
    "import { cleanTerm } from './util/clean.js';",
    "import { pool } from './db.js';",
    '',
    'const app = express();',
    "app.get('/orders', async (req, res) => {",
    '  res.json(await findOrders(String(req.query.customer)));',
    '});',
    "app.get('/search', async (req, res) => {",
    '  const term = cleanTerm(req.query.q);',
    "  const { rows } = await pool.query('SELECT id FROM items WHERE rank > ' + term);",
    '  res.json(rows);',
    '});',
    'export default app;',
    '',
  ].join('\n'),
  'src/db.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
  'src/orders/repository.ts': [
    "import { pool } from '../db.js';",
    '',
    'export async function findOrders(customer: string) {',
    "  const { rows } = await pool.query(\"SELECT * FROM orders WHERE customer = '\" + customer + \"'\");",
    '  return rows;',
    '}',
    '',
  ].join('\n'),
  'src/util/clean.ts': 'export function cleanTerm(v: unknown): number {\n  return Number(v);\n}\n',
  'src/util/format.ts': 'export function money(n: number): string {\n  return n.toFixed(2);\n}\n',
};

/** A project whose files all look old (so their stat prints are kept), and a fresh cache home. */
function project(): { root: string; cacheHome: string } {
  const root = trees.make(FILES);
  for (const p of Object.keys(FILES)) utimesSync(join(root, p), LONG_AGO, LONG_AGO);
  return { root, cacheHome: trees.make({}) };
}

describe('incremental SAST re-scan', () => {
  it('after an edit that changes no summary, reports what a cold scan reports', async () => {
    const { root, cacheHome } = project();
    const first = await scan(root, cacheHome);
    expect(first.some((f) => f.includes('sql-injection') && f.includes('orders/repository.ts'))).toBe(true);
    // The cache was written where XDG_CACHE_HOME says, so the scans below are warm ones.
    expect(readdirSync(cacheHome, { recursive: true }).map(String).some((p) => p.endsWith('sast-taint.cache'))).toBe(true);
    expect(await scan(root, cacheHome)).toEqual(first); // warm, nothing changed

    appendFileSync(join(root, 'src/util/format.ts'), '\nexport const ZERO = money(0);\n');
    const warm = await scan(root, cacheHome);
    expect(warm).toEqual(await cold(root));
    expect(warm).toEqual(first);
  }, 60_000);

  it("a changed exported function's summary makes an unchanged importer's finding appear, then go again", async () => {
    const { root, cacheHome } = project();
    const first = await scan(root, cacheHome);
    const atSearch = (list: string[]) => list.filter((f) => f.includes('sql-injection') && f.includes('"at":{"path":"src/app.ts"'));
    expect(atSearch(first)).toEqual([]); // Number() cleans the term

    // cleanTerm now passes its argument through: app.ts (not edited) gets the flow.
    writeFileSync(join(root, 'src/util/clean.ts'), 'export function cleanTerm(v: unknown): string {\n  return String(v).trim();\n}\n');
    const leaky = await scan(root, cacheHome);
    expect(atSearch(leaky)).toHaveLength(1);
    expect(leaky).toEqual(await cold(root));

    // And back: the finding goes with the summary.
    writeFileSync(join(root, 'src/util/clean.ts'), FILES['src/util/clean.ts']!);
    const clean = await scan(root, cacheHome);
    expect(atSearch(clean)).toEqual([]);
    expect(clean).toEqual(await cold(root));
    expect(clean).toEqual(first);
  }, 60_000);

  it('a file added and a file removed between scans give what a cold scan gives', async () => {
    const { root, cacheHome } = project();
    await scan(root, cacheHome);
    writeFileSync(join(root, 'src/util/shell.ts'), "import { exec } from 'node:child_process';\nexport function run(cmd: string) {\n  exec('ls ' + cmd);\n}\n");
    appendFileSync(join(root, 'src/app.ts'), "import { run } from './util/shell.js';\napp.post('/run', (req, res) => { run(req.body.dir); res.end(); });\n");
    rmSync(join(root, 'src/util/format.ts'));
    const warm = await scan(root, cacheHome);
    expect(warm.some((f) => f.includes('command-injection'))).toBe(true);
    expect(warm).toEqual(await cold(root));
  }, 60_000);
});
