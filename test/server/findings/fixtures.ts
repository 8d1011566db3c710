/** Upload documents for the findings tests. */

export function rampartReport(findings: { fp: string; rule?: string; scanner?: string; severity?: string }[], scanners = ['secrets', 'sast']) {
  return {
    schemaVersion: '1.0.0',
    tool: { name: 'rampart', version: '0.1.0' },
    root: '.',
    scanners,
    startedAt: '2026-06-01T00:00:00.000Z',
    failOn: 'high',
    summary: {},
    findings: findings.map((f) => ({
      ruleId: f.rule ?? `${f.scanner ?? 'sast'}/js/rule-${f.fp}`,
      scanner: f.scanner ?? 'sast',
      severity: f.severity ?? 'high',
      title: `title ${f.fp}`,
      message: `message ${f.fp}`,
      location: { path: 'src/a.js', startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 },
      cwe: [89],
      fingerprint: f.fp,
    })),
    suppressed: [],
    expiredWaivers: [],
    unusedDirectives: [],
    issues: [],
    stats: {},
    rules: [],
  };
}

export function sarifLog(results: unknown[], opts: { tool?: string; rules?: unknown[] } = {}) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: opts.tool ?? 'rampart', rules: opts.rules ?? [] } }, results }],
  };
}
