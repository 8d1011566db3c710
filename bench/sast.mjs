#!/usr/bin/env node
// SAST benchmark: the whole `rampart scan --scanners sast` pipeline (CLI start-up included) on a
// generated 500,000-line TypeScript service — domains with controllers (Express handlers),
// services, repositories over pg, validators, mappers and types, cross-file imports and some real
// source-to-sink flows — plus minified bundles and a generated file that must be skipped.
// Cold (empty summary cache), warm, and after changing one file; semgrep (taint-mode rules of our
// own in bench/semgrep-rules/) on the same code when it can be installed. Not part of `npm test`.
//
//   npm run build && node bench/sast.mjs [--lines 500000] [--seed 1] [--runs 1] [--no-semgrep] [--write] [--cli PATH]
//   node bench/sast.mjs --corpus-only   (writes the corpus and stops: for timing a build by hand)
//
// --cli runs another build's launcher (e.g. a copy built with `tsc --outDir`) to compare builds.
//
// Children run only through spawn with argument arrays. The corpus goes to
// bench/.corpus/sast-gen/ (git-ignored) and is reused while its .complete.json marker matches.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { isExecutable, measure as measureChild, median } from './lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CORPUS = join(HERE, '.corpus', 'sast-gen');
const VENV = join(HERE, '.venv-semgrep');
const SEMGREP_RULES = join(HERE, 'semgrep-rules');
const GENERATOR_VERSION = 3;

// ------------------------------------------------------------------ args
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const TARGET_LINES = Number(opt('lines', 500000));
const SEED = Number(opt('seed', 1));
const RUNS = Math.max(1, Number(opt('runs', 1)));
const WRITE = flag('write');
const SEMGREP = !flag('no-semgrep');
const CLI = resolve(opt('cli', join(ROOT, 'bin', 'rampart.js')));

// ------------------------------------------------------------------ measuring
// Children run in the repository root unless told otherwise.
const measure = (cmd, args, o = {}) => measureChild(cmd, args, { cwd: ROOT, timeoutSec: 1800, tag: 'sast', ...o });
const fmt = (n, d = 2) => (n == null || Number.isNaN(n) ? '?' : n.toFixed(d));
const thousands = (n) => Math.round(n).toLocaleString('en-US');

// ------------------------------------------------------------------ corpus
const NOUNS = ['customer', 'order', 'invoice', 'payment', 'shipment', 'product', 'catalog', 'review', 'coupon', 'cart', 'account', 'profile', 'session', 'ticket', 'report', 'audit', 'vendor', 'warehouse', 'stock', 'refund', 'subscription', 'plan', 'team', 'project', 'task', 'comment', 'attachment', 'message', 'channel', 'notification', 'webhook', 'device', 'location', 'region', 'tenant', 'budget', 'expense', 'ledger', 'contract', 'asset'];
const QUALIFIERS = ['', 'archived', 'draft', 'partner', 'internal', 'bulk', 'scheduled', 'recurring', 'external', 'legacy', 'mobile', 'regional'];
const FIELD_NAMES = ['name', 'title', 'status', 'amount', 'currency', 'createdAt', 'updatedAt', 'ownerId', 'email', 'phone', 'notes', 'priority', 'quantity', 'price', 'discount', 'tags', 'reference', 'country', 'city', 'postalCode', 'dueDate', 'score', 'version', 'label', 'source', 'channel', 'category', 'weight', 'rating', 'locale'];
const FIELD_TYPES = { name: 'string', title: 'string', status: 'Status', amount: 'number', currency: 'string', createdAt: 'Date', updatedAt: 'Date', ownerId: 'string', email: 'string', phone: 'string', notes: 'string', priority: 'number', quantity: 'number', price: 'number', discount: 'number', tags: 'string[]', reference: 'string', country: 'string', city: 'string', postalCode: 'string', dueDate: 'Date', score: 'number', version: 'number', label: 'string', source: 'string', channel: 'string', category: 'string', weight: 'number', rating: 'number', locale: 'string' };

const pascal = (s) => s.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = (s) => { const p = pascal(s); return p[0].toLowerCase() + p.slice(1); };
const snake = (s) => s.replace(/-/g, '_');
const col = (f) => f.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** Which vulnerable flow (if any) a domain carries: the corpus holds some real findings. */
const FLAWS = ['sql', 'command', 'path', 'ssrf', 'xss'];

