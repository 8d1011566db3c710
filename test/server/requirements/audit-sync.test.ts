import { describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../../../src/server/config.js';

/** server.auditSync: how the audit entries of reads and deployment decisions are committed. */
describe('server.auditSync', () => {
  it('is batched by default, full from --audit-sync or RAMPART_AUDIT_SYNC, the flag winning', () => {
    expect(resolveServerConfig({ dataDir: '/tmp/x' }, {}).auditSync).toBe('batched');
    expect(resolveServerConfig({ dataDir: '/tmp/x' }, { RAMPART_AUDIT_SYNC: 'full' }).auditSync).toBe('full');
    expect(resolveServerConfig({ dataDir: '/tmp/x', auditSync: 'batched' }, { RAMPART_AUDIT_SYNC: 'full' }).auditSync).toBe('batched');
  });

  it('refuses any other value, naming the flag', () => {
    expect(() => resolveServerConfig({ dataDir: '/tmp/x', auditSync: 'sometimes' }, {})).toThrow(/--audit-sync "sometimes".*batched or full/);
    expect(() => resolveServerConfig({ dataDir: '/tmp/x' }, { RAMPART_AUDIT_SYNC: 'FULL' })).toThrow(/RAMPART_AUDIT_SYNC/);
  });
});
