/**
 * Model entries from the real-code accuracy triage (bench/sast-accuracy.mjs) that the engine needs
 * beyond the per-framework models.
 */
import type { TaintModel } from './types.js';

export const triageModel: TaintModel = {
  framework: 'triage',
  sinks: [
    // A library splicing its caller's string into a regular expression (`new RegExp('(' + sep +
    // '[A-Z])')`) lets that caller inject a catastrophic pattern. A whole parameter compiled as
    // a pattern (`new RegExp(pattern)`) is what glob and routing libraries are for, so only text
    // built from parts counts.
    { id: 'RegExp.library', kind: 'redos', call: 'RegExp', labels: ['library-input'], requiresConcatenation: true,
      description: 'is spliced into a regular expression (regex injection)' },
  ],
};
