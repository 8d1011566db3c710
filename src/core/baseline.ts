import { readFile, writeFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import type { Finding } from './finding.js';
import { InputError } from './errors.js';

/** A baseline records accepted findings by fingerprint, so only new ones fail the build. */
const baselineSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  findings: z.array(z.object({ fingerprint: z.string(), ruleId: z.string(), path: z.string() }).passthrough()),
});
export type Baseline = z.infer<typeof baselineSchema>;

export async function readBaseline(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(path, 'cannot read baseline file (make one with --write-baseline)', undefined, 'E_BASELINE');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `baseline is not valid JSON: ${(e as Error).message}`, undefined, 'E_BASELINE');
  }
  const r = baselineSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new InputError(path, `not a Rampart baseline: ${i.path.join('.') || '(top level)'}: ${i.message}`, undefined, 'E_BASELINE');
  }
  return new Set(r.data.findings.map((f) => f.fingerprint));
}

/** Writes atomically (temp file, then rename) so a crash never leaves half a baseline. */
export async function writeBaseline(path: string, findings: Finding[], now = new Date()): Promise<void> {
  const seen = new Set<string>();
  const entries = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path });
  }
  entries.sort((a, b) => (a.path + a.ruleId + a.fingerprint < b.path + b.ruleId + b.fingerprint ? -1 : 1));
  const body: Baseline = { version: 1, createdAt: now.toISOString(), findings: entries };
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(body, null, 2) + '\n');
  await rename(tmp, path);
}
