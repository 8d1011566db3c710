import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { InputError } from '../../core/errors.js';
import type { SourceLabel } from './models/types.js';

const LABELS = ['http', 'browser', 'message', 'library-input', 'stored', 'env', 'argv'] as const satisfies readonly SourceLabel[];

/** Untrusted by default; `env` and `argv` are the operator's own input, so they are opt-in. */
export const DEFAULT_SOURCES: SourceLabel[] = ['http', 'browser', 'message', 'library-input', 'stored'];

/** Hand-written source files are far smaller; a bigger one is generated or bundled. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * `sast:` in rampart.yaml. Paths are relative to the config file's directory (`configDir`, set by
 * the core when it knows the config file), else to the scan root. Checked by hand rather than with
 * a schema library: this runs on every scan, and loading one costs more than the whole check.
 *
 *   rules            folder of the user's pattern rules (YAML)
 *   sources          source labels whose data counts as untrusted (non-empty)
 *   includeMinified  parse minified and generated files too (default false)
 *   cache            cache per-file summaries between runs, under the user cache directory (default true)
 *   maxFileBytes     files larger than this many bytes are skipped with an issue
 *   bestPractices    also run the low-confidence AST rules (enabledByDefault: false)
 *   includeTestCode  report the built-in rules in test, example and fixture code too (default false; test-code.ts)
 */
const KEYS = new Set(['rules', 'sources', 'includeMinified', 'cache', 'maxFileBytes', 'bestPractices', 'includeTestCode', 'configDir', 'configSource']);

/** Where the section came from (core/config.ts CONFIG_SOURCE_KEY): errors name its file and line. */
interface ConfigSource {
  file: string;
  lines: Record<string, number>;
}

function configSource(raw: Record<string, unknown>): ConfigSource | undefined {
  const v = raw['configSource'] as Partial<ConfigSource> | undefined;
  return v && typeof v.file === 'string' && v.lines && typeof v.lines === 'object' ? (v as ConfigSource) : undefined;
}

function makeInvalid(src: ConfigSource | undefined): (key: string, message: string) => InputError {
  return (key, message) => {
    // `sources.3` of a list of two has no line; its list does.
    const line = key ? src?.lines[key] ?? src?.lines[key.split('.')[0]!] : undefined;
    return new InputError(src?.file ?? 'rampart.yaml', `${key ? `sast.${key}` : 'sast'}: ${message}`, line, 'E_CONFIG_INVALID');
  };
}

type Invalid = ReturnType<typeof makeInvalid>;

function optionalString(raw: Record<string, unknown>, key: string, invalid: Invalid): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(key, `expected a string, got ${typeof v}`);
  return v;
}

function flag(raw: Record<string, unknown>, key: string, def: boolean, invalid: Invalid): boolean {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw invalid(key, `expected true or false, got ${typeof v}`);
  return v;
}

export interface SastOptions {
  /** Absolute folder of pattern rules, when configured. */
  rules?: string;
  labels: ReadonlySet<SourceLabel>;
  includeMinified: boolean;
  cache: boolean;
  maxFileBytes: number;
  bestPractices: boolean;
  includeTestCode: boolean;
}

/** `root` resolves config-relative paths when the core did not say where the config file is. */
export function sastOptions(raw: Record<string, unknown>, root?: string): SastOptions {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw makeInvalid(undefined)('', 'expected a mapping');
  const invalid = makeInvalid(configSource(raw));
  for (const k of Object.keys(raw)) if (!KEYS.has(k)) throw invalid(k, `unknown key "${k}"`);
  const rules = optionalString(raw, 'rules', invalid);
  const configDir = optionalString(raw, 'configDir', invalid);
  let labels: SourceLabel[] = DEFAULT_SOURCES;
  if (raw.sources !== undefined) {
    const v = raw.sources;
    if (!Array.isArray(v) || v.length === 0) throw invalid('sources', 'expected a non-empty list of source labels');
    v.forEach((x, i) => {
      if (!(LABELS as readonly unknown[]).includes(x)) throw invalid(`sources.${i}`, `expected one of ${LABELS.join(', ')}`);
    });
    labels = v as SourceLabel[];
  }
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (raw.maxFileBytes !== undefined) {
    const v = raw.maxFileBytes;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw invalid('maxFileBytes', 'expected a positive whole number of bytes');
    maxFileBytes = v;
  }
  const base = configDir ?? root ?? process.cwd();
  const rulesPath = rules ? (isAbsolute(rules) ? rules : resolve(base, rules)) : undefined;
  // A typo here would silently drop every custom rule in CI: a missing path is a config error.
  if (rulesPath !== undefined) {
    const kind = pathKind(rulesPath);
    if (kind !== 'folder') throw invalid('rules', `${JSON.stringify(rules)} ${kind === 'missing' ? 'does not exist' : 'is not a folder'} (${rulesPath})`);
  }
  return {
    ...(rulesPath ? { rules: rulesPath } : {}),
    labels: new Set(labels),
    includeMinified: flag(raw, 'includeMinified', false, invalid),
    cache: flag(raw, 'cache', true, invalid),
    maxFileBytes,
    bestPractices: flag(raw, 'bestPractices', false, invalid),
    includeTestCode: flag(raw, 'includeTestCode', false, invalid),
  };
}

function pathKind(path: string): 'folder' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

/** One summary cache per scan root: `<user cache>/sast/<hash of the root>` (XDG_CACHE_HOME moves it). */
export function cacheDirFor(root: string): string {
  const base = envPaths('rampart').cache;
  const key = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
  return join(base, 'sast', key);
}
