import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

// `rampart login --token -` with nothing on stdin says so (exit 2), before any server is asked.

const realStdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
function withStdin(text: string): void {
  Object.defineProperty(process, 'stdin', { configurable: true, get: () => Readable.from(text ? [Buffer.from(text)] : []) });
}
afterEach(() => {
  Object.defineProperty(process, 'stdin', realStdin);
  vi.restoreAllMocks();
});

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  const code = await main(argv);
  return { code, stderr: err.join('') };
}

describe('rampart login --token -', () => {
  it('empty stdin: exit 2 saying stdin was empty, not a copy-paste error', async () => {
    withStdin('');
    const r = await run(['login', '--server', 'http://127.0.0.1:9', '--token', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token -: stdin was empty');
    withStdin('  \n');
    expect((await run(['login', '--server', 'http://127.0.0.1:9', '--token', '-'])).stderr).toContain('stdin was empty');
  });
  it('a malformed token on stdin is still called one', async () => {
    withStdin('bogus\n');
    const r = await run(['login', '--server', 'http://127.0.0.1:9', '--token', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a Rampart API token');
  });
});
