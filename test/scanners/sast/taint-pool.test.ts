import { afterEach, describe, expect, it } from 'vitest';
import { TaintPool, type Slot } from '../../../src/scanners/sast/taint/pool.js';
import type { WorkerInit, WorkerTask } from '../../../src/scanners/sast/taint/worker.js';

// A stand-in worker: answers each task with what it was sent and told to drop, in order.
const ECHO = new URL('data:text/javascript,' + encodeURIComponent(`
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (t) => parentPort.postMessage({ ok: true, result: { outcome: JSON.stringify({ path: t.path, send: t.send.map((s) => s[0]), drop: t.drop ?? [] }) } }));
`));
const INIT: WorkerInit = { sastTaintWorker: true, models: [], labels: [], includeMinified: false };

/** A task for `path` that sends `send` unless the worker holds it (as project.ts taskFor does). */
function task(slot: Slot, path: string, send: string[] = []): WorkerTask {
  const out: [string, string][] = [];
  for (const p of send) {
    if (slot.known.get(p) === 'v1') continue;
    out.push([p, '{}']);
    slot.known.set(p, 'v1');
    slot.drops.delete(p);
  }
  return { path, source: '', deps: send.map((p) => [p, p]), send: out, extra: false };
}

const echo = async (pool: TaintPool, path: string, send?: string[]) =>
  JSON.parse((await pool.run((slot) => task(slot, path, send))).outcome) as { path: string; send: string[]; drop: string[] };

let pool: TaintPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('TaintPool.forget', () => {
  it('makes the worker drop forgotten exports after its next task, and sends them again when asked', async () => {
    pool = new TaintPool(ECHO, 1, INIT);
    expect(await echo(pool, 'b.ts', ['a.ts'])).toEqual({ path: 'b.ts', send: ['a.ts'], drop: [] });
    // Held: not sent again.
    expect(await echo(pool, 'c.ts', ['a.ts'])).toEqual({ path: 'c.ts', send: [], drop: [] });
    pool.forget('a.ts');
    expect(await echo(pool, 'd.ts')).toEqual({ path: 'd.ts', send: [], drop: ['a.ts'] });
    // Forgotten: a later importer gets the exports again, and nothing more is dropped.
    expect(await echo(pool, 'e.ts', ['a.ts'])).toEqual({ path: 'e.ts', send: ['a.ts'], drop: [] });
  });

  it('does not drop exports the next task sends again, and ignores paths a worker never held', async () => {
    pool = new TaintPool(ECHO, 1, INIT);
    await echo(pool, 'b.ts', ['a.ts']);
    pool.forget('a.ts');
    pool.forget('never-sent.ts');
    // The same task that re-sends a.ts must not also tell the worker to drop it.
    expect(await echo(pool, 'c.ts', ['a.ts'])).toEqual({ path: 'c.ts', send: ['a.ts'], drop: [] });
    expect(await echo(pool, 'd.ts', ['a.ts'])).toEqual({ path: 'd.ts', send: [], drop: [] });
  });

  it('tells every worker that holds the exports', async () => {
    pool = new TaintPool(ECHO, 2, INIT, 1);
    // With one task in flight per worker, two concurrent tasks land on different workers.
    const both = await Promise.all([echo(pool, 'b.ts', ['a.ts']), echo(pool, 'c.ts', ['a.ts'])]);
    expect(both.map((r) => r.send)).toEqual([['a.ts'], ['a.ts']]);
    pool.forget('a.ts');
    const after = await Promise.all([echo(pool, 'd.ts'), echo(pool, 'e.ts')]);
    expect(after.map((r) => r.drop)).toEqual([['a.ts'], ['a.ts']]);
  });
});
