/**
 * A small made-up project a SAST worker thread analyses once before its first task, its results
 * thrown away. V8 optimises the engine's big functions after a few files, on the type feedback
 * those files gave; when a worker's first files are alike (a large project's dependency-free files,
 * often type declarations, go out first), the optimised code then meets other syntax and other
 * node shapes, is thrown away and compiled again, in every worker. These files walk the common
 * paths first: routes, classes with parameter properties, calls through another file's summary,
 * callbacks, loops, JSX, CommonJS. Speed only: nothing here reaches a report.
 *
 * Listed dependencies first; `imports` maps a specifier to an earlier file's path.
 */
export interface WarmUpFile {
  path: string;
  source: string;
  imports: Record<string, string>;
}

const DB = `import { Pool } from 'pg';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Row { id: string; name?: string; total: number }
export type Sort = 'asc' | 'desc';
export enum Kind { Plain = 1, Bulk }

export const pool = new Pool({ max: 4 });

export class ItemStore {
  private readonly cache = new Map<string, Row>();
  constructor(private readonly db: Pool, readonly table = 'items') {}

  async byName(name: string, sort: Sort = 'asc'): Promise<Row[]> {
    const sql = 'SELECT id, name FROM ' + this.table + " WHERE name = '" + name + "' ORDER BY name " + sort;
    const { rows } = await this.db.query(sql);
    return rows as Row[];
  }

  async byId(id: string): Promise<Row | undefined> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const res = await this.db.query(\`SELECT * FROM \${this.table} WHERE id = $1\`, [id]);
    const row = res.rows[0] as Row | undefined;
    if (row !== undefined) this.cache.set(id, row);
    return row ?? undefined;
  }
}

export async function template(dir: string, file: string): Promise<string> {
  const text = await readFile(join(dir, file), 'utf8');
  return text.replace(/\\{\\{(\\w+)\\}\\}/g, (_m, key: string) => key.toUpperCase());
}
`;

const SERVICE = `import { ItemStore, pool, template, type Row } from './db';
import { execFile, exec } from 'node:child_process';

export class ItemService {
  constructor(private readonly store: ItemStore = new ItemStore(pool)) {}

  async search(term: string, limit = 10): Promise<Row[]> {
    const trimmed = term.trim();
    if (trimmed.length < 2 || limit <= 0) return [];
    const rows = await this.store.byName(trimmed);
    return rows.filter((r) => r.total > 0).slice(0, Math.min(limit, 50));
  }

  report(name: string, opts: { verbose?: boolean } = {}): void {
    const args = ['--name', name, ...(opts.verbose ? ['-v'] : [])];
    execFile('report', args, (err, out) => {
      if (err) console.error(err.message);
      else console.log(out);
    });
    exec('archive ' + name);
  }

  async render(page: string): Promise<string> {
    try {
      return await template('/srv/pages', page);
    } catch (e) {
      return String((e as Error).message);
    }
  }

  totals(rows: Row[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { name = 'none', total } of rows) out[name] = (out[name] ?? 0) + total;
    let i = 0;
    while (i < rows.length) {
      switch (rows[i]!.total % 3) {
        case 0: i += 2; break;
        case 1: i++; continue;
        default: i += 3;
      }
    }
    return out;
  }
}

export const service = new ItemService();
`;

const ROUTES = `import express, { type Request, type Response } from 'express';
import { service } from './service';

const router = express.Router();

router.get('/items', async (req: Request, res: Response) => {
  const term = String(req.query.q ?? '');
  const limit = Number(req.query.limit) || 10;
  const rows = await service.search(term, limit);
  res.json({ rows, count: rows.length });
});

router.post('/items/:id/report', (req, res) => {
  const { name, verbose } = req.body as { name: string; verbose?: boolean };
  service.report(name ?? req.params.id, { verbose: !!verbose });
  res.status(202).end();
});

router.get('/pages/:page', async (req, res, next) => {
  try {
    const html = await service.render(req.params.page);
    res.send(\`<main>\${html}</main>\`);
  } catch (err) {
    next(err);
  }
});

router.get('/go', (req, res) => {
  const target = req.query.to as string;
  if (!target?.startsWith('/')) return res.redirect('/');
  res.redirect(target);
});

export default router;
`;

const VIEW = `import React, { useEffect, useState } from 'react';

type Props = { html: string; id?: number };

export function Panel({ html, id = 0 }: Props): JSX.Element {
  const [count, setCount] = useState<number>(id);
  useEffect(() => {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    document.getElementById('out')!.innerHTML = hash;
  }, []);
  return (
    <section className={count > 1 ? 'many' : 'one'} onClick={() => setCount((c) => c + 1)}>
      <div dangerouslySetInnerHTML={{ __html: html }} />
      {[1, 2, 3].map((n) => <span key={n}>{n * count}</span>)}
    </section>
  );
}
`;

