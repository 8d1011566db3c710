import { UsageError } from '../core/errors.js';
import { FORMATS, type FormatName, type Formatter } from './formatter.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';
import { formatCycloneDx } from './cyclonedx.js';
import { formatSpdx } from './spdx.js';

export { FORMATS, type FormatName, type FormatOptions, type Formatter } from './formatter.js';
export { formatJson, toJsonReport, type JsonReport } from './json.js';
export { formatJunit } from './junit.js';
export { formatMarkdown } from './markdown.js';
export { formatSarif, toSarif } from './sarif.js';
export { formatTable } from './table.js';
export { summarize, type ReportSummary } from './summary.js';

const FORMATTERS: Record<FormatName, Formatter> = {
  table: formatTable,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
  // SBOMs: the dependency inventory (and, for CycloneDX, its vulnerabilities).
  cyclonedx: (r) => formatCycloneDx({ packages: r.packages ?? [], findings: r.findings, root: r.root, toolVersion: r.tool.version }),
  spdx: (r) => formatSpdx({ packages: r.packages ?? [], root: r.root, toolVersion: r.tool.version }),
};

export function isFormatName(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name);
}

/** The formatter for --format; takes any string because that is what the flag parser has. */
export function getFormatter(name: FormatName | (string & {})): Formatter {
  if (!isFormatName(name)) {
    throw new UsageError(`unknown format "${name}"; valid formats: ${FORMATS.join(', ')}`);
  }
  return FORMATTERS[name];
}
