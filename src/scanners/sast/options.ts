import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import type { SourceLabel } from './models/types.js';

const LABELS = ['http', 'browser', 'message', 'library-input', 'env', 'argv'] as const satisfies readonly SourceLabel[];

/** Untrusted by default; `env` and `argv` are the operator's own input, so they are opt-in. */
export const DEFAULT_SOURCES: SourceLabel[] = ['http', 'browser', 'message', 'library-input'];

/** Hand-written source files are far smaller; a bigger one is generated or bundled. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * `sast:` in rampart.yaml. Paths are relative to the config file's directory (`configDir`, set by
 * the core when it knows the config file), else to the scan root.
 */
const schema = z
  .object({
    /** Folder of the user's pattern rules (YAML). */
    rules: z.string().optional(),
    /** Source labels whose data counts as untrusted. */
    sources: z.array(z.enum(LABELS)).min(1).optional(),
    /** Parse minified and generated files too (skipped by default). */
    includeMinified: z.boolean().default(false),
    /** Cache per-file summaries between runs (under the user cache directory). */
    cache: z.boolean().default(true),
    /** Files larger than this many bytes are skipped with an issue. */
    maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
    /** Also run the low-confidence AST rules (rules with enabledByDefault: false). */
    bestPractices: z.boolean().default(false),
    configDir: z.string().optional(),
  })
  .strict();

export interface SastOptions {
  /** Absolute folder of pattern rules, when configured. */
  rules?: string;
  labels: ReadonlySet<SourceLabel>;
  includeMinified: boolean;
  cache: boolean;
  maxFileBytes: number;
  bestPractices: boolean;
}

/** `root` resolves config-relative paths when the core did not say where the config file is. */
export function sastOptions(raw: Record<string, unknown>, root?: string): SastOptions {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new InputError('rampart.yaml', `sast.${i.path.join('.')}: ${i.message}`, undefined, 'E_CONFIG_INVALID');
  }
  const base = r.data.configDir ?? root ?? process.cwd();
  return {
    ...(r.data.rules ? { rules: isAbsolute(r.data.rules) ? r.data.rules : resolve(base, r.data.rules) } : {}),
    labels: new Set(r.data.sources ?? DEFAULT_SOURCES),
    includeMinified: r.data.includeMinified,
    cache: r.data.cache,
    maxFileBytes: r.data.maxFileBytes,
    bestPractices: r.data.bestPractices,
  };
}

/** One summary cache per scan root: `<user cache>/sast/<hash of the root>` (XDG_CACHE_HOME moves it). */
export function cacheDirFor(root: string): string {
  const base = envPaths('rampart').cache;
  const key = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
  return join(base, 'sast', key);
}
