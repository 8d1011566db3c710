import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { ALL_DETECTORS } from '../../../src/scanners/secrets/detectors/index.js';
import { SecretEngine } from '../../../src/scanners/secrets/engine.js';
import type { FamilyCases } from './detector-cases.js';

// Every flagged example, repeated back to back (one per line, and padded), is found every time:
// a detector's edges must not swallow the next token's delimiter, and nothing may depend on
// the example sitting at the start or end of the text.
const here = join(dirname(fileURLToPath(import.meta.url)), 'detectors');
const all: FamilyCases = {};
for (const f of readdirSync(here).filter((x) => x.endsWith('.cases.ts'))) {
  Object.assign(all, ((await import(join(here, f))) as { cases: FamilyCases }).cases);
}
const engine = new SecretEngine(ALL_DETECTORS);
const count = (id: string, text: string) => engine.scan(Buffer.from(text, 'utf8')).filter((m) => m.detectorId === id).length;

describe.each(Object.entries(all))('%s', (id, c) => {
  it('finds each flagged example once per copy, back to back and padded', () => {
    for (const text of c.flagged) {
      const once = count(id, text);
      expect(once, text).toBeGreaterThan(0);
      expect(count(id, `${text}\n${text}`), `twice: ${text}`).toBe(2 * once);
      expect(count(id, `\t ${text} \n\n`), `padded: ${text}`).toBe(once);
    }
  });
});
