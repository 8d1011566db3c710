import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initServer, makeDataDir, undoDirs } from '../../src/server/init.js';

/**
 * Conformance sweep, issue 7: a failed `rampart server init` leaves no half-made data directory.
 * The folders init made are removed again (with what it put there); in a folder that existed
 * before, the error says init can be run again, and the second run resumes and succeeds.
 */
const root = mkdtempSync(join(tmpdir(), 'rampart-init-failure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Nothing listens on port 1: the connection is refused at once.
const BAD_URL = 'postgres://rampart:x@127.0.0.1:1/rampart';

describe('failed server init', () => {
  it('PostgreSQL unreachable: the error names it and the data directory (and parents init made) are gone', async () => {
    const dataDir = join(root, 'new', 'deeper', 'data');
    await expect(initServer({ dataDir, databaseUrl: BAD_URL })).rejects.toMatchObject({ message: expect.stringMatching(/PostgreSQL.*ECONNREFUSED/) });
    expect(existsSync(join(root, 'new'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('in a folder that existed: nothing of it is removed, the error says init resumes, and a second init succeeds', async () => {
    const dataDir = join(root, 'kept');
    mkdirSync(dataDir, { mode: 0o700 });
    await expect(initServer({ dataDir, databaseUrl: BAD_URL })).rejects.toMatchObject({ message: expect.stringMatching(/can be run again: it resumes/) });
    expect(existsSync(dataDir)).toBe(true);
    const r = await initServer({ dataDir });
    expect(r.token).toMatch(/^rmp_u_/);
    expect(existsSync(join(dataDir, 'master.key'))).toBe(true);
  });

  it('an already initialised directory is refused without touching it', async () => {
    const dataDir = join(root, 'twice');
    await initServer({ dataDir });
    const before = readdirSync(dataDir).sort();
    await expect(initServer({ dataDir })).rejects.toMatchObject({ code: 'E_ALREADY_INITIALIZED' });
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('makes the data directory exclusively: an existing one (another init made it first) is not this run\'s to remove', () => {
    const dataDir = join(root, 'excl', 'a', 'data');
    const made = makeDataDir(dataDir);
    expect(made).toEqual([dataDir, join(root, 'excl', 'a'), join(root, 'excl')]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    // The folder is there now, as after a concurrent init's mkdir: nothing made, nothing to undo.
    expect(makeDataDir(dataDir)).toEqual([]);
    rmSync(join(root, 'excl'), { recursive: true });
  });

  it('undo removes only the files this run created, and no folder still holding another\'s', () => {
    const dataDir = join(root, 'shared', 'data');
    const made = makeDataDir(dataDir);
    // Another init's key and database, written into the folder meanwhile.
    writeFileSync(join(dataDir, 'master.key'), 'k');
    writeFileSync(join(dataDir, 'rampart.db'), 'd');
    writeFileSync(join(dataDir, 'rampart.db-wal'), 'w');
    undoDirs(dataDir, made, ['rampart.db-wal']);
    expect(readdirSync(dataDir).sort()).toEqual(['master.key', 'rampart.db']);
    undoDirs(dataDir, made, []);
    expect(existsSync(dataDir)).toBe(true);
    rmSync(join(root, 'shared'), { recursive: true });
  });
});
