import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

// `rampart secrets exec` refuses bad --env lists before it asks any server (the server named here
// does not exist: a usage error must come first, exit 2, naming the problem).

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  const code = await main(argv);
  return { code, stderr: err.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('rampart secrets exec --env', () => {
  const base = ['secrets', 'exec', '--project', 'shop', '--server', 'http://127.0.0.1:9'];
  it('refuses one variable named twice (one secret would silently win)', async () => {
    const r = await run([...base, '--env', 'DB=db/password', '--env', 'DB=db/other', '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--env DB: given twice');
  });
  it('accepts distinct variables, and still refuses a malformed pair', async () => {
    // Distinct names pass the input check and fail only at the (absent) server or login.
    const ok = await run([...base, '--env', 'A=x/a', '--env', 'B=x/b', '--', 'true']);
    expect(ok.code).toBe(2);
    expect(ok.stderr).not.toContain('given twice');
    const bad = await run([...base, '--env', 'NOPE', '--', 'true']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected NAME=PATH');
  });
});
