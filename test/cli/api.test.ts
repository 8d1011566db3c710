import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getIfReadable, scopePath, type Api } from '../../src/cli/api/client.js';
import { readDocument } from '../../src/cli/api/documents.js';
import { parseLifetime } from '../../src/cli/api/lifetimes.js';
import { formatOf, table } from '../../src/cli/api/output.js';
import { ServerError } from '../../src/server/findings/client.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-cli-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli/api helpers of the administration commands', () => {
  it('lifetimes: seconds or s/m/h/d, never as null; anything else is a usage error', () => {
    expect(parseLifetime('3600', '--expires')).toBe(3600);
    expect(parseLifetime('30m', '--expires')).toBe(1800);
    expect(parseLifetime('12h', '--expires')).toBe(43200);
    expect(parseLifetime('90d', '--expires')).toBe(90 * 86400);
    expect(parseLifetime('never', '--expires')).toBeNull();
    for (const bad of ['', '0', '-1', '1w', '1.5h', 'forever']) expect(() => parseLifetime(bad, '--expires'), bad).toThrow(/--expires: expected a lifetime/);
  });

  it('scopePath: a project\'s API base (the name encoded) or the server-wide one', () => {
    expect(scopePath(undefined)).toBe('/api/v1');
    expect(scopePath('shop')).toBe('/api/v1/projects/shop');
    expect(scopePath('a/b')).toBe('/api/v1/projects/a%2Fb');
  });

  it('getIfReadable: a 403 or 404 is undefined (names stay ids); other failures are thrown', async () => {
    const answering = (f: () => unknown): Api => ({ server: 'http://x', call: async () => f() });
    expect(await getIfReadable(answering(() => [{ id: '1' }]), '/api/v1/users')).toEqual([{ id: '1' }]);
    for (const status of [403, 404]) {
      expect(await getIfReadable(answering(() => { throw new ServerError(status, 'E', 'no'); }), '/api/v1/users')).toBeUndefined();
    }
    await expect(getIfReadable(answering(() => { throw new ServerError(500, 'E_INTERNAL', 'boom'); }), '/api/v1/users')).rejects.toThrow('boom');
    await expect(getIfReadable(answering(() => { throw new Error('offline'); }), '/api/v1/users')).rejects.toThrow('offline');
  });

  it('--format: text (or table) and json only', () => {
    expect(formatOf({ format: 'table' })).toBe('text');
    expect(formatOf({})).toBe('text');
    expect(formatOf({ format: 'json' })).toBe('json');
    expect(() => formatOf({ format: 'sarif' })).toThrow(/use text or json/);
  });

  it('tables escape server text so a name cannot forge a row', () => {
    const t = table(['NAME', 'STATE'], [['evil\nbot  active', 'disabled'], ['ok', 'active']], 'none');
    expect(t.split('\n')).toHaveLength(4);
    expect(t).toContain('evil\\nbot');
    expect(table(['A'], [], 'no rows')).toBe('no rows\n');
  });

  it('documents: YAML and JSON mappings; broken files name the line, other shapes are refused', async () => {
    const y = join(dir, 'p.yaml');
    writeFileSync(y, 'maxOpenSeverity:\n  "*": medium\nrequiredScanners: [secrets]\n');
    expect(await readDocument(y, '--policy-file')).toEqual({ maxOpenSeverity: { '*': 'medium' }, requiredScanners: ['secrets'] });
    const j = join(dir, 'p.json');
    writeFileSync(j, '{"evidence":"ci"}');
    expect(await readDocument(j, '--policy-file')).toEqual({ evidence: 'ci' });
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'a: 1\nb: [unclosed\n');
    await expect(readDocument(broken, '--file')).rejects.toThrow(/--file .*broken\.yaml:\d+: not valid YAML or JSON/);
    const dup = join(dir, 'dup.yaml');
    writeFileSync(dup, 'a: 1\na: 2\n');
    await expect(readDocument(dup, '--file')).rejects.toThrow(/not valid YAML or JSON/);
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- a\n');
    await expect(readDocument(list, '--file')).rejects.toThrow(/expected a mapping/);
    await expect(readDocument(join(dir, 'missing.yaml'), '--file')).rejects.toThrow(/cannot read it \(ENOENT\)/);
  });
});