function domainFiles(r, kebab, flaw) {
  const P = pascal(kebab);
  const c = camel(kebab);
  const table = snake(kebab) + 's';
  const fields = [];
  const pool = [...FIELD_NAMES];
  const nFields = r.range(8, 18);
  for (let i = 0; i < nFields; i++) fields.push(pool.splice(r.int(pool.length), 1)[0]);
  const numeric = fields.filter((f) => FIELD_TYPES[f] === 'number');
  const text = fields.filter((f) => FIELD_TYPES[f] === 'string');
  const files = {};

  files['types.ts'] = `export type Status = 'active' | 'pending' | 'closed' | 'archived';

export interface ${P} {
  id: string;
${fields.map((f) => `  ${f}${r.chance(0.3) ? '?' : ''}: ${FIELD_TYPES[f]};`).join('\n')}
}

export interface ${P}Filter {
  status?: Status;
  ownerId?: string;
  limit: number;
  offset: number;
}

export interface ${P}Summary {
  count: number;
  total: number;
  byStatus: Record<Status, number>;
}

export type New${P} = Omit<${P}, 'id'>;

export type ${P}Patch = Partial<New${P}>;
`;

  const cols = ['id', ...fields.map(col)];
  const searchBody =
    flaw === 'sql'
      ? `    // Built by hand for the LIKE pattern (the bug the benchmark plants).
    const sql = "SELECT ${cols.join(', ')} FROM ${table} WHERE ${col(text[0] ?? 'name')} LIKE '%" + term + "%' LIMIT 50";
    const { rows } = await pool.query(sql);
    return rows.map(fromRow);`
      : `    const { rows } = await pool.query(
      'SELECT ${cols.join(', ')} FROM ${table} WHERE ${col(text[0] ?? 'name')} ILIKE $1 LIMIT 50',
      ['%' + term + '%'],
    );
    return rows.map(fromRow);`;
  files['repository.ts'] = `import { pool } from '../../db/pool.js';
import type { ${P}, ${P}Filter, ${P}Patch, New${P} } from './types.js';

const COLUMNS = ${JSON.stringify(cols.join(', '))};

function fromRow(row: Record<string, unknown>): ${P} {
  return {
    id: String(row.id),
${fields.map((f) => `    ${f}: row.${col(f)} as ${P}['${f}'],`).join('\n')}
  } as ${P};
}

export class ${P}Repository {
  async findById(id: string): Promise<${P} | undefined> {
    const { rows } = await pool.query(\`SELECT \${COLUMNS} FROM ${table} WHERE id = $1\`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async list(filter: ${P}Filter): Promise<${P}[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(\`status = $\${params.length}\`);
    }
    if (filter.ownerId) {
      params.push(filter.ownerId);
      where.push(\`owner_id = $\${params.length}\`);
    }
    params.push(filter.limit, filter.offset);
    const clause = where.length ? 'WHERE ' + where.join(' AND ') : '';
    const { rows } = await pool.query(
      \`SELECT \${COLUMNS} FROM ${table} \${clause} ORDER BY created_at DESC LIMIT $\${params.length - 1} OFFSET $\${params.length}\`,
      params,
    );
    return rows.map(fromRow);
  }

  async search(term: string): Promise<${P}[]> {
${searchBody}
  }

  async insert(item: New${P}): Promise<${P}> {
    const { rows } = await pool.query(
      'INSERT INTO ${table} (${fields.map(col).join(', ')}) VALUES (${fields.map((_, i) => '$' + (i + 1)).join(', ')}) RETURNING ${cols.join(', ')}',
      [${fields.map((f) => `item.${f}`).join(', ')}],
    );
    return fromRow(rows[0]);
  }

  async update(id: string, patch: ${P}Patch): Promise<${P} | undefined> {
    const sets: string[] = [];
    const params: unknown[] = [];
${fields
  .map(
    (f) => `    if (patch.${f} !== undefined) {
      params.push(patch.${f});
      sets.push('${col(f)} = $' + params.length);
    }`,
  )
  .join('\n')}
    if (sets.length === 0) return this.findById(id);
    params.push(id);
    const { rows } = await pool.query('UPDATE ${table} SET ' + sets.join(', ') + ' WHERE id = $' + params.length + ' RETURNING ${cols.join(', ')}', params);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    const r = await pool.query('DELETE FROM ${table} WHERE id = $1', [id]);
    return (r.rowCount ?? 0) > 0;
  }
}
`;

  const nHelpers = r.range(6, 16);
  const helpers = [];
  for (let i = 0; i < nHelpers; i++) {
    const f = r.pick(numeric.length ? numeric : ['priority']);
    const g = r.pick(fields);
    const kind = r.int(4);
    const name = `${r.pick(['compute', 'collect', 'rank', 'group', 'measure', 'weigh', 'tally', 'score'])}${pascal(g)}${i}`;
    if (kind === 0) {
      helpers.push(`  ${name}(items: ${P}[]): number {
    let total = 0;
    for (const item of items) {
      const value = Number(item.${f} ?? 0);
      if (Number.isNaN(value)) continue;
      total += value > ${r.range(10, 900)} ? value * ${r.range(2, 9)} / 10 : value;
    }
    return Math.round(total * 100) / 100;
  }`);
    } else if (kind === 1) {
      helpers.push(`  ${name}(items: ${P}[]): Map<string, ${P}[]> {
    const groups = new Map<string, ${P}[]>();
    for (const item of items) {
      const key = String(item.${g} ?? 'unknown');
      const list = groups.get(key) ?? [];
      list.push(item);
      groups.set(key, list);
    }
    return groups;
  }`);
    } else if (kind === 2) {
      helpers.push(`  async ${name}(ids: string[]): Promise<${P}[]> {
    const found = await Promise.all(ids.slice(0, ${r.range(20, 200)}).map((id) => this.repo.findById(id)));
    return found
      .filter((x): x is ${P} => x !== undefined)
      .sort((a, b) => String(a.${g}).localeCompare(String(b.${g})));
  }`);
    } else {
      helpers.push(`  ${name}(items: ${P}[], threshold = ${r.range(1, 50)}): ${P}[] {
    const out: ${P}[] = [];
    for (const item of items) {
      switch (item.status) {
        case 'active':
          if (Number(item.${f} ?? 0) >= threshold) out.push(item);
          break;
        case 'pending':
          if (Number(item.${f} ?? 0) >= threshold * 2) out.push(item);
          break;
        default:
          break;
      }
    }
    return out;
  }`);
    }
  }
  files['service.ts'] = `import { ${P}Repository } from './repository.js';
import type { ${P}, ${P}Filter, ${P}Patch, ${P}Summary, New${P} } from './types.js';
import { clamp, logEvent } from '../../utils/common.js';

export class ${P}Service {
  constructor(private readonly repo = new ${P}Repository()) {}

  get(id: string): Promise<${P} | undefined> {
    return this.repo.findById(id);
  }

  list(filter: Partial<${P}Filter>): Promise<${P}[]> {
    return this.repo.list({
      ...filter,
      limit: clamp(filter.limit ?? 25, 1, 100),
      offset: Math.max(0, filter.offset ?? 0),
    });
  }

  async search(term: string): Promise<${P}[]> {
    const trimmed = term.trim();
    if (trimmed.length < 2) return [];
    logEvent('${c}.search', { length: trimmed.length });
    return this.repo.search(trimmed);
  }

  create(input: New${P}): Promise<${P}> {
    return this.repo.insert(input);
  }

  update(id: string, patch: ${P}Patch): Promise<${P} | undefined> {
    return this.repo.update(id, patch);
  }

  async summarize(filter: Partial<${P}Filter>): Promise<${P}Summary> {
    const items = await this.list({ ...filter, limit: 100 });
    const byStatus = { active: 0, pending: 0, closed: 0, archived: 0 };
    let total = 0;
    for (const item of items) {
      byStatus[item.status ?? 'active'] += 1;
      total += ${numeric.length ? `Number(item.${numeric[0]} ?? 0)` : '1'};
    }
    return { count: items.length, total, byStatus };
  }

${helpers.join('\n\n')}
}
`;

  files['validators.ts'] = `import type { New${P}, ${P}Patch } from './types.js';

export class ValidationError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function parse${P}(body: unknown): New${P} {
  if (typeof body !== 'object' || body === null) throw new ValidationError('body', 'expected an object');
  const b = body as Record<string, unknown>;
${fields
  .map((f) => {
    const t = FIELD_TYPES[f];
    if (t === 'number') return `  if (b.${f} !== undefined && typeof b.${f} !== 'number') throw new ValidationError('${f}', 'expected a number');`;
    if (t === 'string') return `  if (b.${f} !== undefined && typeof b.${f} !== 'string') throw new ValidationError('${f}', 'expected a string');`;
    return `  // ${f}: ${t}, checked by the database`;
  })
  .join('\n')}
  return b as unknown as New${P};
}

