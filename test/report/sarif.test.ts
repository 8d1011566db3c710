import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/result.js';
import { SECURITY_SEVERITY } from '../../src/core/severity.js';
import { FINGERPRINT_KEY, formatSarif, pathToUri, rootToUri, SRCROOT } from '../../src/report/sarif.js';
import { emptyResult, makeFinding, makeResult, NASTY_MESSAGE, nastyResult } from './fixtures.js';

const addFormats = addFormatsModule.default;

// The official OASIS SARIF 2.1.0 schema, vendored verbatim (see fixtures/README.md).
const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function sarif(r: ScanResult): Json {
  const log = JSON.parse(formatSarif(r, { color: false })) as Json;
  if (!validateSarif(log)) throw new Error(ajv.errorsText(validateSarif.errors, { separator: '\n' }));
  githubChecks(log);
  return log;
}

/** Constraints GitHub code scanning adds on top of the schema. */
function githubChecks(log: Json): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  const rules: Json[] = run.tool.driver.rules;
  expect(rules.length).toBeLessThanOrEqual(25_000);
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  for (const rule of rules) {
    const sev = rule.properties['security-severity'];
    expect(typeof sev).toBe('string');
    expect(sev).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(sev)).toBeGreaterThanOrEqual(0);
    expect(Number(sev)).toBeLessThanOrEqual(10);
    expect(rule.properties.tags).toContain('security');
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
  }
  for (const res of run.results as Json[]) {
    expect(res.partialFingerprints?.[FINGERPRINT_KEY]).toBeTruthy();
    expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(res.locations.length).toBeGreaterThanOrEqual(1);
    for (const loc of res.locations) {
      expect(run.originalUriBaseIds[loc.physicalLocation.artifactLocation.uriBaseId]).toBeDefined();
      expect(loc.physicalLocation.artifactLocation.uri).not.toMatch(/^\//);
    }
  }
  expect(run.invocations[0].executionSuccessful).toBe(true);
}

