import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readBaseline, writeBaseline } from '../../src/core/baseline.js';
import { rmTree, tmpTree } from '../helpers/tmp.js';
import type { Finding } from '../../src/core/finding.js';

let dir = '';
afterEach(() => rmTree(dir));

const finding = (fp: string): Finding => ({
  ruleId: 'secrets/github/classic-pat', scanner: 'secrets', severity: 'high', title: 't', message: 'm',
  location: { path: 'a.env', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, cwe: [798], fingerprint: fp,
});

describe('baseline', () => {
  it('round-trips fingerprints, deduplicated', async () => {
    dir = tmpTree({});
    const p = join(dir, 'b.json');
    await writeBaseline(p, [finding('x'), finding('y'), finding('x')]);
    expect([...(await readBaseline(p))].sort()).toEqual(['x', 'y']);
  });
  it('rejects a file that is not a baseline, naming it', async () => {
    dir = tmpTree({ 'b.json': '{"hello": 1}', 'c.json': 'not json' });
    await expect(readBaseline(join(dir, 'b.json'))).rejects.toThrow(/b\.json: not a Rampart baseline/);
    await expect(readBaseline(join(dir, 'c.json'))).rejects.toThrow(/c\.json: baseline is not valid JSON/);
    await expect(readBaseline(join(dir, 'missing.json'))).rejects.toMatchObject({ exitCode: 2 });
    writeFileSync(join(dir, 'd.json'), '');
  });
});