export function parse${P}Patch(body: unknown): ${P}Patch {
  return parse${P}(body) as ${P}Patch;
}

export function parsePaging(query: Record<string, unknown>): { limit: number; offset: number } {
  const limit = Number.parseInt(String(query.limit ?? '25'), 10);
  const offset = Number.parseInt(String(query.offset ?? '0'), 10);
  return { limit: Number.isFinite(limit) ? limit : 25, offset: Number.isFinite(offset) ? offset : 0 };
}
`;

  const flawRoute = {
    sql: '',
    command: `
  router.post('/${kebab}s/:id/export', async (req: Request, res: Response) => {
    // Converts with an external tool; the format comes straight from the query string.
    const out = await convertFile(req.params.id, String(req.query.format));
    res.json({ out });
  });
`,
    path: `
  router.get('/${kebab}s/files/:name', async (req: Request, res: Response) => {
    const data = await readFile(join(EXPORT_DIR, req.params.name), 'utf8');
    res.type('text/plain').send(data);
  });
`,
    ssrf: `
  router.post('/${kebab}s/:id/notify', async (req: Request, res: Response) => {
    const reply = await fetch(req.body.callbackUrl, { method: 'POST', body: JSON.stringify({ id: req.params.id }) });
    res.status(reply.ok ? 204 : 502).end();
  });
