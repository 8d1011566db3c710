import { afterAll, describe, expect, it } from 'vitest';
import { rotationState } from '../../../src/server/vault/rotation.js';
import { tempVaults } from './temp-vault.js';

// Rotation age and due: one computation (vault/rotation.ts) on the vault's clock for secret
// metadata, a read's answer (GET route) and dueForRotation. Before, the read's answer used
// Date.now() and dueForRotation its own arithmetic without the clamp for a version stamped ahead.
const vaults = tempVaults();
afterAll(() => vaults.cleanup());

describe('rotation state', () => {
  it('rotationState: age in whole seconds, due at max age, 0 (not negative) for a version stamped ahead of the clock', () => {
    const t = '2026-03-01T00:00:00.000Z';
    expect(rotationState(t, 60, new Date('2026-03-01T00:00:59.900Z'))).toEqual({ maxAgeS: 60, ageS: 59, due: false, dueAt: '2026-03-01T00:01:00.000Z' });
    expect(rotationState(t, 60, new Date('2026-03-01T00:01:00.000Z'))).toMatchObject({ ageS: 60, due: true });
    expect(rotationState(t, 60, new Date('2026-02-28T23:00:00.000Z'))).toMatchObject({ ageS: 0, due: false });
  });

  it("metadata, a read's rotation and dueForRotation agree on the vault's clock (not the machine's)", async () => {
    let clock = new Date('2030-01-01T00:00:00.000Z');
    const { vault } = await vaults.open({ now: () => clock });
    await vault.put('p1', 'db/password', 'one', { actor: 'user:alice', rotationMaxAgeS: 86_400 });
    clock = new Date('2030-01-03T00:00:00.000Z'); // two days later on the vault's clock; years ahead of the machine's
    const meta = await vault.metadata('p1', 'db/password');
    expect(meta.rotation).toEqual({ maxAgeS: 86_400, ageS: 172_800, due: true, dueAt: '2030-01-02T00:00:00.000Z' });
    const read = await vault.get('p1', 'db/password', { actor: 'user:alice' });
    read.value.fill(0);
    expect(vault.rotationOf(read)).toEqual(meta.rotation);
    expect(await vault.dueForRotation()).toEqual([expect.objectContaining({ path: 'db/password', ageS: 172_800, maxAgeS: 86_400 })]);
    // Not the current version any more: a read of it has no rotation state.
    await vault.put('p1', 'db/password', 'two', { actor: 'user:alice' });
    expect(vault.rotationOf(await vault.get('p1', 'db/password', { actor: 'user:alice', version: 1 }))).toBeUndefined();
  });
});
