import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

/**
 * The config-file names and the defaults, without the YAML parser and the schema library: a scan
 * of a tree that has no rampart.yaml (most runs of a pre-commit hook or an editor) never loads
 * them. `config.ts` validates real files; a test keeps `defaultConfig()` equal to its schema's
 * defaults.
 */
export const CONFIG_NAMES = ['rampart.yaml', 'rampart.yml', '.rampart.yaml', '.rampart.yml'];

/** The config file of a scan root, if it has one. */
export function findConfig(root: string): string | undefined {
  for (const n of CONFIG_NAMES) {
    const p = join(root, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** What an empty rampart.yaml means (a fresh object each call: callers may extend it). */
export function defaultConfig(): Config {
  return { version: 1, exclude: [], failOn: 'high', maxFileSize: '10MB', waivers: [], vex: [], secrets: {}, deps: {}, iac: {}, sast: {} };
}
