import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/server/audit/log.js';
import { openStore } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

// The built CLI: -q and --no-color written after a nested command (`audit export -q`) reach the
// command that runs, though Commander hands them to the first command on the line that knows them.

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function dataDir(): Promise<string> {
  const dir = trees.make({});
  const store = await openStore({ dataDir: dir });
  const log = await AuditLog.open(store, { dataDir: dir, checkpointEvery: 5 });
  await log.appendBatch([{ actor: 'user:alice', action: 'secret.read', resource: 'projects/p/secrets/s', outcome: 'success', detail: { i: 1 } }]);
  await log.close();
  await store.close();
  return dir;
}

describe('root flags after a nested command', () => {
  it('audit export prints its note without -q and none with -q, wherever -q stands', async () => {
    const dir = await dataDir();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const out = join(dir, 'export.jsonl');
    const plain = await runCli(['audit', 'export', '--data-dir', dir, '--output', out], { env });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('exported 1 entries');
    for (const args of [
      ['audit', 'export', '--data-dir', dir, '--output', out, '-q'],
      ['audit', '-q', 'export', '--data-dir', dir, '--output', out],
      ['-q', 'audit', 'export', '--data-dir', dir, '--output', out],
    ]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).not.toContain('exported');
    }
  });
});