const LEGACY = `'use strict';
const http = require('http');
const { URL } = require('url');
const crypto = require('crypto');

function Handler(secret) {
  this.secret = secret;
}

Handler.prototype.sign = function (value) {
  return crypto.createHmac('sha256', this.secret).update(String(value)).digest('hex');
};

var handler = new Handler(process.env.SECRET || 'dev');

http.createServer(function (req, res) {
  var url = new URL(req.url, 'http://localhost');
  var name = url.searchParams.get('name') || '';
  var parts = name.split(',').map(function (p) { return p.trim(); });
  if (parts.length > 3) {
    res.writeHead(400);
    return res.end('too many');
  }
  res.setHeader('X-Sig', handler.sign(name));
  res.end('<p>' + parts.join(' ') + '</p>');
}).listen(8080);

module.exports = { Handler: Handler, sign: function (v) { return handler.sign(v); } };
`;

const NEST = `import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ItemService } from './service';

export abstract class Base<T extends { id: string }> {
  protected abstract find(id: string): Promise<T | undefined>;
  static readonly version = 2;
  #hits = 0;
  get hits(): number { return this.#hits; }
  set hits(n: number) { this.#hits = n >= 0 ? n : 0; }
}

@Controller('orders')
export class OrdersController extends Base<{ id: string }> {
  constructor(private readonly items: ItemService) {
    super();
  }

  protected async find(id: string) {
    return (await this.items.search(id))[0];
  }

  @Get(':id')
  async one(@Param('id') id: string, @Query('q') q?: string) {
    const row = await this.find(id);
    return row ?? { id, q: q ?? null };
  }

  @Post()
  create(@Body() body: Record<string, unknown>) {
    const { name, ...rest } = body;
    this.items.report(String(name));
    return { ...rest, created: true };
  }
}
`;

const MISC = `export type Shape = { kind: 'a'; n: number } | { kind: 'b'; s: string };
export type Keys<T> = { [K in keyof T]?: T[K] extends string ? K : never };
export interface Named extends Record<string, unknown> { readonly name: string; tags: [string, number?]; [k: string]: unknown }
declare const VERSION: string;
export namespace Util { export const pad = (s: string, n = 2): string => s.padStart(n, '0'); }

export function area(s: Shape): number {
  if (s.kind === 'a') return s.n ** 2;
  return s.s.length;
}

export function* counter(max: number): Generator<number> {
  for (let i = 0; i < max; i += 1) yield i;
}

export async function collect(src: AsyncIterable<string>, into: string[] = []): Promise<string[]> {
  for await (const chunk of src) into.push(chunk);
  return into;
}

export function misc(input: unknown, list: number[], obj: Named | null): string {
  let text = '';
  const o = obj!;
  outer: for (const k in o) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]! & 1) continue outer;
      if (k in o && typeof o[k] === 'string') break outer;
    }
  }
  do {
    text += (list.shift() ?? 0) | 0;
  } while (list.length > 0 && text.length < 10);
  let cache: Map<string, number> | undefined;
  cache ??= new Map();
  cache.set('x', (cache.get('x') || 0) + 1);
  const fn = (obj as { call?: () => string } | null)?.call;
  text += fn?.() ?? '';
  text += input instanceof Error ? input.message : \`\${input as string}\`;
  const big = 10n * 3n;
  const re = /^[a-z]+$/i;
  const tag = String.raw\`a\\b\${big}\`;
  const arr = [1, , 3].map((x = 0) => x * 2).filter(Boolean);
  const key = 'dyn';
  const rec = { [key]: arr, tag, re, nested: { deep: [o?.name] }, method() { return this.tag; } };
  delete (rec as Partial<typeof rec>).tag;
  void 0;
  const [first, second = 'two', ...others] = text.split(',');
  try {
    if (!re.test(first ?? '')) throw new TypeError('bad ' + second);
  } catch ({ message }) {
    text = String(message) + others.length;
  } finally {
    text = text.slice(0, 100);
  }
  return (text satisfies string) + (<string>VERSION) + JSON.stringify(rec) + Util.pad(text);
}

export default class Counter { n = 0; inc = (): number => ++this.n; }
export * from './db';
export const lazy = () => import('./service').then((m) => m.service);
`;

const ROOT = '/rampart-warm-up/src/';

export const WARM_UP_FILES: readonly WarmUpFile[] = [
  { path: ROOT + 'db.ts', source: DB, imports: {} },
  { path: ROOT + 'service.ts', source: SERVICE, imports: { './db': ROOT + 'db.ts' } },
  { path: ROOT + 'routes.ts', source: ROUTES, imports: { './service': ROOT + 'service.ts' } },
  { path: ROOT + 'orders.controller.ts', source: NEST, imports: { './service': ROOT + 'service.ts' } },
  { path: ROOT + 'misc.ts', source: MISC, imports: { './db': ROOT + 'db.ts', './service': ROOT + 'service.ts' } },
  { path: ROOT + 'view.tsx', source: VIEW, imports: {} },
  { path: ROOT + 'server.js', source: LEGACY, imports: {} },
];