describe('sarif formatter', () => {
  it('validates against the official SARIF 2.1.0 schema and GitHub constraints', () => {
    sarif(makeResult());
    sarif(emptyResult());
    sarif(nastyResult());
  });

  it('the vendored schema really rejects a broken log', () => {
    const log = JSON.parse(formatSarif(makeResult(), { color: false })) as Json;
    delete log.runs[0].results[0].message;
    log.runs[0].results[1].level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });

  it('describes rules for code scanning', () => {
    const log = sarif(makeResult());
    const rules: Json[] = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    const sqli = rules.find((r) => r.id === 'sast/js/sql-injection');
    expect(sqli).toMatchObject({
      name: 'JsSqlInjection',
      shortDescription: { text: 'SQL injection' },
      fullDescription: { text: 'User input reaches a SQL query without parameterisation.' },
      helpUri: 'https://owasp.org/www-community/attacks/SQL_Injection',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['sast', 'security', 'external/cwe/cwe-89', 'owasp-a03'],
        'security-severity': SECURITY_SEVERITY.critical,
        precision: 'high',
      },
    });
    expect(sqli.help.text).toContain('Remediation: Use parameterised queries');
    expect(sqli.help.markdown).toContain('[CWE-89](https://cwe.mitre.org/data/definitions/89.html)');
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'rampart', version: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
  });

  it('maps severities to levels and writes locations relative to %SRCROOT%', () => {
    const log = sarif(makeResult());
    const results: Json[] = log.runs[0].results;
    const level = (id: string) => results.find((r) => r.ruleId === id && !r.suppressions).level;
    expect(level('sast/js/sql-injection')).toBe('error');
    expect(level('secrets/github/classic-pat')).toBe('error');
    expect(level('sast/js/weak-hash')).toBe('note');
    expect(level('sast/js/debug-enabled')).toBe('note');
    const pat = results.find((r) => r.ruleId === 'secrets/github/classic-pat' && !r.suppressions);
    expect(pat.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/config.ts', uriBaseId: SRCROOT },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 45 },
    });
    expect(pat.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'a1b2c3d4e5f60718' });
    expect(log.runs[0].originalUriBaseIds[SRCROOT]).toEqual({ uri: 'file:///home/dev/project/' });
  });

  it('writes codeFlows for taint findings and commit info for history findings', () => {
    const results: Json[] = sarif(makeResult()).runs[0].results;
    const sqli = results.find((r) => r.ruleId === 'sast/js/sql-injection');
    const steps = sqli.codeFlows[0].threadFlows[0].locations;
    expect(steps).toHaveLength(3);
    expect(steps[0].location.message.text).toBe('source: req.query.id');
    expect(steps[2].location.physicalLocation.region.startLine).toBe(42);
    const aws = results.find((r) => r.ruleId === 'secrets/aws/access-key');
    expect(aws.properties.commit).toMatchObject({ sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', author: 'Alice Example' });
    expect(aws.codeFlows).toBeUndefined();
  });

  it('includes suppressed findings with suppressions of the right kind', () => {
    const results: Json[] = sarif(makeResult()).runs[0].results;
    const sup = results.filter((r) => r.suppressions);
    expect(sup).toHaveLength(3);
    const byKind = Object.fromEntries(sup.map((r) => [r.properties.suppression.kind, r.suppressions]));
    expect(byKind.inline).toEqual([{ kind: 'inSource', justification: 'test fixture, not a real password' }]);
    expect(byKind.waiver).toEqual([{ kind: 'external', justification: 'ETag only, not security relevant' }]);
    expect(byKind.baseline).toEqual([{ kind: 'external', justification: 'in baseline .rampart-baseline.json' }]);
    expect(results.filter((r) => !r.suppressions)).toHaveLength(5);
  });

  it('reports scan issues, expired waivers and unused directives as notifications', () => {
    const inv = sarif(makeResult()).runs[0].invocations[0];
    const notes: Json[] = inv.toolExecutionNotifications;
    expect(notes).toHaveLength(3);
    expect(notes.every((n) => n.level === 'warning')).toBe(true);
    const tf = notes.find((n) => n.properties.kind === 'unparsable');
    expect(tf.message.text).toBe('unparsable: unexpected token "}"');
    expect(tf.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/main.tf', uriBaseId: SRCROOT },
      region: { startLine: 14 },
    });
    const cfg: Json[] = inv.toolConfigurationNotifications;
    expect(cfg.map((n) => n.properties.kind)).toEqual(['expired-waiver', 'unused-directive']);
    expect(inv.startTimeUtc).toBe('2024-05-01T10:00:00.000Z');
    expect(inv.endTimeUtc).toBe('2024-05-01T10:00:01.234Z');
  });

  it('adds a rule for a referenced id missing from r.rules', () => {
    const r = makeResult();
    r.findings.push(
      makeFinding({
        ruleId: 'deps/GHSA-abcd-efgh-ijkl',
        title: 'lodash: prototype pollution',
        severity: 'high',
        cwe: [1321],
        fix: 'Upgrade lodash to 4.17.21',
        location: { path: 'package-lock.json', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
        package: { ecosystem: 'npm', name: 'lodash', version: '4.17.20' },
      }),
    );
    const run = sarif(r).runs[0];
    const rule = run.tool.driver.rules.find((x: Json) => x.id === 'deps/GHSA-abcd-efgh-ijkl');
    expect(rule.shortDescription.text).toBe('lodash: prototype pollution');
    expect(rule.properties.tags).toEqual(['deps', 'security', 'external/cwe/cwe-1321']);
    const res = run.results.find((x: Json) => x.ruleId === 'deps/GHSA-abcd-efgh-ijkl');
    // A whole-file finding (line 0) has no region rather than an invalid one.
    expect(res.locations[0].physicalLocation.region).toBeUndefined();
    expect(res.properties.package.name).toBe('lodash');
  });

  it('encodes odd paths as URI references and keeps messages intact', () => {
    const run = sarif(nastyResult()).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'src/we%7Cird%20%60name%60%20%3C%26%3E.ts',
    );
    expect(run.results[0].message.text).toBe(NASTY_MESSAGE);
    expect(pathToUri('a b/c#d.ts')).toBe('a%20b/c%23d.ts');
    expect(rootToUri('C:\\work\\repo')).toBe('file:///C:/work/repo/');
    expect(rootToUri('.')).toBeUndefined();
  });

  it('describes a relative root instead of inventing a URI', () => {
    const run = sarif(makeResult({ root: '.' })).runs[0];
    expect(run.originalUriBaseIds[SRCROOT]).toEqual({ description: { text: 'Scan root: .' } });
  });

  it('is deterministic whatever the input order', () => {
    const a = makeResult();
    const b = makeResult();
    b.findings.reverse();
    b.suppressed.reverse();
    b.issues.reverse();
    b.rules = [...b.rules].reverse();
    expect(formatSarif(b, { color: false })).toBe(formatSarif(a, { color: false }));
  });

  it('snapshot', () => {
    expect(formatSarif(makeResult(), { color: false })).toMatchSnapshot();
  });
});
