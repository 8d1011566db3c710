import type { ScanResult } from '../core/result.js';

export interface FormatOptions {
  /** ANSI colour allowed (TTY and not --no-color). */
  color: boolean;
}

/** Pure: result in, text out. Shows suppressed counts; never filters or picks an exit code. */
export type Formatter = (r: ScanResult, o: FormatOptions) => string;

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown', 'cyclonedx', 'spdx'] as const;
export type FormatName = (typeof FORMATS)[number];
