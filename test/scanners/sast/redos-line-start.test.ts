import { describe, expect, it } from 'vitest';
import { analyseRegex } from '../../../src/scanners/sast/rules/regex/analyse.js';

/**
 * With the m flag `^` holds after every line break: a leading run that reads line breaks
 * (`^\s*`) is rescanned from each line start of a run of blank lines, quadratic when what follows
 * it fails. `^[ \t]*` stops at the next break, and without the m flag `^` holds once (examples
 * written by us; the shape of classic-scripts.ts MODULE_TEXT before the lead's fix).
 */
const risk = (src: string, flags: string): string | undefined => analyseRegex(src, flags)?.kind;

describe('polynomial ReDoS: a multiline ^ before a run of line breaks', () => {
  it('^\\s* with the m flag, followed by text that can fail, is reported', () => {
    expect(risk(String.raw`^\s*(?:import|export)\b|\brequire\s*\(`, 'm')).toBe('retried-run');
    expect(risk(String.raw`^\s*#`, 'gm')).toBe('retried-run');
    expect(risk(String.raw`^[\s\S]*?END`, 'm')).toBeDefined();
  });

  it('^[ \\t]* with m, ^\\s* without m, and ^\\s*$ with m (succeeds at the first break) are clean', () => {
    expect(risk(String.raw`^[ \t]*(?:import|export)\b|\brequire\s*\(`, 'm')).toBeUndefined();
    expect(risk(String.raw`^\s*(?:import|export)\b`, '')).toBeUndefined();
    expect(risk(String.raw`^\s*$`, 'm')).toBeUndefined();
    expect(risk(String.raw`^ *#`, 'm')).toBeUndefined();
  });
});