`,
    xss: `
  router.get('/${kebab}s/preview', (req: Request, res: Response) => {
    res.send('<h1>Preview of ' + req.query.title + '</h1>');
  });
`,
  }[flaw ?? 'none'] ?? '';
  files['controller.ts'] = `import { Router, type Request, type Response, type NextFunction } from 'express';
${flaw === 'path' ? "import { readFile } from 'node:fs/promises';\nimport { join } from 'node:path';\n" : ''}${flaw === 'command' ? "import { convertFile } from '../../utils/shell.js';\n" : ''}import { ${P}Service } from './service.js';
import { parse${P}, parse${P}Patch, parsePaging, ValidationError } from './validators.js';
import { to${P}Dto } from './mapper.js';
${flaw === 'path' ? "\nconst EXPORT_DIR = process.env.EXPORT_DIR ?? '/var/exports';\n" : ''}
const service = new ${P}Service();

function handle(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch((e: unknown) => {
      if (e instanceof ValidationError) res.status(400).json({ field: e.field, error: e.message });
      else next(e);
    });
  };
}

export function register${P}Routes(router: Router): void {
  router.get('/${kebab}s', handle(async (req, res) => {
    const paging = parsePaging(req.query as Record<string, unknown>);
    const items = await service.list(paging);
    res.json(items.map(to${P}Dto));
  }));

  router.get('/${kebab}s/search', handle(async (req, res) => {
    const items = await service.search(String(req.query.q ?? ''));
    res.json(items.map(to${P}Dto));
  }));

  router.get('/${kebab}s/:id', handle(async (req, res) => {
    const item = await service.get(req.params.id);
    if (!item) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res.json(to${P}Dto(item));
  }));

  router.post('/${kebab}s', handle(async (req, res) => {
    const created = await service.create(parse${P}(req.body));
    res.status(201).json(to${P}Dto(created));
  }));

  router.patch('/${kebab}s/:id', handle(async (req, res) => {
    const updated = await service.update(req.params.id, parse${P}Patch(req.body));
    if (!updated) {
      res.status(404).end();
      return;
    }
    res.json(to${P}Dto(updated));
  }));

  router.get('/${kebab}s-summary', handle(async (req, res) => {
    res.json(await service.summarize(parsePaging(req.query as Record<string, unknown>)));
  }));
${flawRoute}}
`;

  files['mapper.ts'] = `import type { ${P} } from './types.js';

export interface ${P}Dto {
  id: string;
${fields.map((f) => `  ${f}: ${FIELD_TYPES[f] === 'Date' ? 'string' : FIELD_TYPES[f] === 'Status' ? 'string' : FIELD_TYPES[f]} | null;`).join('\n')}
}

