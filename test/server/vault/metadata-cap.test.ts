import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_VERSIONS } from '../../../src/server/vault/vault.js';
import { tempVaults } from './temp-vault.js';

// Destroyed versions keep their metadata, so a secret rewritten for years has thousands: its
// metadata lists the newest METADATA_VERSIONS and counts all of them (before: every one, in the
// answer and in the audit entry).
const vaults = tempVaults();
afterAll(() => vaults.cleanup());

describe('secret metadata', () => {
  it('lists the newest 100 versions and counts all; oldestVersion is still the oldest live one', async () => {
    const { vault } = await vaults.open();
    expect(METADATA_VERSIONS).toBe(100);
    // A few versions: all listed (clean).
    for (let i = 1; i <= 3; i++) await vault.put('p1', 'small', `v${i}`, { actor: 'user:alice' });
    const small = await vault.metadata('p1', 'small');
    expect(small.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(small).toMatchObject({ versionCount: 3, oldestVersion: 1 });
    // 103 versions, 10 kept (the default): the newest 100 listed, 103 counted.
    for (let i = 1; i <= 103; i++) await vault.put('p1', 'big', `v${i}`, { actor: 'user:alice' });
    const big = await vault.metadata('p1', 'big');
    expect(big.versions.length).toBe(100);
    expect([big.versions[0]!.version, big.versions[99]!.version]).toEqual([103, 4]);
    expect(big).toMatchObject({ versionCount: 103, currentVersion: 103, oldestVersion: 94 });
  });
});
