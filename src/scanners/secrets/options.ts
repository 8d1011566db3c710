import { z } from 'zod';

/** `secrets:` in rampart.yaml, plus the flags that only concern this scanner. */
export const secretsOptionsSchema = z
  .object({
    /** Detector ids to turn off (exact, or a `secrets/<family>/*` group). */
    disable: z.array(z.string()).default([]),
    /** RE2 patterns; a secret value matching one is not reported (e.g. known test tokens). */
    allow: z.array(z.string()).default([]),
    verify: z
      .object({
        enabled: z.boolean().default(false),
        timeoutMs: z.number().int().positive().default(5000),
        endpoints: z.record(z.string(), z.string().url()).default({}),
      })
      .strict()
      .default({ enabled: false, timeoutMs: 5000, endpoints: {} }),
    /** Set by flags, not by the config file. */
    history: z.boolean().optional(),
    since: z.string().optional(),
    range: z.string().optional(),
    staged: z.boolean().optional(),
  })
  .strict();

export type SecretsOptions = z.infer<typeof secretsOptionsSchema>;
