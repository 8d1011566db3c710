import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';

/**
 * `iac:` in rampart.yaml plus flags. Paths in the config are relative to the config file's
 * directory (`configDir`, set by the core); paths from flags arrive absolute.
 */
const schema = z
  .object({
    /** Folder of custom policies (YAML / CEL). */
    policies: z.string().optional(),
    /** Terraform variable files, applied after *.tfvars and *.auto.tfvars. */
    varFiles: z.array(z.string()).default([]),
    /** --var-file paths (absolute): the user named them, so they may lie outside the scan root. */
    flagVarFiles: z.array(z.string()).default([]),
    /** List values that stayed unknown after evaluation, as scan issues. */
    showUnresolved: z.boolean().default(false),
    /** Also run the best-practice checks (best-practice.ts), off by default. */
    bestPractices: z.boolean().default(false),
    configDir: z.string().optional(),
  })
  .strict();

export interface IacOptions {
  policies?: string;
  /** Var files named in rampart.yaml: a scanned repository's config must not reach outside it. */
  configVarFiles: string[];
  /** --var-file paths, applied after the config's (Terraform applies var files in order). */
  flagVarFiles: string[];
  showUnresolved: boolean;
  bestPractices: boolean;
}

export function iacOptions(raw: Record<string, unknown>): IacOptions {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new InputError('rampart.yaml', `iac.${i.path.join('.')}: ${i.message}`, undefined, 'E_CONFIG_INVALID');
  }
  const base = r.data.configDir ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...(r.data.policies ? { policies: abs(r.data.policies) } : {}),
    configVarFiles: r.data.varFiles.map(abs),
    flagVarFiles: r.data.flagVarFiles,
    showUnresolved: r.data.showUnresolved,
    bestPractices: r.data.bestPractices,
  };
}
