import type { Ecosystem } from './package.js';

/**
 * Version ordering of one ecosystem, written from its specification. `compare` is a total order
 * on valid versions (negative, zero, positive); invalid input must not throw: `parse` tells.
 */
export interface VersionScheme {
  /** Ecosystems (OSV names) that use this ordering. */
  ecosystems: Ecosystem[];
  /** True when v is a version this scheme can order. */
  valid(v: string): boolean;
  compare(a: string, b: string): number;
}
