import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { freePort, serverEnv } from '../helpers/server-process.js';
import { tmpTrees } from '../helpers/tmp.js';

/**
 * Issue 7 walk-through: what a new operator gets wrong when starting the server, answered by the
 * built CLI with exit 2 and the fix named, never an internal error (exit 3): a port already taken,
 * a TLS file that is not a PEM certificate and key, and `rampart init` into a missing folder.
 */

const trees = tmpTrees();
afterAll(() => trees.cleanup());

describe('rampart server and init: unusable input is exit 2 naming the fix', () => {
  it('a port already in use, and TLS files that are not a certificate and key', async () => {
    const root = trees.make({});
    const home = join(root, 'home');
    mkdirSync(home);
    const env = serverEnv(home);
    const dataDir = join(root, 'data');
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);

    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await runCli(['server', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], { env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`rampart: error: cannot listen on 127.0.0.1:${port}: the address is already in use (another server running?); choose another with --listen HOST:PORT`);
      expect(r.stderr).not.toContain('internal error');
    } finally {
      await new Promise((r) => taken.close(r));
    }

    const junk = join(root, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const keyFile = join(root, 'key.pem');
    writeFileSync(keyFile, key, { mode: 0o600 });
    const free = await freePort();
    const r = await runCli(['server', '--data-dir', dataDir, '--listen', `127.0.0.1:${free}`, '--tls-cert', junk, '--tls-key', keyFile], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--tls-cert ${junk} / --tls-key ${keyFile}: not a usable PEM certificate and private key`);
    expect(r.stderr).not.toContain('internal error');
    // The key's bytes never reach the message.
    expect(r.stderr).not.toContain(String(key).split('\n')[1]!);
  }, 120_000);

  it('rampart init into a folder that does not exist', async () => {
    const root = trees.make({});
    const r = await runCli(['init', join(root, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such directory (create it first, or run rampart init inside it)');
    const q = await runCli(['init', root, '--quiet']);
    expect(q.code, q.stderr).toBe(0);
    expect(q.stderr).toBe('');
  });
});
