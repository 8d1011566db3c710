import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { Readable } from 'node:stream';
import { formatMetadata, parseVersions, readValue, trailingNewline, writer } from '../../src/cli/secrets.js';

/**
 * Conformance sweep, issue 7: `rampart secrets delete|undelete|destroy --versions`, `secrets
 * policy`, `put` from stdin dropping ONE trailing newline unless --raw, and history naming who
 * wrote each version. The input checks run before any server is asked (the one named here does
 * not exist: a usage error comes first, exit 2). Against a real server: test/e2e/server-vault-cli.test.ts.
 */

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const code = await main(argv);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

const base = ['--project', 'shop', '--server', 'http://127.0.0.1:9'];

describe('trailingNewline', () => {
  it('one \\n or one \\r\\n at the end, never more, never from inside', () => {
    const n = (s: string) => trailingNewline(Buffer.from(s));
    expect(n('pw\n')).toBe(1);
    expect(n('pw\r\n')).toBe(2);
    expect(n('pw\n\n')).toBe(1);
    expect(n('pw')).toBe(0);
    expect(n('p\nw')).toBe(0);
    expect(n('\n')).toBe(1);
    expect(n('')).toBe(0);
    expect(n('pw\r')).toBe(0);
  });
});

describe('parseVersions', () => {
  it('comma-separated positive numbers, sorted and unique; anything else is a usage error', () => {
    expect(parseVersions('3,1,3')).toEqual([1, 3]);
    expect(parseVersions('7')).toEqual([7]);
    for (const bad of ['', '0', '1,,2', '1, 2', '-1', 'a', '1,0', ',1']) expect(() => parseVersions(bad)).toThrow(/--versions/);
  });
});

describe('writer', () => {
  it('names the writer by kind and name; the id when no name is known; controls escaped', () => {
    expect(writer('user:0b1c', 'bob')).toBe('user bob');
    expect(writer('service_account:9f', 'deploy-bot')).toBe('service account deploy-bot');
    expect(writer('oidc_policy:1', 'gha')).toBe('ci policy gha');
    expect(writer('user:0b1c', null)).toBe('user:0b1c');
    expect(writer('user:0b1c', undefined)).toBe('user:0b1c');
    expect(writer('user:1', 'a\u001b[31mb')).toBe('user a\\x1b[31mb');
    expect(writer('weird\u0007', null)).toBe('weird\\x07');
    // What JSON.stringify let through: the one-byte CSI and a bidi override.
    expect(writer('user:1', 'a\u009b31mb\u202e')).toBe('user a\\x9b31mb\\u202e');
  });
});

describe('rampart secrets delete|undelete|destroy|policy input', () => {
  it('destroy needs --versions; a malformed list is refused before any server is asked', async () => {
    let r = await run(['secrets', 'destroy', ...base, 'db/password']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--versions/);
    for (const op of ['delete', 'undelete', 'destroy']) {
      r = await run(['secrets', op, ...base, '--versions', '1,x', 'db/password']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('expected comma-separated version numbers');
    }
  });
  it('policy needs at least one setting and checks each', async () => {
    let r = await run(['secrets', 'policy', ...base, 'db/password']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --max-versions, --rotation-max-age or --cas-required');
    r = await run(['secrets', 'policy', ...base, '--max-versions', '1001', 'db/password']);
    expect(r.stderr).toContain('--max-versions: expected a number from 1 to 1000');
    r = await run(['secrets', 'policy', ...base, '--rotation-max-age', 'soon', 'db/password']);
    expect(r.stderr).toContain("--rotation-max-age: expected a number of seconds or 'none'");
    r = await run(['secrets', 'policy', ...base, '--cas-required', 'yes', 'db/password']);
    expect(r.stderr).toContain('--cas-required: expected true or false');
  });
  it('put from stdin says on stderr that it removed a trailing newline, unless quiet; --raw keeps it and says nothing', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const stdin = (s: string) => Readable.from([Buffer.from(s)]);
    expect(await readValue(undefined, false, false, stdin('pw\n'))).toBe('pw');
    expect(err.join('')).toContain('removed one trailing newline from the value read from stdin (--raw keeps it)');
    err.length = 0;
    expect(await readValue(undefined, false, true, stdin('pw\r\n'))).toBe('pw');
    expect(await readValue(undefined, true, false, stdin('pw\n'))).toBe('pw\n');
    expect(await readValue(undefined, false, false, stdin('pw'))).toBe('pw');
    expect(err.join('')).not.toContain('trailing newline');
  });
  it('put --help says what happens to a trailing newline', async () => {
    const r = await run(['secrets', 'put', '--help']);
    expect(r.stdout).toMatch(/--raw/);
    expect(r.stdout).toMatch(/ONE trailing newline/);
  });
});

describe('secrets metadata as text', () => {
  const base = {
    path: 'db/password',
    currentVersion: 2,
    oldestVersion: 1,
    maxVersions: 10,
    rotationMaxAgeS: null,
    casRequired: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    currentDeleted: false,
    rotation: null,
    versions: [
      { version: 2, createdAt: '2026-01-02T00:00:00.000Z', createdBy: 'user:u1', createdByName: 'alice', deletedAt: null, destroyed: false },
      { version: 1, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'user:u1', createdByName: 'alice', deletedAt: null, destroyed: true },
    ],
  };

  it('prints each version as history does, and says how many were written when the list is cut', () => {
    const all = formatMetadata({ ...base, versionCount: 2 });
    expect(all).not.toMatch(/^written:/m);
    expect(all).toMatch(/^v2\t2026-01-02T00:00:00.000Z\t.*alice.*\tlive$/m);
    expect(all).toMatch(/^v1\t.*\tdestroyed$/m);
    const cut = formatMetadata({ ...base, versionCount: 140 });
    expect(cut).toMatch(/^written: +140 versions \(the newest 2 below\)$/m);
  });
});
