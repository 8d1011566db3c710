import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractResult, Extractor, Package } from '../../../../src/scanners/deps/package.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

/** Runs `ex` on a fixture presented under the lockfile's real name (`path`). */
export function run(ex: Extractor, name: string, path: string): ExtractResult {
  return ex.extract({ path, content: fixture(name) });
}

/** One line per package: `name@version direct|transitive dev|prod L<line> -> deps`. */
export function summary(packages: Package[]): string[] {
  return packages.map(
    (p) =>
      `${p.name}@${p.version} ${p.direct ? 'direct' : 'transitive'} ${p.dev ? 'dev' : 'prod'} L${p.line ?? '?'}` +
      (p.dependsOn && p.dependsOn.length > 0 ? ` -> ${p.dependsOn.join(', ')}` : ''),
  );
}

/** `L<line> <message>` per issue. */
export function issueSummary(r: ExtractResult): string[] {
  return r.issues.map((i) => `L${i.line ?? '?'} ${i.message}`);
}
