import { describe, expect, it } from 'vitest';
import { perWorkerLimit } from '../../../src/server/identity/per-worker-limit.js';

describe('perWorkerLimit', () => {
  it('one process keeps the limit; N processes allow max/N each (never more than max in all, at least 1)', () => {
    const l = { max: 30, timeWindow: 60_000 };
    expect(perWorkerLimit(l, undefined)).toEqual(l);
    expect(perWorkerLimit(l, 1)).toEqual(l);
    expect(perWorkerLimit(l, 2)).toEqual({ max: 15, timeWindow: 60_000 });
    expect(perWorkerLimit(l, 4)).toEqual({ max: 7, timeWindow: 60_000 });
    expect(perWorkerLimit({ max: 2, timeWindow: 1000 }, 8)).toEqual({ max: 1, timeWindow: 1000 });
  });
});