export function to${P}Dto(item: ${P}): ${P}Dto {
  return {
    id: item.id,
${fields
  .map((f) =>
    FIELD_TYPES[f] === 'Date'
      ? `    ${f}: item.${f} ? new Date(item.${f}).toISOString() : null,`
      : `    ${f}: item.${f} ?? null,`,
  )
  .join('\n')}
  };
}

export function from${P}Dto(dto: ${P}Dto): Partial<${P}> {
  const out: Partial<${P}> = { id: dto.id };
${fields
  .map((f) =>
    FIELD_TYPES[f] === 'Date'
      ? `  if (dto.${f}) out.${f} = new Date(dto.${f});`
      : FIELD_TYPES[f] === 'Status'
        ? `  if (dto.${f}) out.${f} = dto.${f} as ${P}['${f}'];`
        : `  if (dto.${f} !== null) out.${f} = dto.${f};`,
  )
  .join('\n')}
  return out;
}
`;

  files['index.ts'] = `export * from './types.js';
export { ${P}Service } from './service.js';
export { register${P}Routes } from './controller.js';
export { to${P}Dto } from './mapper.js';
`;
  return files;
}

const SHARED = {
  'src/db/pool.ts': `import pg from 'pg';

export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
});

export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}
`,
  'src/utils/common.ts': `export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function logEvent(name: string, data: Record<string, unknown>): void {
  if (process.env.LOG_EVENTS === '1') process.stderr.write(JSON.stringify({ name, ...data }) + '\\n');
}
`,
  'src/utils/shell.ts': `import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);

export async function convertFile(id: string, format: string): Promise<string> {
  const target = '/tmp/exports/' + id + '.' + format;
  await run('convert /var/data/' + id + '.raw ' + target);
  return target;
}
`,
};

/** A minified bundle: long lines of dense code (skipped by default). */
function bundle(r, bytes) {
  const parts = [];
  let size = 0;
  let line = '';
  let i = 0;
  while (size < bytes) {
    const stmt = `function _${i.toString(36)}(a,b){var c=a+${r.int(1000)};return b?c*${r.int(97)}:c-${r.int(31)}}`;
    line += stmt;
    size += stmt.length;
    i++;
    if (line.length > 30000) {
      parts.push(line);
      line = '';
      size++;
    }
  }
  parts.push(line);
  return '!function(){' + parts.join('\n') + '}();\n';
}

function generate() {
  const marker = join(CORPUS, '.complete.json');
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    if (m.version === GENERATOR_VERSION && m.seed === SEED && m.targetLines === TARGET_LINES) return m;
  }
  rmSync(CORPUS, { recursive: true, force: true });
  const rng = new Rng(SEED);
  const files = { ...SHARED };
  const domains = [];
  let lines = 0;
  const count = (t) => t.split('\n').length - (t.endsWith('\n') ? 1 : 0);
  for (const t of Object.values(SHARED)) lines += count(t);
  const flaws = {};
  for (let i = 0; lines < TARGET_LINES - 200; i++) {
    const q = QUALIFIERS[Math.floor(i / NOUNS.length) % QUALIFIERS.length];
    const round = Math.floor(i / (NOUNS.length * QUALIFIERS.length));
    const kebab = [q, NOUNS[i % NOUNS.length]].filter(Boolean).join('-') + (round ? `-v${round + 1}` : '');
    const r = rng.fork(kebab);
    // Every seventh domain carries one planted flow, the kinds in turn.
    const f = i % 7 === 3 ? FLAWS[Math.floor(i / 7) % FLAWS.length] : undefined;
    if (f) flaws[f] = (flaws[f] ?? 0) + 1;
    for (const [name, text] of Object.entries(domainFiles(r, kebab, f))) {
      files[`src/domains/${kebab}/${name}`] = text;
      lines += count(text);
    }
    domains.push(kebab);
  }
  files['src/app.ts'] = `import express from 'express';
${domains.map((d) => `import { register${pascal(d)}Routes } from './domains/${d}/index.js';`).join('\n')}

