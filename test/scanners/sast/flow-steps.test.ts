import { describe, expect, it } from 'vitest';
import { addStep, MAX_STEPS } from '../../../src/scanners/sast/taint/value.js';
import type { FlowStep } from '../../../src/scanners/sast/taint/types.js';

const step = (i: number): FlowStep => ({ path: `m${i}.js`, line: 1, column: 1, endLine: 1, endColumn: 2, message: `hop ${i}` });

describe('addStep: a long path keeps both ends and counts the gap', () => {
  it('keeps the source and first hops, the latest hops, and marks how many were left out', () => {
    let steps: FlowStep[] = [];
    for (let i = 0; i < 20; i++) steps = addStep(steps, step(i));
    expect(steps).toHaveLength(MAX_STEPS);
    expect(steps.map((s) => s.message)).toEqual(['hop 0', 'hop 1', 'hop 2', 'hop 3', ...Array.from({ length: 8 }, (_, k) => `hop ${12 + k}`)]);
    expect(steps[4]!.omittedBefore).toBe(8);
    expect(steps.filter((s) => s.omittedBefore !== undefined)).toHaveLength(1);
  });

  it('a path within the cap is kept whole, and a repeated location is not added twice', () => {
    let steps: FlowStep[] = [];
    for (let i = 0; i < MAX_STEPS; i++) steps = addStep(steps, step(i));
    expect(steps.map((s) => s.message)).toEqual(Array.from({ length: MAX_STEPS }, (_, i) => `hop ${i}`));
    expect(steps.some((s) => s.omittedBefore)).toBe(false);
    expect(addStep(steps, step(MAX_STEPS - 1))).toBe(steps);
  });
});
