import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRegularFileWithin, isWithin } from '../../src/core/paths.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'rampart-paths-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('paths', () => {
  it('isWithin is lexical containment', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c/d')).toBe(true);
    expect(isWithin('/a/b', '/a/bc')).toBe(false);
    expect(isWithin('/a/b', '/a/b/../c')).toBe(false);
  });

  it('isRegularFileWithin: regular files under the root only, symlinks resolved, FIFOs refused', () => {
    const root = join(base, 'root');
    mkdirSync(join(root, 'd'), { recursive: true });
    writeFileSync(join(root, 'd/ok.tf'), '');
    writeFileSync(join(base, 'outside.tf'), '');
    symlinkSync(join(base, 'outside.tf'), join(root, 'out.tf'));
    symlinkSync(join(root, 'd/ok.tf'), join(root, 'in.tf'));
    execFileSync('mkfifo', [join(root, 'fifo.tfvars')]);
    expect(isRegularFileWithin(root, join(root, 'd/ok.tf'))).toBe(true);
    expect(isRegularFileWithin(root, join(root, 'in.tf'))).toBe(true);
    expect(isRegularFileWithin(root, join(root, 'out.tf'))).toBe(false);
    expect(isRegularFileWithin(root, join(root, 'fifo.tfvars'))).toBe(false);
    expect(isRegularFileWithin(root, join(root, 'd'))).toBe(false);
    expect(isRegularFileWithin(root, join(root, 'missing.tf'))).toBe(false);
  });
});
