import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';
import { base62 } from '../../src/scanners/secrets/checksum.js';
import { gitRepo, cleanupGitFixtures, gitTestEnv } from '../helpers/git-fixture.js';
import { execFile } from 'node:child_process';

const pat = (body: string) => `ghp_${body}${base62(crc32(body), 6)}`;
const PAT = pat('Yt6Rw2Qm8Zx4Nv1Kc9Lb5Hp3Jd7Gs0');
const PAT2 = pat('Mn3Bv7Cx1Zq9Wr5Ty2Ui8Op4As6Df0');

const trees = tmpTrees();
const tree = trees.make;
afterAll(async () => {
  trees.cleanup();
  await cleanupGitFixtures();
});

interface JsonReport {
  schemaVersion: string;
  findings: { ruleId: string; severity: string; message: string; fingerprint: string; location: { path: string; startLine: number }; evidence?: { verification?: string } }[];
  suppressed: { kind: string; reason: string; finding: { ruleId: string } }[];
  expiredWaivers: { reason: string }[];
  unusedDirectives: { path: string; line: number }[];
  issues: { kind: string; path: string; message: string }[];
  stats: { filesScanned: number };
}
const json = (s: string) => JSON.parse(s) as JsonReport;

describe('rampart scan', () => {
  it('scans the demo project: findings, redacted, exit 1', async () => {
    const r = await runCli(['scan', 'examples/demo', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('.env');
    expect(r.stdout).toContain('secrets/github/classic-pat');
    // Redacted: the demo's GitHub token never appears in full.
    const envText = readFileSync(join(REPO_ROOT, 'examples/demo/.env'), 'utf8');
    const demoPat = /ghp_[A-Za-z0-9]{36}/.exec(envText)![0];
    expect(r.stdout).not.toContain(demoPat);
    expect(r.stderr).not.toContain(demoPat);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const j = json((await runCli(['scan', 'examples/demo', '--format', 'json'])).stdout);
    const secrets = j.findings.filter((f) => f.ruleId.startsWith('secrets/'));
    expect(secrets.map((f) => `${f.location.path} ${f.ruleId}`).sort()).toEqual([
      '.env secrets/github/classic-pat',
      '.env secrets/slack/bot-token',
      '.env secrets/stripe/live-secret-key',
      'config/aws.json secrets/aws/access-key-id',
      'config/aws.json secrets/aws/secret-access-key',
      'config/database.yml secrets/urls/postgres-password',
      'deploy/deploy_key secrets/private-keys/rsa',
      'k8s/secret.yaml secrets/github/classic-pat',
      'src/payments.js secrets/stripe/webhook-secret',
    ]);
    // The demo also shows the other scanners: a risky Dockerfile, Deployment and workflow.
    const rules = new Set(j.findings.map((f) => f.ruleId));
    for (const id of ['iac/dockerfile/curl-pipe-shell', 'iac/kubernetes/privileged', 'pipelines/github-actions/untrusted-checkout', 'pipelines/github-actions/expression-injection']) {
      expect(rules.has(id), id).toBe(true);
    }
  });

  it('the demo as a git repository: a secret committed then deleted is found only with --history', async () => {
    const demoFiles: Record<string, string> = {};
    for (const p of ['README.md', 'package.json', 'src/app.js']) demoFiles[p] = readFileSync(join(REPO_ROOT, 'examples/demo', p), 'utf8');
    const repo = await gitRepo({
      commits: [
        { files: demoFiles, message: 'initial demo' },
        { files: { 'config/production.env': `DEPLOY_TOKEN=${PAT}\n` }, message: 'add production config' },
        { delete: ['config/production.env'], message: 'oops, remove secret' },
      ],
    });
    expect(json((await runCli(['scan', repo.dir, '--format', 'json'])).stdout).findings).toEqual([]);
    const h = JSON.parse((await runCli(['scan', repo.dir, '--history', '--format', 'json'])).stdout);
    expect(h.findings).toEqual([
      expect.objectContaining({ ruleId: 'secrets/github/classic-pat', location: expect.objectContaining({ path: 'config/production.env', startLine: 1 }), commit: expect.objectContaining({ sha: repo.shas[1] }) }),
    ]);
  });

  it('--show-secrets prints the value', async () => {
    const d = tree({ 'a.env': `T=${PAT}\n` });
    const r = await runCli(['scan', d, '--show-secrets', '--format', 'json']);
    expect(r.stdout).toContain(PAT);
  });

  it('writes several formats in one run, each to its own output', async () => {
    const d = tree({ 'a.env': `T=${PAT}\n` });
    const out = tree({});
    const r = await runCli([
      'scan', d, '--format', 'sarif', '--output', join(out, 'r.sarif'), '--format', 'junit', '--output', join(out, 'r.xml'),
      '--format', 'markdown', '--output', join(out, 'r.md'), '--format', 'json', '--output', join(out, 'r.json'), '--format', 'table',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('secrets/github/classic-pat');
    const sarif = JSON.parse(readFileSync(join(out, 'r.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('secrets/github/classic-pat');
    expect(readFileSync(join(out, 'r.xml'), 'utf8')).toMatch(/<testsuites[\s\S]*secrets\/github\/classic-pat/);
    expect(readFileSync(join(out, 'r.md'), 'utf8')).toMatch(/secrets\/github\/classic-pat/);
    expect(json(readFileSync(join(out, 'r.json'), 'utf8')).findings).toHaveLength(1);
    for (const f of ['r.sarif', 'r.xml', 'r.md', 'r.json']) expect(readFileSync(join(out, f), 'utf8')).not.toContain(PAT);
  });

  it('--fail-on decides the exit code', async () => {
    const d = tree({ 'a.env': `T=${PAT}\n` });
    expect((await runCli(['scan', d, '--fail-on', 'none'])).code).toBe(0);
    expect((await runCli(['scan', d, '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['scan', d, '--fail-on', 'high'])).code).toBe(1);
    expect((await runCli(['scan', d, '--fail-on', 'low'])).code).toBe(1);
  });

  it('baseline: write, then only new findings fail', async () => {
    const d = tree({ 'a.env': `T=${PAT}\n` });
    const b = join(d, 'baseline.json');
    expect((await runCli(['scan', d, '--write-baseline', b, '--exclude', 'baseline.json'])).code).toBe(1);
    expect(existsSync(b)).toBe(true);
    let r = await runCli(['scan', d, '--baseline', b, '--format', 'json', '--exclude', 'baseline.json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).suppressed).toEqual([expect.objectContaining({ kind: 'baseline' })]);
    // The secret moves down two lines: same fingerprint, still suppressed.
    writeFileSync(join(d, 'a.env'), `# moved\n\nT=${PAT}\n`);
    expect((await runCli(['scan', d, '--baseline', b, '--exclude', 'baseline.json'])).code).toBe(0);
    writeFileSync(join(d, 'b.env'), `U=${PAT2}\n`);
    r = await runCli(['scan', d, '--baseline', b, '--format', 'json', '--exclude', 'baseline.json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.location.path)).toEqual(['b.env']);
  });

  it('inline ignore and waivers suppress with reasons; an expired waiver is listed and stops suppressing', async () => {
    const d = tree({
      'a.js': `// rampart:ignore secrets/github/classic-pat -- revoked fixture token\nconst t = "${PAT}";\n`,
      'docs/x.md': `token ${PAT2}\n`,
      'old/y.txt': `token ${PAT2}\n`,
      'c.js': '// rampart:ignore secrets/github/oauth-token -- nothing here\n',
      'rampart.yaml': [
        'waivers:',
        '  - path: "docs/**"',
        '    reason: sample in docs',
        '    expires: 2999-01-01',
        '  - path: "old/**"',
        '    reason: legacy',
        '    expires: 2001-01-01',
      ].join('\n'),
    });
    const r = await runCli(['scan', d, '--format', 'json']);
    const j = json(r.stdout);
    expect(j.suppressed.map((s) => [s.kind, s.reason]).sort()).toEqual([
      ['inline', 'revoked fixture token'],
      ['waiver', 'sample in docs'],
    ]);
    expect(j.findings.map((f) => f.location.path)).toEqual(['old/y.txt']);
    expect(j.expiredWaivers).toEqual([expect.objectContaining({ reason: 'legacy' })]);
    expect(j.unusedDirectives).toEqual([expect.objectContaining({ path: 'c.js', line: 1 })]);
    const t = await runCli(['scan', d, '--no-color']);
    expect(t.stdout).toMatch(/suppressed/i);
    expect(t.stdout).toMatch(/expired/i);
  });

  it('--exclude and .gitignore keep files out', async () => {
    const d = tree({ '.gitignore': 'build/\n', 'build/a.env': `T=${PAT}\n`, 'fixtures/b.env': `T=${PAT2}\n`, 'c.txt': 'c' });
    const r = await runCli(['scan', d, '--exclude', 'fixtures/**']);
    expect(r.code).toBe(0);
  });

  it('same findings with 1 thread and with several (worker pool)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`dir${i % 7}/f${i}.txt`] = i % 20 === 0 ? `line\nT=${PAT}\n` : `plain text ${i}\n`;
    const d = tree(files);
    const one = json((await runCli(['scan', d, '--threads', '1', '--format', 'json'])).stdout);
    const two = json((await runCli(['scan', d, '--threads', '2', '--format', 'json'])).stdout);
    expect(two.findings.map((f) => f.fingerprint)).toEqual(one.findings.map((f) => f.fingerprint));
    expect(one.findings).toHaveLength(10);
    expect(one.stats.filesScanned).toBe(200);
  });

  it('nothing but the report on stdout', async () => {
    const d = tree({ 'a.env': `T=${PAT}\n` });
    const r = await runCli(['scan', d, '--format', 'json']);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('rampart scan --history / --staged and the hook', () => {
  it('finds a secret committed then deleted, with commit, author, date and line', async () => {
    const repo = await gitRepo({
      commits: [
        { files: { 'README.md': '# app\n' } },
        { files: { 'config/.env': `A=1\nTOKEN=${PAT}\n` }, author: { name: 'Dana Dev', email: 'dana@corp.test' }, date: '2024-03-01T10:00:00Z' },
        { delete: ['config/.env'], message: 'remove secret' },
      ],
    });
    const files = await runCli(['scan', repo.dir, '--format', 'json']);
    expect(json(files.stdout).findings).toHaveLength(0);
    const r = await runCli(['scan', repo.dir, '--history', '--format', 'json']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings[0];
    expect(f.location).toMatchObject({ path: 'config/.env', startLine: 2 });
    expect(f.commit).toMatchObject({ sha: repo.shas[1], author: 'Dana Dev', email: 'dana@corp.test' });
    expect(f.commit.date).toMatch(/^2024-03-01T10:00:00/);
    const t = await runCli(['scan', repo.dir, '--history', '--no-color']);
    expect(t.stdout).toContain(repo.shas[1]!.slice(0, 7));
  });

  it('--range limits history to a pull request', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'old.env': `T=${PAT}\n` } }, { files: { 'new.env': `T=${PAT2}\n` } }],
    });
    const r = await runCli(['scan', repo.dir, '--history', '--range', `${repo.shas[0]}..HEAD`, '--format', 'json']);
    expect(json(r.stdout).findings.map((f) => f.location.path)).toEqual(['new.env']);
    const bad = await runCli(['scan', repo.dir, '--history', '--range', 'nope..HEAD']);
    expect(bad.code).toBe(2);
  });

  it('--staged scans the index, and the installed hook blocks a commit with a secret', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a' } }], staged: { 'b.env': `T=${PAT}\n` } });
    const r = await runCli(['scan', repo.dir, '--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.location.path)).toEqual(['b.env']);

    const h = await runCli(['hook', 'install', repo.dir]);
    expect(h.code).toBe(0);
    const hookPath = join(repo.dir, '.git', 'hooks', 'pre-commit');
    expect(readFileSync(hookPath, 'utf8')).toContain('scan --staged');
    expect(readFileSync(hookPath, 'utf8')).toContain(join(REPO_ROOT, 'bin/rampart.js'));
    // Commit as a user would: git runs the hook, which must block the commit.
    const env = {};
    const blocked = await new Promise<{ code: number; out: string }>((res) => {
      execFile('git', ['commit', '-m', 'add env'], { cwd: repo.dir, env: gitTestEnv(env) }, (err, stdout, stderr) =>
        res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: String(stdout) + String(stderr) }),
      );
    });
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('secrets/github/classic-pat');
    expect(await repo.git('rev-list', '--count', 'HEAD')).toBe('1');
  });
});

describe('other commands', () => {
  it('--version and --help on every command', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const args of [['--help'], ['scan', '--help'], ['rules', '--help'], ['init', '--help'], ['hook', '--help'], ['hook', 'install', '--help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/Usage: rampart/);
    }
  });

  it('rules lists every rule with id, severity, title and CWE', async () => {
    const t = await runCli(['rules', '--no-color']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/secrets\/github\/classic-pat\s+high\s+CWE-798\s+GitHub personal access token/);
    const j = JSON.parse((await runCli(['rules', '--scanner', 'secrets', '--format', 'json'])).stdout) as { id: string; cwe: string[] }[];
    expect(j.length).toBeGreaterThanOrEqual(150);
    expect(new Set(j.map((r) => r.id)).size).toBe(j.length);
    expect((await runCli(['rules', '--scanner', 'nope'])).code).toBe(2);
    // The image command's rules are listed with the rest, and on their own.
    expect(t.stdout).toMatch(/image\/run-as-root\s+medium\s+CWE-250\s+Image runs as root/);
    const img = JSON.parse((await runCli(['rules', '--scanner', 'image', '--format', 'json'])).stdout) as { id: string; scanner: string }[];
    expect(img.map((r) => r.id)).toEqual(expect.arrayContaining(['image/run-as-root', 'image/setuid-unowned', 'image/secret-build-arg']));
    expect(img.every((r) => r.scanner === 'image')).toBe(true);
  });

  it('init writes a valid commented config and will not overwrite it', async () => {
    const d = tree({});
    expect((await runCli(['init', d])).code).toBe(0);
    const text = readFileSync(join(d, 'rampart.yaml'), 'utf8');
    expect(text).toMatch(/^# /);
    expect((await runCli(['scan', d])).code).toBe(0);
    const again = await runCli(['init', d]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect((await runCli(['init', d, '--force'])).code).toBe(0);
  });
});

describe('--verify', () => {
  it('checks a GitHub token against the (local) provider endpoint', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      const ok = req.headers.authorization === `Bearer ${PAT}` || req.headers.authorization === `token ${PAT}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? JSON.stringify({ login: 'octo' }) : '{"message":"Bad credentials"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const d = tree({ 'a.env': `A=${PAT}\nB=${PAT2}\n` });
      const r = await runCli(['scan', d, '--verify', '--format', 'json'], { env: { RAMPART_VERIFY_GITHUB_URL: url } });
      const st = json(r.stdout).findings.map((f) => f.evidence?.verification);
      expect(st).toEqual(['verified', 'invalid']);
      expect(seen).toHaveLength(2);
      expect(r.stdout).not.toContain(PAT);
    } finally {
      server.close();
    }
  });
});