export function buildApp(): express.Express {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const router = express.Router();
${domains.map((d) => `  register${pascal(d)}Routes(router);`).join('\n')}
  app.use('/api', router);
  return app;
}
`;
  lines += count(files['src/app.ts']);
  // Skipped by default: two minified bundles under the size cap, one over it, one generated file.
  const br = rng.fork('bundles');
  const skipped = {
    'public/vendor/charts.min.js': bundle(br, 900_000),
    'public/vendor/editor.min.js': bundle(br, 1_500_000),
    'public/assets/app.bundle.js': bundle(br, 3_500_000),
    'src/generated/api-client.ts': `// @generated by openapi-codegen. DO NOT EDIT.\n` + domains.map((d) => `export const ${camel(d)}Path = '/api/${d}s';\n`).join(''),
  };
  let skippedBytes = 0;
  for (const t of Object.values(skipped)) skippedBytes += t.length;
  let bytes = 0;
  for (const [rel, text] of Object.entries({ ...files, ...skipped })) {
    mkdirSync(dirname(join(CORPUS, rel)), { recursive: true });
    writeFileSync(join(CORPUS, rel), text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(CORPUS, 'package.json'), JSON.stringify({ name: 'sast-gen', private: true, type: 'module', dependencies: { express: '^4.19.2', pg: '^8.11.0' } }, null, 2) + '\n');
  const m = { version: GENERATOR_VERSION, seed: SEED, targetLines: TARGET_LINES, files: Object.keys(files).length, lines, bytes, skippedFiles: Object.keys(skipped).length, skippedBytes, domains: domains.length, flaws };
  writeFileSync(marker, JSON.stringify(m, null, 2));
  return m;
}

// ------------------------------------------------------------------ semgrep
function semgrepBin() {
  // --no-semgrep skips it even when installed (it takes minutes on this corpus).
  if (!SEMGREP) return { why: 'skipped (--no-semgrep)' };
  const bin = join(VENV, 'bin', 'semgrep');
  if (isExecutable(bin)) return { bin };
  process.stderr.write('installing semgrep into bench/.venv-semgrep …\n');
  const venv = spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  if (venv.status !== 0) return { why: 'could not be installed: python3 -m venv failed' };
  // The venv holds third-party code; keep it out of git and of Rampart's own scans.
  writeFileSync(join(VENV, '.gitignore'), '*\n');
  const pip = spawnSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', 'semgrep'], { stdio: 'inherit' });
  if (pip.status !== 0 || !isExecutable(bin)) return { why: 'could not be installed: pip install semgrep failed (offline?)' };
  return { bin };
}

// ------------------------------------------------------------------ run
const rampart = (dir, outFile, cacheHome) =>
  measure(process.execPath, [CLI, 'scan', dir, '--scanners', 'sast', '--format', 'json', '--output', outFile, '--fail-on', 'none'], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });

