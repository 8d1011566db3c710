import type { ScanResult } from '../core/result.js';
import type { FormatName, Formatter } from '../report/formatter.js';

/**
 * The report formats by name, each imported only when asked for: JUnit needs xmlbuilder2 and the
 * SBOM formats the purl and licence code, and a table report should not pay for either.
 * report/index.ts keeps the eager, synchronous `getFormatter` for library use; the SBOM adapters
 * here are the same as its.
 */
const LOADERS: Record<FormatName, () => Promise<Formatter>> = {
  table: async () => (await import('../report/table.js')).formatTable,
  json: async () => (await import('../report/json.js')).formatJson,
  sarif: async () => (await import('../report/sarif.js')).formatSarif,
  junit: async () => (await import('../report/junit.js')).formatJunit,
  markdown: async () => (await import('../report/markdown.js')).formatMarkdown,
  cyclonedx: async () => {
    const { formatCycloneDx } = await import('../report/cyclonedx.js');
    return (r: ScanResult) => formatCycloneDx({ packages: r.packages ?? [], findings: r.findings, root: r.root, toolVersion: r.tool.version });
  },
  spdx: async () => {
    const { formatSpdx } = await import('../report/spdx.js');
    return (r: ScanResult) => formatSpdx({ packages: r.packages ?? [], root: r.root, toolVersion: r.tool.version });
  },
};

/** The formatters for these (already validated) names, each module loaded once, in parallel. */
export async function loadFormatters(names: readonly FormatName[]): Promise<Map<FormatName, Formatter>> {
  const unique = [...new Set(names)];
  const loaded = await Promise.all(unique.map((n) => LOADERS[n]()));
  return new Map(unique.map((n, i) => [n, loaded[i]!]));
}
