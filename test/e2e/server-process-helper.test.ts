import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';

/**
 * The e2e start-up helper (test/helpers/server-process.ts) knows its server by the child's own
 * "listening on URL" line alone. Before, it also polled /api/v1/health on a port it had picked and
 * released beforehand, so whatever answered there (another test file's server on a reused port)
 * was taken for the child: a child that never says it listens shows the difference.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe('startServerProcess', () => {
  it("returns the URL the child itself printed (a port the kernel gave it), and nothing answers there once it stops", async () => {
    const { env, dataDir } = await bed.prepare('rampart-helper-', 'sqlite');
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);
    const srv = await startServerProcess({ dataDir, env, children: bed.children });
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.url).not.toMatch(/:0$/);
    expect(srv.stderr()).toContain(`listening on ${srv.url}`);
    expect((await api(srv.url, null, 'GET', '/api/v1/health')).status).toBe(200);
    await srv.stop();
    await expect(fetch(srv.url + '/api/v1/health')).rejects.toThrow();
  }, 60_000);

  it('a server that answers but never prints its line (--quiet) is not taken for started', async () => {
    const { env, dataDir } = await bed.prepare('rampart-helper-', 'sqlite');
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);
    // Before: the health poll resolved this start-up about a second after the server answered.
    await expect(startServerProcess({ dataDir, env, children: bed.children, args: ['--quiet'], timeoutMs: 8_000 })).rejects.toThrow(/did not start in 8 s/);
  }, 60_000);
});