async function main() {
  if (flag('corpus-only')) {
    const m = generate();
    console.log(`${CORPUS}: ${m.files} files, ${thousands(m.lines)} lines`);
    return;
  }
  if (!existsSync(join(ROOT, 'dist'))) {
    console.error('run `npm run build` first');
    process.exit(2);
  }
  const loadStart = loadavg()[0];
  const t0 = Date.now();
  const corpus = generate();
  const genS = (Date.now() - t0) / 1000;
  console.log(`corpus: ${corpus.files} TypeScript files, ${thousands(corpus.lines)} lines, ${(corpus.bytes / 1048576).toFixed(1)} MiB (${corpus.domains} domains; planted flows ${JSON.stringify(corpus.flaws)}); ` +
    `plus ${corpus.skippedFiles} minified/generated files (${(corpus.skippedBytes / 1048576).toFixed(1)} MiB) that must be skipped${genS > 0.5 ? `; generated in ${genS.toFixed(1)} s` : '; reused'}`);

  const work = mkdtempSync(join(tmpdir(), 'rampart-bench-sast-'));
  const cacheHome = join(work, 'cache');
  const report = join(work, 'report.json');
  const empty = join(work, 'empty');
  mkdirSync(empty);

  const startup = [];
  for (let i = 0; i < Math.max(3, RUNS); i++) startup.push(await rampart(empty, join(work, 'e.json'), cacheHome));
  const startupWall = median(startup.map((s) => s.wall));

  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(cacheHome, { recursive: true, force: true });
    cold.push(await rampart(CORPUS, report, cacheHome));
    warm.push(await rampart(CORPUS, report, cacheHome));
  }
  if (cold.some((r) => r.exit !== 0 && r.exit !== 1)) {
    console.error(`rampart failed (exit ${cold[0].exit}); no figures:\n${cold[0].stderr}`);
    process.exit(1);
  }
  let findings = [];
  let issues = [];
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    findings = j.findings ?? [];
    issues = j.issues ?? [];
  } catch (e) {
    console.error(`no report from rampart: ${e.message}\n${cold[0].stderr}`);
  }

  // One file changed (a new helper appended to a service), then re-scanned with a warm cache.
  const changed = join(CORPUS, 'src', 'domains', 'customer', 'service.ts');
  const original = readFileSync(changed, 'utf8');
  const incr = [];
  for (let i = 0; i < Math.max(3, RUNS); i++) {
    appendFileSync(changed, `\nexport function touched${i}(n: number): number {\n  return n * ${i + 2};\n}\n`);
    incr.push(await rampart(CORPUS, join(work, 'i.json'), cacheHome));
    writeFileSync(changed, original);
  }
  // Leave the cache matching the restored file for the next run.
  await rampart(CORPUS, join(work, 'i.json'), cacheHome);

  const c = { wall: median(cold.map((r) => r.wall)), cpu: median(cold.map((r) => r.cpu ?? 0)), rss: Math.max(...cold.map((r) => r.rssMb ?? 0)) };
  const w = { wall: median(warm.map((r) => r.wall)), cpu: median(warm.map((r) => r.cpu ?? 0)), rss: Math.max(...warm.map((r) => r.rssMb ?? 0)) };
  const inc = { wall: median(incr.map((r) => r.wall)), cpu: median(incr.map((r) => r.cpu ?? 0)), rss: Math.max(...incr.map((r) => r.rssMb ?? 0)) };

  let sg = null;
  const s = semgrepBin();
  if (s.bin) {
    const ver = spawnSync(s.bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const out = join(work, 'semgrep.json');
    const run = await measure(s.bin, ['--config', SEMGREP_RULES, '--metrics=off', '--json', '--quiet', '--no-git-ignore', CORPUS], {
      stdoutFile: out,
      // The corpus is git-ignored (semgrep would skip it); no network version check in a timing.
      env: { ...process.env, SEMGREP_SEND_METRICS: 'off', SEMGREP_ENABLE_VERSION_CHECK: '0' },
    });
    let n = '?';
    try {
      n = JSON.parse(readFileSync(out, 'utf8')).results.length;
    } catch {
      // The count stays unknown; times are still reported.
    }
    sg = { version: ver, wall: run.wall, cpu: run.cpu, rss: run.rssMb, findings: n, exit: run.exit, stderr: run.stderr };
  }

  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() ? '+wip' : '';
  const byRule = new Map();
  for (const f of findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const issueKinds = new Map();
  for (const i of issues) issueKinds.set(i.kind, (issueKinds.get(i.kind) ?? 0) + 1);
  const lps = corpus.lines / c.wall;
  const lpsWarm = corpus.lines / w.wall;
  const lines = [];
  lines.push(`## ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z — sast: rampart (${rev}${dirty})`);
  lines.push('');
  lines.push(`\`node bench/sast.mjs --runs ${RUNS}${WRITE ? ' --write' : ''}\`. Machine: ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average at start ${loadStart.toFixed(2)}. Median of ${RUNS} run(s); each run is a fresh \`node\` process (start-up included).`);
  lines.push('');
  lines.push(`Corpus (seed ${SEED}): ${corpus.files} TypeScript files, ${thousands(corpus.lines)} lines, ${(corpus.bytes / 1048576).toFixed(1)} MiB in ${corpus.domains} domains (controller, service, repository, validators, mapper, types, index), planted flows ${JSON.stringify(corpus.flaws)}; plus ${corpus.skippedFiles} minified/generated files (${(corpus.skippedBytes / 1048576).toFixed(1)} MiB) that must be skipped.`);
  lines.push('');
  const perCpu = (cpu) => (cpu ? thousands(corpus.lines / cpu) : '');
  lines.push('| run | wall s | CPU s | peak RSS MB | lines/s (wall) | lines per CPU s |');
  lines.push('|---|---:|---:|---:|---:|---:|');
  lines.push(`| CLI start-up (empty directory) | ${fmt(startupWall)} | ${fmt(median(startup.map((x) => x.cpu ?? 0)))} | ${fmt(Math.max(...startup.map((x) => x.rssMb ?? 0)), 1)} | | |`);
  lines.push(`| cold (empty cache) | ${fmt(c.wall)} | ${fmt(c.cpu)} | ${fmt(c.rss, 1)} | ${thousands(lps)} | ${perCpu(c.cpu)} |`);
  lines.push(`| warm (cache, nothing changed) | ${fmt(w.wall)} | ${fmt(w.cpu)} | ${fmt(w.rss, 1)} | ${thousands(lpsWarm)} | ${perCpu(w.cpu)} |`);
  lines.push(`| one file changed | ${fmt(inc.wall)} | ${fmt(inc.cpu)} | ${fmt(inc.rss, 1)} | | |`);
  if (sg) lines.push(`| semgrep ${sg.version} (bench/semgrep-rules, taint mode) | ${fmt(sg.wall)} | ${fmt(sg.cpu)} | ${fmt(sg.rss, 1)} | ${thousands(corpus.lines / sg.wall)} | ${perCpu(sg.cpu)} |`);
  lines.push('');
  if (loadStart > cpus().length) {
    lines.push(`The machine was busy (load average ${loadStart.toFixed(1)} on ${cpus().length} cores at the start): wall times are inflated by waiting for a CPU; CPU seconds are the comparable figure.`);
    lines.push('');
  }
  lines.push(`Goal ≥150,000 lines/s cold: **${lps >= 150000 ? 'met' : 'not met'}** (${thousands(lps)}). Goal one-file re-scan < 1 s: **${inc.wall < 1 ? 'met' : 'not met'}** (${fmt(inc.wall)} s, of which ${fmt(startupWall)} s is CLI start-up).`);
  lines.push(sg ? `semgrep/rampart wall-time ratio: ${fmt(sg.wall / c.wall, 1)}× cold, ${fmt(sg.wall / w.wall, 1)}× warm (semgrep: ${sg.findings} findings, exit ${sg.exit}).` : `semgrep: ${s.why}.`);
  // Planted flows: one finding per vulnerable sink. The command flows all end in the shared
  // utils/shell.ts sink, so they are one finding; the others each have their own sink.
  const planted = { 'sast/js/sql-injection': corpus.flaws.sql ?? 0, 'sast/js/command-injection': corpus.flaws.command ? 1 : 0, 'sast/js/path-traversal': corpus.flaws.path ?? 0, 'sast/js/ssrf': corpus.flaws.ssrf ?? 0, 'sast/js/xss': corpus.flaws.xss ?? 0 };
  const plantedTotal = Object.values(planted).reduce((a, b) => a + b, 0);
  const plantedFound = Object.entries(planted).reduce((a, [id, n]) => a + Math.min(n, byRule.get(id) ?? 0), 0);
  lines.push(`Planted sinks found: ${plantedFound}/${plantedTotal} (${Object.entries(planted).map(([id, n]) => `${id.slice(8)} ${Math.min(n, byRule.get(id) ?? 0)}/${n}`).join(', ')}).`);
  lines.push(`Rampart: ${findings.length} findings (${[...byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); ${issues.length} issues (${[...issueKinds].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}); exit ${cold[0].exit}.`);
  lines.push('');
  lines.push('Commands:');
  lines.push('');
  lines.push('    XDG_CACHE_HOME=<tmp> node bin/rampart.js scan bench/.corpus/sast-gen --scanners sast --format json --output <report.json> --fail-on none');
  if (sg) lines.push('    bench/.venv-semgrep/bin/semgrep --config bench/semgrep-rules --metrics=off --json --quiet --no-git-ignore bench/.corpus/sast-gen');
  lines.push('');
  const text = lines.join('\n');
  console.log('\n' + text);
  if (cold[0].exit !== 0) console.error(`rampart exited ${cold[0].exit}:\n${cold[0].stderr}`);
  if (sg && sg.exit !== 0) console.error(`semgrep exited ${sg.exit}:\n${sg.stderr.slice(0, 2000)}`);
  if (WRITE) {
    const path = join(HERE, 'RESULTS.md');
    const old = readFileSync(path, 'utf8');
    const at = old.indexOf('\n## ');
    writeFileSync(path, at < 0 ? old + '\n' + text : old.slice(0, at + 1) + text + '\n' + old.slice(at + 1));
  }
  rmSync(work, { recursive: true, force: true });
}

await main();
