import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerFindings } from '../../src/cli/findings.js';
import { RampartError } from '../../src/core/errors.js';

// `rampart findings list --waived/--no-waived` against a stand-in server. A server older than the
// waived field drops the unknown waived= query property and answers every finding without it: the
// CLI must refuse (exit 2, "upgrade it") instead of printing them as if filtered.

const finding = (fp: string, waived?: boolean) => ({
  fingerprint: fp,
  ruleId: 'secrets/github/pat',
  scanner: 'secrets',
  severity: 'high',
  state: 'open',
  firstSeen: '2026-11-27T10:00:00.000Z',
  lastSeen: '2026-11-27T11:00:00.000Z',
  fixedAt: null,
  reintroducedAt: null,
  ...(waived === undefined ? {} : { waived }),
});

let server: Server;
let base: string;
/** Whether the stand-in is a current server (sends waived) or an older one. */
let current = false;
let urls: string[] = [];
let home: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    urls.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/projects/web/findings') {
      const w = url.searchParams.get('waived');
      // The older server ignores waived=; the current one filters by it.
      const all = current ? [finding('fp-1', true), finding('fp-2', false)] : [finding('fp-1'), finding('fp-2')];
      const list = current && w !== null ? all.filter((f) => String(f.waived) === w) : all;
      return res.end(JSON.stringify({ findings: list, nextOffset: null }));
    }
    if (url.pathname === '/api/v1/projects/web/waivers') return res.end(JSON.stringify({ waivers: [{ fingerprint: 'fp-1', ruleId: null }] }));
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: 'E_NOT_FOUND', message: 'no route' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

let out: string;
beforeEach(() => {
  urls = [];
  out = '';
  home = mkdtempSync(join(tmpdir(), 'rampart-findings-'));
  vi.stubEnv('XDG_CONFIG_HOME', home); // no saved login: --server with RAMPART_TOKEN
  vi.stubEnv('RAMPART_TOKEN', 'rpt_test');
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(home, { recursive: true, force: true });
});

async function list(...flags: string[]): Promise<number | undefined> {
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerFindings(program, (c) => (code = c));
  await program.parseAsync(['findings', 'list', '--project', 'web', '--server', base, ...flags], { from: 'user' });
  return code;
}

describe('rampart findings list --waived / --no-waived', () => {
  it('an older server (no waived field) is refused with exit 2 and "upgrade it", for both flags', async () => {
    current = false;
    for (const flag of ['--waived', '--no-waived']) {
      const e = await list(flag).then(() => undefined, (err: unknown) => err);
      expect(e, flag).toBeInstanceOf(RampartError);
      expect((e as RampartError).exitCode).toBe(2);
      expect((e as RampartError).message).toMatch(new RegExp(`^${flag}: the server at ${base} does not report waivers on findings; upgrade it`));
    }
    expect(out).toBe(''); // nothing printed as if filtered
  });

  it('an older server without the flags still lists, WAIVED from the waivers list', async () => {
    current = false;
    expect(await list()).toBe(0);
    expect(out).toMatch(/ yes +fp-1 /);
    expect(out).toMatch(/ - +fp-2 /);
    expect(urls.some((u) => u.includes('waived='))).toBe(false);
  });

  it('a current server filters: --waived sends waived=true and shows only covered findings', async () => {
    current = true;
    expect(await list('--waived')).toBe(0);
    expect(urls[0]).toContain('waived=true');
    expect(out).toContain('fp-1');
    expect(out).not.toContain('fp-2');
    out = '';
    expect(await list('--no-waived')).toBe(0);
    expect(urls[1]).toContain('waived=false');
    expect(out).toContain('fp-2');
    expect(out).not.toContain('fp-1');
  });

  it('an empty answer is no findings either way (nothing to mislabel)', async () => {
    current = true;
    server.removeAllListeners('request');
    server.on('request', (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ findings: [], nextOffset: null }));
    });
    expect(await list('--waived')).toBe(0);
    expect(out).toBe('no findings\n');
  });
});
