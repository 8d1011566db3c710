import type { Finding } from '../../src/core/finding.js';
import type { ScanResult } from '../../src/core/result.js';
import type { RuleMeta } from '../../src/core/rule.js';

export const RULES: RuleMeta[] = [
  {
    id: 'secrets/github/classic-pat',
    title: 'GitHub personal access token (classic)',
    severity: 'high',
    cwe: [798],
    description: 'A classic GitHub personal access token grants access to every repository its owner can reach.',
    remediation: 'Revoke the token in GitHub settings, then remove it from the file and its history.',
    references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens'],
  },
  {
    id: 'secrets/aws/access-key',
    title: 'AWS access key ID',
    severity: 'critical',
    cwe: [798],
    description: 'An AWS access key ID paired with its secret gives programmatic access to an AWS account.',
    remediation: 'Deactivate the key in IAM, rotate it, and load credentials from the environment.',
  },
  {
    id: 'secrets/generic/password-assignment',
    title: 'Hard-coded password',
    severity: 'medium',
    cwe: [259, 798],
    description: 'A literal password assigned in source.',
    remediation: 'Read the password from a secret store.',
  },
  {
    id: 'sast/js/sql-injection',
    title: 'SQL injection',
    severity: 'critical',
    cwe: [89],
    description: 'User input reaches a SQL query without parameterisation.',
    remediation: 'Use parameterised queries (placeholders) instead of string concatenation.',
    references: ['https://owasp.org/www-community/attacks/SQL_Injection'],
    tags: ['owasp-a03'],
  },
  {
    id: 'sast/js/weak-hash',
    title: 'Weak hash algorithm',
    severity: 'low',
    cwe: [328],
    description: 'MD5 and SHA-1 are broken for security uses.',
    remediation: 'Use SHA-256 or better; use a password hash (argon2, scrypt) for passwords.',
  },
  {
    id: 'sast/js/debug-enabled',
    title: 'Debug mode enabled',
    severity: 'info',
    cwe: [489],
    description: 'Debug mode left on.',
    remediation: 'Turn debug mode off in production configuration.',
  },
];

const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));

let seq = 0;

/** A finding with sensible defaults taken from the rule metadata above. */
export function makeFinding(p: Partial<Finding> & { ruleId: string }): Finding {
  const rule = RULE_BY_ID.get(p.ruleId);
  const scanner = p.ruleId.slice(0, p.ruleId.indexOf('/'));
  seq += 1;
  const loc = { path: 'src/app.ts', startLine: 1, startColumn: 1, endLine: 1, endColumn: 10, ...p.location };
  return {
    scanner,
    severity: rule?.severity ?? 'medium',
    title: rule?.title ?? p.ruleId,
    message: `${rule?.title ?? p.ruleId} found`,
    cwe: rule?.cwe ?? [],
    fingerprint: `fp${String(seq).padStart(4, '0')}`,
    ...p,
    location: loc,
  };
}

/**
 * A realistic result: findings across secrets and sast (one with a codeFlow, one from git history),
 * a suppressed finding of each kind, an expired waiver, an unused directive and scan issues.
 */
