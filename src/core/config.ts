import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { InputError, RampartError } from './errors.js';
import { SEVERITIES } from './severity.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const waiverSchema = z
  .object({
    rule: z.string().optional(),
    path: z.string().optional(),
    fingerprint: z.string().optional(),
    reason: z.string().min(1, 'a waiver needs a reason'),
    expires: z.string().regex(DATE, 'expected a date as YYYY-MM-DD'),
  })
  .strict()
  .refine((w) => w.rule || w.path || w.fingerprint, {
    message: 'a waiver must name a rule, a path glob or a fingerprint',
  });
export type Waiver = z.infer<typeof waiverSchema>;

/** rampart.yaml. Unknown keys are errors, so a typo never silently turns a check off. */
export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    scanners: z.array(z.string()).optional(),
    exclude: z.array(z.string()).default([]),
    failOn: z.enum([...SEVERITIES, 'none']).default('high'),
    maxFileSize: z.union([z.number().int().positive(), z.string()]).default('10MB'),
    threads: z.number().int().positive().optional(),
    baseline: z.string().optional(),
    waivers: z.array(waiverSchema).default([]),
    /** VEX documents (OpenVEX or CycloneDX VEX), paths relative to the config file's directory. */
    vex: z.array(z.string()).default([]),
    /** Scanner options, each validated by its scanner. */
    secrets: z.record(z.string(), z.unknown()).default({}),
    deps: z.record(z.string(), z.unknown()).default({}),
    /** Infrastructure as code: custom policy folder, Terraform var files. */
    iac: z.record(z.string(), z.unknown()).default({}),
    /** JavaScript/TypeScript SAST: pattern rule folder, source labels, minified files, cache. */
    sast: z.record(z.string(), z.unknown()).default({}),
    /** Licence policy for dependencies (same as deps.licenses): allow / deny lists of SPDX ids. */
    licenses: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Config = z.infer<typeof configSchema>;

export { CONFIG_NAMES, findConfig } from './config-default.js';

/**
 * Loads and validates a config file. All problems are reported at once, each as
 * `file:line key.path: message`, in one InputError (exit 2).
 */
export async function loadConfig(path: string | undefined): Promise<{ config: Config; path?: string }> {
  if (!path) return { config: configSchema.parse({}) };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(path, 'cannot read config file', undefined, 'E_CONFIG_UNREADABLE');
  }
  const config = parseConfig(text, path);
  // Scanner sections are checked by their scanners at scan time; tell the sast scanner where its
  // keys are, so its errors name the file and line like the core's (`rampart.yaml:3: sast.x: …`).
  if (Object.keys(config.sast).length > 0) config.sast = { ...config.sast, [CONFIG_SOURCE_KEY]: { file: path, lines: sectionLines(text, 'sast') } };
  return { config, path };
}

/** Internal key of a scanner section: `{ file, lines }` (lines by dotted key path, `rules` or `sources.0`). */
export const CONFIG_SOURCE_KEY = 'configSource';

/** Line of every key and list item under a top-level section, by dotted path inside it. */
export function sectionLines(text: string, section: string): Record<string, number> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const out: Record<string, number> = {};
  const visit = (node: unknown, prefix: string, depth: number): void => {
    if (depth > 8) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = pair.key as (Node & { value?: unknown }) | null;
        if (!k?.range) continue;
        const name = `${prefix}${String(k.value)}`;
        out[name] = lc.linePos(k.range[0]).line;
        visit(pair.value, `${name}.`, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node | null;
        if (!n?.range) return;
        out[`${prefix}${i}`] = lc.linePos(n.range[0]).line;
        visit(n, `${prefix}${i}.`, depth + 1);
      });
    }
  };
  if (isMap(doc.contents)) {
    const pair = doc.contents.items.find((p) => (p.key as { value?: unknown } | null)?.value === section);
    if (pair) visit(pair.value, '', 0);
  }
  return out;
}

export function parseConfig(text: string, path: string): Config {
  return parseYamlAs(text, path, configSchema, 'config', 'E_CONFIG_INVALID');
}

/**
 * Parses YAML and validates it with a zod schema; every problem is reported at once as
 * `file:line key.path: message` in one error (exit 2). Shared by rampart.yaml and policy files.
 */
export function parseYamlAs<T>(text: string, path: string, schema: z.ZodType<T>, label: string, code: string): T {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new InputError(path, `invalid YAML: ${e.message.split('\n')[0]}`, line, code);
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines: string[] = [];
  for (const issue of parsed.error.issues) {
    const keyPath = [...issue.path];
    // For unknown keys zod points at the parent; name the offending key itself.
    const extra = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [undefined];
    for (const k of extra) {
      const full = k === undefined ? keyPath : [...keyPath, k];
      const line = lineOf(doc.contents, full, lc);
      const where = full.length ? full.join('.') : '(top level)';
      const msg = issue.code === 'unrecognized_keys' ? `unknown key "${String(k)}"` : issue.message;
      lines.push(`${path}${line ? `:${line}` : ''} ${where}: ${msg}`);
    }
  }
  throw new RampartError(code, `invalid ${label} ${path}:\n  ${lines.join('\n  ')}`);
}

/** Line of the node at a key path (the key's own line for map entries). */
function lineOf(root: unknown, path: PropertyKey[], lc: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let keyLine: number | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      const k = pair.key as Node | null;
      if (k?.range) keyLine = lc.linePos(k.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg] as Node | null;
      if (node?.range) keyLine = lc.linePos(node.range[0]).line;
    } else break;
  }
  return keyLine;
}