export function makeResult(over: Partial<ScanResult> = {}): ScanResult {
  seq = 0;
  const findings: Finding[] = [
    makeFinding({
      ruleId: 'secrets/github/classic-pat',
      message: 'GitHub personal access token (classic) found: ghp_…(40)',
      location: { path: 'src/config.ts', startLine: 12, startColumn: 5, endLine: 12, endColumn: 45 },
      fingerprint: 'a1b2c3d4e5f60718',
      fix: 'Revoke the token in GitHub settings, then remove it from the file and its history.',
      evidence: { snippet: 'ghp_…(40)', confidence: 'high', encoding: 'plain', secretLength: 40 },
    }),
    makeFinding({
      ruleId: 'secrets/aws/access-key',
      message: 'AWS access key ID found: AKIA…(20)',
      location: { path: 'deploy/.env', startLine: 3, startColumn: 19, endLine: 3, endColumn: 39 },
      fingerprint: 'b2c3d4e5f6071829',
      evidence: { snippet: 'AKIA…(20)', confidence: 'high', encoding: 'plain' },
      commit: {
        sha: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
        author: 'Alice Example',
        email: 'alice@example.com',
        date: '2024-03-14T09:26:53Z',
        message: 'add deploy env',
      },
    }),
    makeFinding({
      ruleId: 'sast/js/sql-injection',
      message: 'User input from req.query.id reaches db.query() without parameterisation',
      location: { path: 'src/routes/users.ts', startLine: 42, startColumn: 18, endLine: 42, endColumn: 61 },
      fingerprint: 'c3d4e5f607182930',
      codeFlow: [
        {
          location: { path: 'src/routes/users.ts', startLine: 38, startColumn: 14, endLine: 38, endColumn: 26 },
          message: 'source: req.query.id',
        },
        {
          location: { path: 'src/routes/users.ts', startLine: 40, startColumn: 9, endLine: 40, endColumn: 50 },
          message: 'concatenated into sql',
        },
        {
          location: { path: 'src/routes/users.ts', startLine: 42, startColumn: 18, endLine: 42, endColumn: 61 },
          message: 'sink: db.query(sql)',
        },
      ],
    }),
    makeFinding({
      ruleId: 'sast/js/weak-hash',
      message: "crypto.createHash('md5') uses a broken hash",
      location: { path: 'src/config.ts', startLine: 3, startColumn: 10, endLine: 3, endColumn: 33 },
      fingerprint: 'd4e5f60718293041',
    }),
    makeFinding({
      ruleId: 'sast/js/debug-enabled',
      message: 'debug: true in production config',
      location: { path: 'src/config.ts', startLine: 12, startColumn: 1, endLine: 12, endColumn: 12 },
      fingerprint: 'e5f6071829304152',
    }),
  ];
  return {
    tool: { name: 'rampart', version: '0.1.0' },
    root: '/home/dev/project',
    scanners: ['secrets', 'sast'],
    startedAt: '2024-05-01T10:00:00.000Z',
    findings,
    suppressed: [
      {
        finding: makeFinding({
          ruleId: 'secrets/generic/password-assignment',
          message: 'Hard-coded password found: hu…(12)',
          location: { path: 'test/fixtures/login.ts', startLine: 7, startColumn: 20, endLine: 7, endColumn: 32 },
          fingerprint: 'f60718293041526a',
        }),
        kind: 'inline',
        reason: 'test fixture, not a real password',
      },
      {
        finding: makeFinding({
          ruleId: 'sast/js/weak-hash',
          message: "crypto.createHash('sha1') uses a broken hash",
          location: { path: 'src/legacy/etag.ts', startLine: 15, startColumn: 3, endLine: 15, endColumn: 27 },
          fingerprint: '0718293041526a7b',
        }),
        kind: 'waiver',
        reason: 'ETag only, not security relevant',
        expires: '2099-12-31',
      },
      {
        finding: makeFinding({
          ruleId: 'secrets/github/classic-pat',
          message: 'GitHub personal access token (classic) found: ghp_…(40)',
          location: { path: 'docs/old-setup.md', startLine: 88, startColumn: 1, endLine: 88, endColumn: 41 },
          fingerprint: '18293041526a7b8c',
        }),
        kind: 'baseline',
        reason: 'in baseline .rampart-baseline.json',
      },
    ],
    expiredWaivers: [
      { rule: 'sast/js/weak-hash', path: 'src/old/*.ts', reason: 'migration pending', expires: '2024-01-31' },
    ],
    unusedDirectives: [{ path: 'src/server.ts', line: 27, ruleId: 'secrets/aws/access-key' }],
    issues: [
      { path: 'assets/logo.png', kind: 'skipped-binary', message: 'binary file skipped' },
      { path: 'data/dump.sql', kind: 'skipped-size', message: 'file larger than 10 MiB skipped' },
      { path: 'infra/main.tf', line: 14, kind: 'unparsable', message: 'unexpected token "}"', scanner: 'sast' },
    ],
    stats: {
      filesScanned: 128,
      bytesScanned: 1_572_864,
      filesSkippedBinary: 1,
      filesSkippedSize: 1,
      filesExcluded: 12,
      durationMs: 1234,
    },
    rules: RULES,
    failOn: 'high',
    ...over,
  };
}

/** Nothing found, nothing suppressed, nothing skipped. */
export function emptyResult(): ScanResult {
  return makeResult({
    findings: [],
    suppressed: [],
    expiredWaivers: [],
    unusedDirectives: [],
    issues: [],
    stats: { filesScanned: 3, bytesScanned: 2048, filesSkippedBinary: 0, filesSkippedSize: 0, filesExcluded: 0, durationMs: 15 },
  });
}

/** Markdown, XML and terminal metacharacters plus control characters in every free-text field. */
export const NASTY_MESSAGE = 'Use of <script> & "quotes" \'apos\' | pipe `tick` *star* _under_ [x](y) \u0007bell\u001b[31mred';

export function nastyResult(): ScanResult {
  const f = makeFinding({
    ruleId: 'sast/js/sql-injection',
    message: NASTY_MESSAGE,
    location: { path: 'src/we|ird `name` <&>.ts', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    fingerprint: 'ffff000011112222',
  });
  return makeResult({
    findings: [f],
    suppressed: [{ finding: { ...f, fingerprint: 'ffff000011113333' }, kind: 'inline', reason: 'because <b>&"x"</b> | `y`\u0000' }],
    issues: [{ path: 'a&b<c>.bin', kind: 'unreadable', message: 'EACCES: "permission" <denied> \u0001' }],
  });
}
